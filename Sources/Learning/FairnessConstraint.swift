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

    /// The penalty for logits `output` and labels (n) and 0-based group codes (n; −1 rows ignored). One logit
    /// per row is a binary model (P(y = 1) = sigmoid); `classes` logits per row ((n, classes)) a multiclass one
    /// (softmax), whose rates are taken per class: demographic parity equalises every class's mean probability,
    /// equal opportunity each class's mean probability among its own rows (one-vs-rest recall), equalized odds
    /// that and the same among the other rows (one-vs-rest false positive rate).
    public func callAsFunction(_ output: Tensor, labels: Tensor, groups: [Int32]) throws -> Tensor {
        let n = labels.numel
        guard n > 0, groups.count == n, output.numel % n == 0, output.numel >= n else {
            throw LearningError.invalid("FairnessConstraint: \(output.numel) outputs, \(n) labels, \(groups.count) group codes")
        }
        let classes = output.numel / n
        // Probabilities as (classes × n): row c holds P(class c | x) per sample; a binary model's one row is P(y = 1).
        let p: Tensor
        if classes == 1 {
            p = try output.reshape([1, n]).sigmoid()
        } else {
            p = try output.reshape([n, classes]).softmaxRows().t()
        }
        let label = labels.storage
        if classes > 1, let bad = label.first(where: { $0 < 0 || $0 >= Float(classes) || $0 != $0.rounded() }) {
            throw LearningError.invalid("FairnessConstraint: label \(bad) is not a class index 0..\(classes - 1)")
        }
        // Each stratum: the rows it averages over and the class row of p whose group means are equalised (nil: all).
        var strata: [(rows: (Int) -> Bool, row: Int?)] = []
        switch (kind, classes) {
        case (.demographicParity, _): strata = [({ _ in true }, nil)]
        case (.equalOpportunity, 1): strata = [({ label[$0] == 1 }, 0)]
        case (.equalizedOdds, 1): strata = [({ label[$0] == 0 }, 0), ({ label[$0] == 1 }, 0)]
        case (.equalOpportunity, _): strata = (0..<classes).map { c in ({ label[$0] == Float(c) }, c) }
        case (.equalizedOdds, _):
            strata = (0..<classes).flatMap { c in [({ label[$0] == Float(c) }, c), ({ label[$0] != Float(c) }, c)] as [(rows: (Int) -> Bool, row: Int?)] }
        }
        let groupCount = Int(groups.max() ?? -1) + 1
        var total = Tensor(scalar: 0)
        guard groupCount >= 2 else { return total }
        for stratum in strata {
            // Averaging matrix: column g averages the rows of group g (in the stratum); the last column all of them.
            var m = [Float](repeating: 0, count: n * (groupCount + 1))
            var counts = [Float](repeating: 0, count: groupCount + 1)
            for i in 0..<n where groups[i] >= 0 && stratum.rows(i) {
                counts[Int(groups[i])] += 1
                counts[groupCount] += 1
            }
            for i in 0..<n where groups[i] >= 0 && stratum.rows(i) {
                let g = Int(groups[i])
                m[i * (groupCount + 1) + g] = 1 / counts[g]
                m[i * (groupCount + 1) + groupCount] = 1 / counts[groupCount]
            }
            let present = (0..<groupCount).filter { counts[$0] > 0 }
            guard present.count >= 2 else { continue }
            var means = try p.mm(Tensor(shape: [n, groupCount + 1], storage: m))            // (classes × groups + 1)
            if let row = stratum.row { means = try means.narrow(dim: 0, start: row, length: 1) }
            let overall = try means.narrow(dim: 1, start: groupCount, length: 1)
            let rows = means.shape[0]
            let columns = try Tensor(shape: [rows, present.count], storage: (0..<rows).flatMap { _ in present.map(Float.init) })
            let gaps = try means.index(dim: 1, columns).subtracting(overall)
            total = try total.adding(squared ? gaps.multiplying(gaps).sum() : gaps.abs().sum())
        }
        return try total.multiplying(Tensor(scalar: Float(weight)))
    }
}
