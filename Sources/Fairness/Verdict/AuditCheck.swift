extension Audit {
    /// The audit with fairmodels' fairness check of its groups' decisions (`fairlua audit --check`): each group's
    /// TPR, ACC, PPV, FPR and selection rate over `privileged`'s (default the largest group), passing inside
    /// [ε, 1/ε], rates rounded to 3 decimals as dalex; the failed criteria join the findings by the rule every
    /// report applies (`FairnessCheck.findings`: groups below 30 rows left out; statistical parity only when the
    /// four-fifths rule has not already reported the selection rates, as in `fair.detect`).
    public func checking(epsilon: Double = FairnessCheck.defaultEpsilon, privileged: String? = nil) throws -> Audit {
        let keys = groups.map(\.key)
        let p = try privileged.map { key in
            guard let k = keys.firstIndex(of: key) else {
                throw FairnessError.invalid("--privileged '\(key)' is not a group; groups are: \(keys.joined(separator: ", "))")
            }
            return k
        } ?? Disparities.largest(counts)
        let check = try FairnessCheck(counts: confusion, groups: keys, attribute: sensitive.joined(separator: "|"), privileged: p, epsilon: epsilon)
        var copy = self
        copy.check = check
        let fifths = findings.contains { $0.rule == "four-fifths rule" }
        copy.findings += check.findings(minimumSize: Detection.Options.defaults.minGroupSize, excluding: fifths ? [.statisticalParity] : [])
        return copy
    }
}
