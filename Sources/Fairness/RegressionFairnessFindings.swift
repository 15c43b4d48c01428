extension RegressionFairness {
    /// The findings by the rule every report applies: a permutation test of the KS or 1-Wasserstein distance whose
    /// Holm-adjusted p-value (over the two) is below 0.05 (outcome bias), and each group of at least `minGroupSize`
    /// rows whose mean squared error exceeds the bound (error-rate bias).
    public var findings: [Finding] {
        var tests: [TestResult] = []
        if let p = ksPValue {
            tests.append(TestResult(test: "permutation test", hypothesis: "equal prediction distributions (Kolmogorov-Smirnov distance)", statistic: ks, pValue: p, dof: nil))
        }
        if let p = wassersteinPValue {
            tests.append(TestResult(test: "permutation test", hypothesis: "equal prediction distributions (1-Wasserstein distance)", statistic: wasserstein, pValue: p, dof: nil))
        }
        let adjusted = (try? StatisticalTests.adjust(tests.map(\.pValue), method: .holm)) ?? tests.map(\.pValue)
        var out = Rules.significant(tests, adjusted, kinds: tests.map { _ in .outcome })
        if let bound, let withinBound {
            for g in groups.indices where !withinBound[g] && !smallGroups.contains(groups[g]) {
                let mse = byGroup[g].rmse * byGroup[g].rmse
                out.append(Finding(kind: .errorRate, rule: "bounded group loss",
                                   message: "\(groups[g])'s mean squared error \(Rules.format(mse)) exceeds the bound \(Rules.format(bound))",
                                   evidence: .init("mean squared error", mse),
                                   reading: "The model's errors on \(groups[g]) are larger than the bound allows (Agarwal et al. 2019's bounded group loss).",
                                   severity: 1 - bound / mse))
            }
        }
        return out
    }
}
