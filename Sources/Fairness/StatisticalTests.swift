import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// The outcome of a hypothesis test.
public struct TestResult: Equatable, Sendable {
    /// The test's name, such as "chi-square test of independence".
    public let test: String
    /// What was tested, in words.
    public let hypothesis: String
    /// The test statistic (z, chi-square, odds ratio, or the observed difference).
    public let statistic: Double
    /// The p-value.
    public let pValue: Double
    /// Degrees of freedom, where the test has them.
    public let dof: Int?
}

/// Tests of whether decisions depend on group membership; p-values agree with SciPy's.
public enum StatisticalTests {
    /// A groups × {positive, negative} table of decisions (rows restricted to `mask` when given).
    static func decisionTable(_ decisions: [UInt8], _ groups: GroupIndex, mask: [UInt8]? = nil, value: UInt8 = 1) -> [[Double]] {
        var table = [[Double]](repeating: [0, 0], count: groups.count)
        for i in 0..<decisions.count where mask.map({ $0[i] == value }) ?? true {
            table[Int(groups.codes[i])][decisions[i] == 1 ? 0 : 1] += 1
        }
        return table.filter { $0[0] + $0[1] > 0 }
    }

    /// Pearson's chi-square test of independence between decision and group (Yates' correction on 2×2
    /// tables when `correction`, the default, as SciPy's `chi2_contingency`).
    public static func chiSquare(decisions: [Double], groups: GroupIndex, correction: Bool? = nil) throws -> TestResult {
        let p = try Predictions.binary(decisions, name: "y_pred")
        guard p.count == groups.rowCount else { throw FairnessError.lengthMismatch("y_pred", p.count, "sensitive", groups.rowCount) }
        return try chiSquare(table: decisionTable(p, groups), correction: correction ?? true)
    }

    /// The chi-square test on a table of counts.
    public static func chiSquare(table: [[Double]], correction: Bool = true) throws -> TestResult {
        let rows = table.count, cols = table.first?.count ?? 0
        guard rows >= 2, cols >= 2 else { throw FairnessError.invalid("chi2: the table needs at least two groups and two outcomes with rows") }
        let rowSums = table.map { $0.reduce(0, +) }
        let colSums = (0..<cols).map { c in table.reduce(0) { $0 + $1[c] } }
        let total = rowSums.reduce(0, +)
        let dof = (rows - 1) * (cols - 1)
        var stat = 0.0
        for r in 0..<rows { for c in 0..<cols {
            let expected = rowSums[r] * colSums[c] / total
            guard expected > 0 else { throw FairnessError.invalid("chi2: an outcome never occurs, so the test is undefined") }
            var diff = table[r][c] - expected
            if correction && dof == 1 { diff = (diff < 0 ? -1 : 1) * max(0, abs(diff) - 0.5) }
            stat += diff * diff / expected
        } }
        return TestResult(test: "chi-square test of independence" + (correction && dof == 1 ? " (Yates' correction)" : ""),
                          hypothesis: "decisions are independent of group", statistic: stat,
                          pValue: SpecialFunctions.chiSquareSurvival(stat, dof: Double(dof)), dof: dof)
    }

    /// The rate a two-proportion test compares: positive decisions among all rows (selection), among rows
    /// labelled 1 (TPR) or among rows labelled 0 (FPR).
    public enum Rate: String, CaseIterable, Sendable {
        case selection, tpr, fpr
        /// The label stratum the rate is computed in (nil: every row).
        public var stratum: UInt8? {
            switch self {
            case .selection: return nil
            case .tpr: return 1
            case .fpr: return 0
            }
        }
    }

    /// Resamples (permutations, bootstrap draws) when none are asked for.
    public static let defaultSamples = 1000
    /// Coverage of a bootstrap interval when none is asked for.
    public static let defaultLevel = 0.95

    /// Two-proportion z-test (pooled) of the positive-decision rate between two groups, among all rows or,
    /// with `stratum`, among rows whose label is 1 (TPR) or 0 (FPR).
    public static func twoProportion(yTrue: [Double]? = nil, decisions: [Double], groups: GroupIndex, stratum: UInt8? = nil) throws -> TestResult {
        let p = try Predictions.binary(decisions, name: "y_pred")
        guard p.count == groups.rowCount else { throw FairnessError.lengthMismatch("y_pred", p.count, "sensitive", groups.rowCount) }
        var mask: [UInt8]?
        if stratum != nil {
            guard let yTrue else { throw FairnessError.invalid("two_proportion: y_true is needed to test within a label stratum") }
            mask = try Predictions.binary(yTrue, name: "y_true")
            guard mask?.count == p.count else { throw FairnessError.lengthMismatch("y_true", yTrue.count, "y_pred", p.count) }
        }
        let table = decisionTable(p, groups, mask: mask, value: stratum ?? 1)
        guard table.count == 2 else {
            throw FairnessError.invalid("two_proportion compares two groups; found \(table.count) (use chi2 for more)")
        }
        let z = pooledZ(table[0][0], table[0][0] + table[0][1], table[1][0], table[1][0] + table[1][1])
        let what = stratum == nil ? "selection rates" : stratum == 1 ? "true positive rates" : "false positive rates"
        return TestResult(test: "two-proportion z-test", hypothesis: "equal \(what) in the two groups",
                          statistic: z, pValue: SpecialFunctions.normalTwoSided(z), dof: nil)
    }

    /// The pooled two-proportion z statistic of x0 / n0 against x1 / n1.
    static func pooledZ(_ x0: Double, _ n0: Double, _ x1: Double, _ n1: Double) -> Double {
        let pooled = (x0 + x1) / (n0 + n1)
        return (x0 / n0 - x1 / n1) / (pooled * (1 - pooled) * (1 / n0 + 1 / n1)).squareRoot()
    }

