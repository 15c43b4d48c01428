import Learning
import Tensors

/// Yurochkin, Bower & Sun's fair metric on inputs (ICLR 2020, Appendix B.1; inFairness's
/// LogisticRegSensitiveSubspace): d_x(x, x′) = (x − x′)ᵀ(I − P_A)(x − x′), where P_A projects onto the span
/// of the sensitive directions A — the coefficient vectors of logistic regressions that predict each group
/// from the features, plus the axes of sensitive columns that are features. Moves inside span(A) (changing
/// only what encodes the group) cost nothing; every other move costs its squared length.
public struct SensitiveSubspace: Sendable {
    /// The number of encoded input columns.
    public let dimension: Int
    /// An orthonormal basis of span(A) (Gram–Schmidt of the directions; dependent ones dropped).
    public let basis: [[Float]]

    /// The subspace spanned by `directions` (each of `dimension` values).
    public init(directions: [[Double]], dimension: Int) throws {
        guard dimension > 0 else { throw FairnessError.invalid("sensitive subspace: no input columns") }
        var basis: [[Double]] = []
        for d in directions {
            guard d.count == dimension, d.allSatisfy(\.isFinite) else {
                throw FairnessError.invalid("sensitive subspace: a direction of \(d.count) finite values expected for \(dimension) columns")
            }
            let scale = d.reduce(0) { $0 + $1 * $1 }.squareRoot()
            var v = d
            for u in basis {
                let dot = zip(v, u).reduce(0) { $0 + $1.0 * $1.1 }
                for j in v.indices { v[j] -= dot * u[j] }
            }
            let length = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard length > 1e-6 * max(scale, 1e-300) else { continue }
            basis.append(v.map { $0 / length })
        }
        self.dimension = dimension
        self.basis = basis.map { $0.map(Float.init) }
    }

    /// The subspace learned from features `x` (rows × columns) and the rows' groups: one L2 logistic
    /// regression (`c`) per group against the rest (one for two groups), and the axes `columns` (the
    /// sensitive columns' own encoded columns, when they are features).
    public static func fit(_ x: Tensor, groups: GroupIndex, columns: [Int] = [], c: Double = 1) throws -> SensitiveSubspace {
        guard x.dim == 2, x.shape[0] == groups.rowCount else {
            throw FairnessError.invalid("sensitive subspace: \(x.shape.first ?? 0) rows of features for \(groups.rowCount) group codes")
        }
        guard groups.count >= 2 else { throw FairnessError.invalid("sensitive subspace: the sensitive column needs two groups or more, found \(groups.count)") }
        let d = x.shape[1]
        var directions: [[Double]] = []
        for g in (groups.count == 2 ? [1] : Array(0..<groups.count)) {
            let model = try LogisticRegression(c: c)
            try model.fit(x, groups.codes.map { Int($0) == g ? 1.0 : 0.0 })
            directions.append(model.coefficients)
        }
        for j in columns {
            guard (0..<d).contains(j) else { throw FairnessError.invalid("sensitive subspace: column \(j + 1) is outside 1…\(d)") }
            directions.append((0..<d).map { $0 == j ? 1 : 0 })
        }
        return try SensitiveSubspace(directions: directions, dimension: d)
    }

    /// (I − P_A)δ for each row of `delta` (rows × dimension): the part of a move the metric charges for.
    public func complement(_ delta: [Float]) -> [Float] {
        var out = delta
        let rows = delta.count / dimension
        for r in 0..<rows {
            let base = r * dimension
            for u in basis {
                var dot: Float = 0
                for j in 0..<dimension { dot += u[j] * delta[base + j] }
                for j in 0..<dimension { out[base + j] -= dot * u[j] }
            }
        }
        return out
    }

    /// d_x per row between `a` and `b` (rows × dimension, flattened): |(I − P_A)(a − b)|².
    public func distance(_ a: [Float], _ b: [Float]) -> [Double] {
        let rest = complement(zip(a, b).map { $0 - $1 })
        return stride(from: 0, to: rest.count, by: dimension).map { start in
            rest[start..<(start + dimension)].reduce(0.0) { $0 + Double($1) * Double($1) }
        }
    }
}
