#if canImport(Glibc)
import Glibc
#endif

extension Disparities {
    /// The kind of bias an unfair metric is evidence of.
    static func kind(_ m: AequitasMetric) -> Finding.Kind {
        switch m {
        case .ppr, .pprev: .outcome
        case .precision, .fdr, .falseOmission, .npv: .calibration
        case .fpr, .fnr, .tpr, .tnr: .errorRate
        }
    }

    /// One finding per parity that does not hold (the rule every report applies): the group of at least
    /// `minimumSize` rows whose disparity lies farthest outside [τ, 1/τ] against a reference of at least that
    /// size; smaller groups are left out, as in `fair.detect`. Severity 1 − min(D, 1/D).
    public func findings(minimumSize: Int = Detection.Options.defaults.minGroupSize) -> [Finding] {
        Self.metrics.indices.compactMap { m in
            let r = referenceGroups[m]
            guard sizes[r] >= minimumSize else { return nil }
            let unfair = groups.indices.filter { sizes[$0] >= minimumSize && isFair(group: $0, metric: m) == false }
            guard let g = unfair.max(by: { abs(log(disparities[$0][m])) < abs(log(disparities[$1][m])) }) else { return nil }
            let metric = Self.metrics[m], d = disparities[g][m]
            let band = "[\(Rules.format(tau)), \(Rules.format(1 / tau))]"
            return Finding(kind: Self.kind(metric), rule: "Aequitas parity",
                           message: "\(metric.parity) does not hold: \(metric.rawValue)_disparity of \(groups[g]) against \(groups[r]) is \(Rules.format(d)), outside \(band)",
                           evidence: .init("\(metric.rawValue)_disparity", d),
                           reading: "\(groups[g])'s \(metric.rawValue) is \(Rules.format(d)) times \(groups[r])'s, outside the band \(band) Aequitas calls fair.",
                           severity: 1 - min(d, 1 / d))
        }
    }
}