    /// Fisher's exact test on the 2×2 table of decisions by group (two-sided; statistic is the sample odds ratio).
    public static func fisher(decisions: [Double], groups: GroupIndex) throws -> TestResult {
        let p = try Predictions.binary(decisions, name: "y_pred")
        guard p.count == groups.rowCount else { throw FairnessError.lengthMismatch("y_pred", p.count, "sensitive", groups.rowCount) }
        let t = decisionTable(p, groups)
        guard t.count == 2 else { throw FairnessError.invalid("fisher needs exactly two groups; found \(t.count)") }
        let a = Int(t[0][0]), b = Int(t[0][1]), c = Int(t[1][0]), d = Int(t[1][1])
        let n1 = a + b, n2 = c + d, column = a + c
        let lo = max(0, column - n2), hi = min(n1, column)
        func logPmf(_ x: Int) -> Double {
            SpecialFunctions.logChoose(n1, x) + SpecialFunctions.logChoose(n2, column - x) - SpecialFunctions.logChoose(n1 + n2, column)
        }
        let observed = logPmf(a)
        var pValue = 0.0
        for x in lo...hi {
            let l = logPmf(x)
            if l - observed <= log1p(1e-7) { pValue += exp(l) }  // as likely as the table seen, or less
        }
        let odds = b == 0 || c == 0 ? (a == 0 || d == 0 ? .nan : .infinity) : Double(a) * Double(d) / (Double(b) * Double(c))
        return TestResult(test: "Fisher's exact test", hypothesis: "decisions are independent of group (2×2)",
                          statistic: odds, pValue: min(1, pValue), dof: nil)
    }

    /// A permutation test of a metric's between-group difference: group labels are shuffled `n` times
    /// (seeded); p = (1 + #{|permuted| ≥ |observed|}) / (n + 1).
    public static func permutation(metric: Metric, data: Predictions, groups: GroupIndex, samples: Int? = nil, seed: UInt64) throws -> TestResult {
        let samples = samples ?? defaultSamples
        guard samples >= 1 else { throw FairnessError.invalid("permutation: n must be at least 1") }
        let observed = try MetricFrame(metrics: [metric], data: data, groups: groups).difference()[0]
        var extreme = 0
        try shuffles(of: groups.codes, samples, seed: seed, label: "permutation test") { codes in
            let shuffled = try GroupIndex(features: [("group", groups.names, codes)])
            let value = try MetricFrame(metrics: [metric], data: data, groups: shuffled).difference()[0]
            if abs(value) >= abs(observed) - 1e-12 { extreme += 1 }
        }
        return TestResult(test: "permutation test (\(samples) permutations)", hypothesis: "\(metric.name) does not differ between groups",
                          statistic: observed, pValue: Double(1 + extreme) / Double(samples + 1), dof: nil)
    }

    /// Calls `body` with `samples` seeded Fisher–Yates shuffles of `codes` (each shuffling the previous one), with
    /// progress named `label` on a terminal; stops when cancelled.
    static func shuffles(of codes: [Int32], _ samples: Int, seed: UInt64, label: String, _ body: ([Int32]) throws -> Void) throws {
        var rng = RandomGenerator(seed: seed)
        var codes = codes
        let progress = ProgressHook(label, total: samples)
        defer { progress.finish() }
        for k in 0..<samples {
            try Cancellation.check()
            progress.update(k)
            for i in stride(from: codes.count - 1, to: 0, by: -1) { codes.swapAt(i, rng.below(i + 1)) }
            try body(codes)
        }
    }

    /// A bootstrap percentile interval of one metric on all rows.
    public struct Bootstrap: Sendable {
        /// The metric on the rows as given.
        public let estimate: Double
        /// The interval's ends.
        public let low: Double, high: Double
        /// Its coverage.
        public let level: Double
        /// The number of bootstrap samples.
        public let samples: Int
    }

    /// The bootstrap percentile interval of `metric` (rows resampled `samples` times, default 1000; `level` default 0.95).
    public static func bootstrap(metric: Metric, data: Predictions, samples: Int? = nil, level: Double? = nil, seed: UInt64) throws -> Bootstrap {
        let (n, level) = (samples ?? defaultSamples, level ?? defaultLevel)
        let frame = try MetricFrame(metrics: [metric], data: data, groups: GroupIndex(single: data.count))
        let ci = try frame.intervals(samples: n, level: level, seed: seed)
        return Bootstrap(estimate: frame.overall[0], low: ci.overall[0].low, high: ci.overall[0].high, level: level, samples: n)
    }

    /// How `adjust` corrects for testing several hypotheses.
    public enum Adjustment: String, Sendable {
        /// Holm's step-down (family-wise error rate).
        case holm
        /// Benjamini–Hochberg (false discovery rate).
        case bh
    }

    /// Adjusted p-values, in the order given.
    public static func adjust(_ p: [Double], method: Adjustment) throws -> [Double] {
        if let bad = p.first(where: { !($0 >= 0 && $0 <= 1) }) { throw FairnessError.invalid("p-values must be in [0, 1]; got \(bad)") }
        let m = p.count
        var out = [Double](repeating: 0, count: m)
        switch method {
        case .holm:
            var running = 0.0
            for (rank, i) in p.indices.sorted(by: { p[$0] < p[$1] }).enumerated() {
                running = max(running, min(1, Double(m - rank) * p[i]))
                out[i] = running
            }
        case .bh:
            var running = 1.0
            for (rank, i) in p.indices.sorted(by: { p[$0] < p[$1] }).enumerated().reversed() {
                running = min(running, p[i] * Double(m) / Double(rank + 1))
                out[i] = running
            }
        }
        return out
    }
}
