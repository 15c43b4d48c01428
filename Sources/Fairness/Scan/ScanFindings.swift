/// The worst subgroups of a scan as findings of subgroup bias (for `fair.detect` and `fairlua audit --scan`).
extension SubgroupScan {
    /// Up to `count` subgroups whose Benjamini–Hochberg adjusted p-value is below `alpha`, largest gap first.
    public func findings(count: Int = 5, alpha: Double = 0.05) -> [Finding] {
        let f = Rules.format
        return subgroups.filter { ($0.adjusted ?? 1) < alpha }.prefix(count).map { s in
            let rest = options.reference == .complement ? "the rest" : "all rows"
            return Finding(kind: .subgroup, rule: "subgroup scan",
                           message: "\(metric) \(f(s.value)) in \(s.description) (n = \(s.size)) against \(f(s.reference)) in \(rest) " +
                               "(gap \(f(s.gap)), Benjamini–Hochberg p = \(f(s.adjusted ?? .nan)) over \(tested) subgroups)",
                           evidence: .init("gap in \(metric)", s.gap, pValue: s.adjusted),
                           reading: "The rows where \(s.description) have a \(metric) of \(f(s.value)) against \(f(s.reference)) for \(rest): " +
                               "too large a difference to be chance among the \(tested) subgroups tested.",
                           severity: abs(s.gap))
        }
    }
}

extension MDSSScan {
    /// The subgroup as a finding when it scores above 0 (the score has no p-value: it is the largest found).
    public var finding: Finding? {
        guard score > 0, !subgroup.isEmpty else { return nil }
        let f = Rules.format
        let what = subgroup.map { c in c.values.count == 1 ? "\(c.feature) = \(c.values[0])" : "\(c.feature) in {\(c.values.joined(separator: ", "))}" }
            .joined(separator: " and ")
        let way = options.direction == .overpredicted ? "overestimate" : "underestimate"
        return Finding(kind: .subgroup, rule: "MDSS bias scan",
                       message: "\(what) (n = \(size)): observed rate \(f(observedRate)) against a predicted \(f(expectedRate)) (\(options.direction.rawValue), score \(f(score)))",
                       evidence: .init("MDSS score", score),
                       reading: "The model's probabilities \(way) the outcome for \(what): of all subgroups searched, this one deviates most " +
                           "(the score is a maximum, not a test).",
                       severity: abs(observedRate - expectedRate))
    }
}
