/// Aequitas's bias view (Saleiro et al. 2018, arXiv:1811.05577; aequitas 1.1's `Bias` and `Fairness` classes):
/// for each `AequitasMetric` m and group g, the disparity D(g) = m(g) / m(ref) against a reference group, and
/// the parity determination "fair" when τ ≤ D(g) ≤ 1/τ (default τ = 0.8), undefined when D(g) is NaN.
///
/// Aequitas's conventions, kept so the numbers agree: a positive value over a zero reference is capped at 10
/// (`fill_divbyzero`); 0 / 0 and undefined rates are NaN. The reference is the largest group (the first of the
/// largest, groups sorted), the group with the smallest value of each metric (the first minimum, NaN skipped;
/// all NaN: the first group), or a named group. An attribute is fair for a parity when no group is unfair.
public struct Disparities: Sendable {
    /// How the reference group is chosen.
    public enum Reference: Sendable, Equatable {
        /// The group with the most rows (Aequitas's `get_disparity_major_group`).
        case largest
        /// Per metric, the group with its smallest value (`get_disparity_min_metric`).
        case minMetric
        /// A given group (`get_disparity_predefined_groups`).
        case group(String)

        /// The reference called `name` in scripts: "largest", "min_metric", or a group's name.
        public init(named name: String) {
            switch name {
            case "largest": self = .largest
            case "min_metric": self = .minMetric
            default: self = .group(name)
            }
        }
    }

    /// Aequitas's default τ: a parity is fair inside [τ, 1/τ].
    public static let defaultTau = 0.8

    /// The disparity Aequitas writes when a positive value is divided by a zero reference.
    public static let divideByZero = 10.0
    /// The metrics, in Aequitas's order.
    public static let metrics = AequitasMetric.allCases

    /// The sensitive feature(s) the groups come from.
    public let attribute: String
    /// The group keys, sorted.
    public let groups: [String]
    /// Rows per group.
    public let sizes: [Int]
    /// How the reference was chosen.
    public let reference: Reference
    /// The band's lower edge τ; the band is [τ, 1/τ].
    public let tau: Double
    /// `values[g][m]`: group g's value of `metrics[m]`.
    public let values: [[Double]]
    /// `referenceGroups[m]`: the index of the reference group of `metrics[m]`.
    public let referenceGroups: [Int]
    /// `disparities[g][m]` = values[g][m] / values[reference][m], capped at 10 when the reference is 0.
    public let disparities: [[Double]]

    /// The view of `scores` (0/1 decisions, or probabilities decided at score ≥ `cutoff`) against 0/1 `labels`
    /// for the groups of `groups`.
    public init(labels: [UInt8], scores: [Double], groups: GroupIndex, reference: Reference = .largest, tau: Double = defaultTau,
                cutoff: Double = FairnessCheck.defaultCutoff) throws {
        guard tau > 0 && tau <= 1 else { throw FairnessError.invalid("tau must be in (0, 1], got \(tau)") }
        let counts = try FairnessCheck.counts(labels: labels, scores: scores, groups: groups, cutoff: cutoff)
        let positives = counts.reduce(0.0) { $0 + $1.wtp + $1.wfp }
        let values = counts.map { c in Self.metrics.map { $0.value(c, positives: positives) } }
        let sizes = counts.map(\.n)
        let references: [Int]
        switch reference {
        case .largest:
            references = Self.metrics.map { _ in Self.largest(sizes) }
        case .minMetric:
            references = Self.metrics.indices.map { m in
                let defined = values.indices.filter { !values[$0][m].isNaN }
                return defined.min { values[$0][m] < values[$1][m] || (values[$0][m] == values[$1][m] && $0 < $1) } ?? 0
            }
        case let .group(name):
            guard let k = groups.names.firstIndex(of: name) else {
                throw FairnessError.invalid("reference group '\(name)' not found; groups are: \(groups.names.joined(separator: ", "))")
            }
            references = Self.metrics.map { _ in k }
        }
        self.attribute = groups.features.joined(separator: "|")
        self.groups = groups.names
        self.sizes = sizes
        self.reference = reference
        self.tau = tau
        self.values = values
        self.referenceGroups = references
        self.disparities = values.map { row in row.indices.map { m in
            let d = row[m] / values[references[m]][m]
            return d.isInfinite ? Self.divideByZero : d
        } }
    }

    /// The index of the largest of `sizes`, the first on ties (pandas' `idxmax`).
    static func largest(_ sizes: [Int]) -> Int {
        sizes.indices.max { sizes[$0] < sizes[$1] || (sizes[$0] == sizes[$1] && $0 > $1) } ?? 0
    }

    /// Group g's parity determination for metric m: true inside [τ, 1/τ], false outside, nil when undefined.
    public func isFair(group g: Int, metric m: Int) -> Bool? {
        let d = disparities[g][m]
        return d.isNaN ? nil : (tau <= d && d <= 1 / tau)
    }

    /// The attribute's determination for metric m: false when any group is unfair, nil when none is defined.
    public func isFair(metric m: Int) -> Bool? {
        let found = groups.indices.compactMap { isFair(group: $0, metric: m) }
        return found.isEmpty ? nil : !found.contains(false)
    }
}
