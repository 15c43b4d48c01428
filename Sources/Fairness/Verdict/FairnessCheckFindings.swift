#if canImport(Glibc)
import Glibc
#endif

extension FairnessCheck {
    /// The kind of bias a failed criterion is evidence of.
    static func kind(_ c: FairnessCriterion) -> Finding.Kind {
        switch c {
        case .statisticalParity: .outcome
        case .predictiveParity: .calibration
        case .equalOpportunity, .accuracyEquality, .predictiveEquality: .errorRate
        }
    }

    /// One finding per failed criterion (the rule every report applies): the compared group of at least
    /// `minimumSize` rows whose ratio to the privileged group lies farthest outside [ε, 1/ε]; groups below the
    /// size (and a privileged group below it) are left out, as in `fair.detect`, and so are the criteria in
    /// `excluding` (a report whose four-fifths rule already covers selection rates). Severity 1 − min(r, 1/r).
    public func findings(minimumSize: Int = Detection.Options.defaults.minGroupSize, excluding: Set<FairnessCriterion> = []) -> [Finding] {
        guard let p = groups.firstIndex(of: privileged), sizes[p] >= minimumSize else { return [] }
        return Self.criteria.indices.filter { !excluding.contains(Self.criteria[$0]) }.compactMap { c in
            let failing = compared.filter { sizes[$0] >= minimumSize && fails(group: $0, criterion: c) }
            guard let g = failing.max(by: { Self.distance(ratios[$0][c]) < Self.distance(ratios[$1][c]) }) else { return nil }
            let criterion = Self.criteria[c], r = ratios[g][c]
            let band = "[\(Rules.format(epsilon)), \(Rules.format(1 / epsilon))]"
            return Finding(kind: Self.kind(criterion), rule: "fairness check",
                           message: "\(criterion.title) (\(criterion.rawValue)): \(groups[g]) over \(privileged) is \(Rules.format(r)), outside \(band) " +
                               "(\(groups[g]): \(Rules.format(rates[g][c])), \(privileged): \(Rules.format(rates[p][c])))",
                           evidence: .init("\(criterion.rawValue) ratio", r),
                           reading: "\(groups[g])'s \(criterion.rawValue) is \(Rules.format(r)) times \(privileged)'s, outside the band \(band) fairmodels' check allows.",
                           severity: 1 - min(r, 1 / r))
        }
    }

    /// How far a ratio is from parity, log-symmetric: |log r|.
    static func distance(_ r: Double) -> Double { abs(log(r)) }
}
