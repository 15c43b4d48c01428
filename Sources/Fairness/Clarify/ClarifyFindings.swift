extension ClarifyBias {
    /// The findings by the rule every report applies: a post-training facet whose disparate impact DI = q′_d / q′_a
    /// (its rate of positive predictions over the rest's) lies outside [0.8, 1.25], both sides of at least
    /// `minimumSize` rows. Clarify's other measures carry no pass/fail threshold, so none of them is a finding.
    public func findings(minimumSize: Int = Detection.Options.defaults.minGroupSize) -> [Finding] {
        facets.filter { $0.size >= minimumSize && $0.restSize >= minimumSize }.compactMap { f in
            f.metrics.first { $0.name == "DI" && $0.error == nil && $0.value.isFinite && $0.value > 0 }.flatMap {
                Rules.disparateImpact($0.value, privileged: "\(facet) ≠ \(f.valueOrThreshold)", of: "\(facet) = \(f.valueOrThreshold)")
            }
        }
    }

    /// What the findings leave out: facets below `minimumSize`, and that pre-training measures have no threshold.
    public func notes(minimumSize: Int = Detection.Options.defaults.minGroupSize) -> [String] {
        var out = facets.filter { $0.size < minimumSize || $0.restSize < minimumSize }.map {
            "facet \(facet) = \($0.valueOrThreshold) (n = \($0.size), rest n = \($0.restSize)) is below min_group_size \(minimumSize): left out of the findings"
        }
        if stage == .preTraining { out.append("Clarify's pre-training measures have no pass/fail threshold: no finding is drawn from them; read the tables") }
        return out
    }
}
