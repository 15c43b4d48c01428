import Datasets
import Tensors

/// A differentiable fairness penalty on logits: the spread of the groups' mean predicted probability
/// (overall for demographic parity, among label-1 rows for equal opportunity, among each label for
/// equalized odds), as Σ_g (mean_g − mean)² ("squared") or Σ_g |mean_g − mean| ("absolute"), times `weight`.
public struct FairnessConstraint: Sendable, Equatable {
    /// Which rates are equalised.
    public enum Kind: String, Sendable, CaseIterable {
        case demographicParity = "demographic_parity"
        case equalOpportunity = "equal_opportunity"
        case equalizedOdds = "equalized_odds"
    }
    /// Which rates are equalised.
    public let kind: Kind
    /// The multiplier λ.
    public let weight: Double
    /// Squared or absolute deviations.
    public let squared: Bool

    /// A penalty of `kind` with multiplier `weight`.
    public init(_ kind: Kind, weight: Double, squared: Bool = true) throws {
        guard weight >= 0 else { throw LearningError.invalid("FairnessConstraint: weight must be ≥ 0, got \(weight)") }
        self.kind = kind
        self.weight = weight
        self.squared = squared
    }

    /// A penalty named as in scripts and the mitigation registry: `constraint` one of `Kind`'s names
    /// (demographic_parity when nil), `weight` 1 when nil, `form` "squared" (when nil) or "absolute"; an
    /// unknown name is an error listing the allowed ones.
    public init(constraint: String?, weight: Double?, form: String?) throws {
        let constraint = constraint ?? Kind.demographicParity.rawValue, form = form ?? "squared"
        guard let kind = Kind(rawValue: constraint) else {
            throw LearningError.invalid("FairnessConstraint: unknown constraint '\(constraint)'; constraints: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard form == "squared" || form == "absolute" else {
            throw LearningError.invalid("FairnessConstraint: unknown form '\(form)'; forms: squared, absolute")
        }
        try self.init(kind, weight: weight ?? 1, squared: form == "squared")
    }

    /// `fairness penalty demographic_parity, weight 1, squared`.
    public var description: String { "fairness penalty \(kind.rawValue), weight \(formatNumber(weight)), \(squared ? "squared" : "absolute")" }

    /// The penalty for logits `output` (n), labels (n) and 0-based group codes (n; −1 rows ignored).
    public func callAsFunction(_ output: Tensor, labels: Tensor, groups: [Int32]) throws -> Tensor {
        let n = labels.numel
        guard output.numel == n, groups.count == n else {
            throw LearningError.invalid("FairnessConstraint: \(output.numel) outputs, \(n) labels, \(groups.count) group codes")
        }
        let p = try output.reshape([1, n]).sigmoid()
        let strata: [Float?] = kind == .demographicParity ? [nil] : kind == .equalOpportunity ? [1] : [0, 1]
        let groupCount = Int(groups.max() ?? -1) + 1
        var total = Tensor(scalar: 0)
        guard groupCount >= 2 else { return total }
        for stratum in strata {
            // Averaging matrix: column g averages the rows of group g (in the stratum); the last column all of them.
            var m = [Float](repeating: 0, count: n * (groupCount + 1))
            var counts = [Float](repeating: 0, count: groupCount + 1)
            for i in 0..<n where groups[i] >= 0 && (stratum == nil || labels.storage[i] == stratum) {
                counts[Int(groups[i])] += 1
                counts[groupCount] += 1
            }
            for i in 0..<n where groups[i] >= 0 && (stratum == nil || labels.storage[i] == stratum) {
                let g = Int(groups[i])
                m[i * (groupCount + 1) + g] = 1 / counts[g]
                m[i * (groupCount + 1) + groupCount] = 1 / counts[groupCount]
            }
            let present = (0..<groupCount).filter { counts[$0] > 0 }
            guard present.count >= 2 else { continue }
            let means = try p.mm(Tensor(shape: [n, groupCount + 1], storage: m)).reshape([groupCount + 1])
            let overall = try means.narrow(dim: 0, start: groupCount, length: 1)
            let gaps = try means.index(dim: 0, Tensor(present.map(Float.init))).subtracting(overall)
            total = try total.adding(squared ? gaps.multiplying(gaps).sum() : gaps.abs().sum())
        }
        return try total.multiplying(Tensor(scalar: Float(weight)))
    }
}
