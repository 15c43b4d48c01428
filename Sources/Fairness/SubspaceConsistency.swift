import Datasets
import Learning
import Tensors

extension IndividualFairness {
    /// Consistency along the sensitive subspace (Yurochkin et al. 2020's gender/race consistency, for moves
    /// instead of flips): the share of rows whose decision at x + t·u equals the decision at x for every unit
    /// direction u of `subspace` and every t = ±radius·k/steps, k = 1…steps. 1 for a model blind to the directions.
    public static func subspaceConsistency(_ x: Tensor, subspace: SensitiveSubspace, radius: Double, steps: Int,
                                           decide: (Tensor) throws -> [Double]) throws -> Double {
        guard radius.isFinite, radius > 0 else { throw FairnessError.invalid("subspace consistency: radius must be a positive number, got \(radius)") }
        guard (1...1000).contains(steps) else { throw FairnessError.invalid("subspace consistency: steps must be in 1…1000, got \(steps)") }
        guard x.dim == 2, x.shape[1] == subspace.dimension else {
            throw FairnessError.invalid("subspace consistency: rows of \(subspace.dimension) columns expected, got shape \(x.shape)")
        }
        let rows = x.shape[0], d = subspace.dimension
        guard rows > 0 else { return .nan }
        let before = try decide(x)
        var same = [Bool](repeating: true, count: rows)
        for u in subspace.basis {
            for k in 1...steps {
                for sign in [Float(-1), 1] {
                    try Cancellation.check()
                    let t = sign * Float(radius) * Float(k) / Float(steps)
                    var moved = x.storage
                    for r in 0..<rows { for j in 0..<d { moved[r * d + j] += t * u[j] } }
                    let after = try decide(try Tensor(shape: x.shape, storage: moved))
                    guard after.count == rows else { throw FairnessError.invalid("subspace consistency: \(after.count) decisions for \(rows) rows") }
                    for r in 0..<rows where after[r] != before[r] { same[r] = false }
                }
            }
        }
        return Double(same.filter { $0 }.count) / Double(rows)
    }

    /// `subspaceConsistency` of `model` on `dataset`: the subspace learned from the dataset's rows (encoded as the
    /// model reads them) and its first sensitive column, decisions at P(y = 1) ≥ 0.5; radius 1 and 4 steps unless given.
    public static func subspaceConsistency(model: FittedModel, dataset: Dataset, radius: Double? = nil, steps: Int? = nil) throws -> Double {
        let x = try model.features(dataset)
        let subspace = try SensitiveSubspace.fit(x, groups: try GroupIndex(dataset))
        return try subspaceConsistency(x, subspace: subspace, radius: radius ?? 1, steps: steps ?? 4) { try model.estimator.predict($0, threshold: 0.5) }
    }
}
