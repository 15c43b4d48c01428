import Datasets
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Something a reader of an audit should look at, flagged by a stated rule.
public struct Finding: Sendable {
    /// The rule that fired ("four-fifths rule", "significant difference", "proxy").
    public let rule: String
    /// What was seen, in words.
    public let message: String
}

/// The rules and tests shared by `Audit` and `Detection`.
enum Rules {
    static func format(_ d: Double) -> String { formatC("%.4g", d) }

    /// Chi-square test of decision × group, and for two groups two-proportion z-tests of selection rate,
    /// TPR and FPR (each skipped when undefined). `label` prefixes the hypotheses ("sex: …").
    static func tests(_ per: [ConfusionCounts], label: String = "") -> [TestResult] {
        let prefix = label.isEmpty ? "" : label + ": "
        var tests: [TestResult] = []
        let table = per.map { [Double($0.tp + $0.fp), Double($0.tn + $0.fn)] }.filter { $0[0] + $0[1] > 0 }
        if table.count >= 2, let chi = try? StatisticalTests.chiSquare(table: table, correction: true) {
            tests.append(TestResult(test: chi.test, hypothesis: prefix + chi.hypothesis, statistic: chi.statistic, pValue: chi.pValue, dof: chi.dof))
        }
        guard per.count == 2 else { return tests }
        for (name, pick) in [("selection rates", { (c: ConfusionCounts) in (Double(c.tp + c.fp), Double(c.n)) }),
                             ("true positive rates", { (c: ConfusionCounts) in (Double(c.tp), Double(c.tp + c.fn)) }),
                             ("false positive rates", { (c: ConfusionCounts) in (Double(c.fp), Double(c.fp + c.tn)) })] {
            let (x0, n0) = pick(per[0]), (x1, n1) = pick(per[1])
            guard n0 > 0, n1 > 0 else { continue }
            guard x0 + x1 > 0, x0 + x1 < n0 + n1 else { continue }   // a pooled rate of 0 or 1: no test
            let z = StatisticalTests.pooledZ(x0, n0, x1, n1)
            tests.append(TestResult(test: "two-proportion z-test", hypothesis: prefix + "equal \(name) in the two groups",
                                    statistic: z, pValue: SpecialFunctions.normalTwoSided(z), dof: nil))
        }
        return tests
    }

    /// The four-fifths rule on selection rates: the smallest over the largest below 0.8.
    static func fourFifths(_ rates: [Double], _ keys: [String], what: String = "selection-rate") -> Finding? {
        let lo = MetricFrame.extreme(rates, <), hi = MetricFrame.extreme(rates, >)
        guard hi > 0, lo / hi < 0.8 else { return nil }
        let worst = rates.indices.first { rates[$0] == lo }.map { keys[$0] } ?? "?"
        let best = rates.indices.first { rates[$0] == hi }.map { keys[$0] } ?? "?"
        return Finding(rule: "four-fifths rule",
                       message: "\(what) ratio \(format(lo / hi)) is below 0.8 (\(worst): \(format(lo)), \(best): \(format(hi)))")
    }

    /// Tests whose Holm-adjusted p-value is below 0.05.
    static func significant(_ tests: [TestResult], _ adjusted: [Double]) -> [Finding] {
        zip(tests, adjusted).filter { $0.1 < 0.05 }.map { t, p in
            Finding(rule: "significant difference", message: "\(t.test) rejects '\(t.hypothesis)' (Holm-adjusted p = \(format(p)))")
        }
    }
}
