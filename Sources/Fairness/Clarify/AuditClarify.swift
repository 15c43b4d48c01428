extension Audit {
    /// The audit with SageMaker Clarify's pre-training (labels) and post-training (decisions) measures for each
    /// sensitive column, each value against the rest, from the streamed counts (`fairlua audit --clarify`): the
    /// measures that read every row (CDDL, CDDPL, FT, GE) say so. A post-training disparate impact outside
    /// [0.8, 1.25] is a finding unless the four-fifths rule already flagged the selection rates. `label` and
    /// `labelValues` (the positive label values) are written in the reports.
    public func clarifying(label: String, labelValues: String) -> Audit {
        var copy = self
        let total = confusion.reduce(ConfusionCounts(), +)
        let fifths = findings.contains { $0.rule == "four-fifths rule" }
        let minimum = Detection.Options.defaults.minGroupSize
        for (j, name) in sensitive.enumerated() {
            var values: [String] = []
            for g in groups where !values.contains(g.values[j]) { values.append(g.values[j]) }
            // Each value against the rest (a column holding one value has no rest to compare with).
            let facets = values.sorted().map { value in
                let d = zip(groups, confusion).filter { $0.0.values[j] == value }.reduce(ConfusionCounts()) { $0 + $1.1 }
                let a = zip(groups, confusion).filter { $0.0.values[j] != value }.reduce(ConfusionCounts()) { $0 + $1.1 }
                return (value: value, d: d, a: a)
            }.filter { $0.a.n > 0 && $0.d.n > 0 }
            let reports = ClarifyMeasure.Stage.allCases.map {
                ClarifyBias(counts: facets, stage: $0, facet: name, label: label, labelValues: labelValues, rows: total.n)
            }
            copy.clarify += reports
            if !fifths { copy.findings += reports.flatMap { $0.stage == .postTraining ? $0.findings(minimumSize: minimum) : [] } }
        }
        return copy
    }
}
