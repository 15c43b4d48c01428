import Datasets
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A streamed audit of a CSV file of decisions: per-group confusion counts read record by record (memory
/// does not grow with the file) into an `AuditState`, then metrics, differences, ratios, tests, findings and
/// bootstrap intervals computed from that state alone, so merged shards give exactly the single-pass report.
public struct Audit {
    /// What to read and compute (everything but `names` is recorded in an `AuditState` and must match to merge).
    public struct Options: Equatable, Sendable {
        /// The label column.
        public var label: String
        /// The decision column.
        public var prediction: String
        /// Sensitive columns (several give intersectional groups).
        public var sensitive: [String]
        /// A score column (probability of the positive class), for log loss, Brier score and ROC AUC.
        public var score: String?
        /// A sample-weight column (weights in [0, 1e9]; rates and losses are weighted, counts are rows).
        public var weight: String?
        /// Label values that mean the positive class (numbers by value, text as written); default "1".
        public var positive: Set<String> = ["1"]
        /// Decision values that mean positive; default 1 for numeric decisions (and the text values of `positive`).
        public var predictionPositive: Set<String>?
        /// Decide `prediction >= threshold`: the prediction column holds scores.
        public var threshold: Double?
        /// The privileged group's key, for AIF360's signed differences.
        public var privileged: String?
        /// Count-based metrics to report, by name (built in or plugin).
        public var metrics: [String]
        /// The field separator.
        public var separator: CSVSeparator = .byte(UInt8(ascii: ","))
        /// Score-histogram buckets on [0, 1] per group and label (with `score`; ROC AUC is exact to this resolution).
        public var buckets = 0
        /// Poisson bootstrap replicates for intervals (0: none).
        public var bootstrap = 0
        /// The bootstrap's seed.
        public var seed: UInt64 = 0
        /// The intervals' coverage.
        public var level = 0.95
        /// Column names for data without a header line (not part of the state: the state records the columns).
        public var names: [String]?

        /// Histogram buckets allowed.
        public static let maxBuckets = 100_000
        /// Bootstrap replicates allowed.
        public static let maxBootstrap = 10_000
        /// The largest sample weight.
        public static let maxWeight = 1e9

        /// Options for the given columns and metrics.
        public init(label: String, prediction: String, sensitive: [String], metrics: [String]) {
            self.label = label
            self.prediction = prediction
            self.sensitive = sensitive
            self.metrics = metrics
        }

        /// The label's positive values.
        var labelPositives: PositiveValues { PositiveValues(positive.sorted()) }
        /// The decisions' positive values.
        var decisionPositives: PositiveValues { predictionPositive.map { PositiveValues($0.sorted()) } ?? labelPositives.forDecisions }

        /// Refuses options no audit can use, naming the flag.
        func validate() throws {
            guard !sensitive.isEmpty, !sensitive.contains("") else {
                throw DatasetError.invalid("audit: --sensitive needs one or more column names, got \(sensitive.map { "'\($0)'" }.joined(separator: ", "))")
            }
            guard !metrics.isEmpty || score != nil else { throw FairnessError.invalid("audit: --metrics names no metric") }
            guard (score == nil ? buckets == 0 : buckets >= 1 && buckets <= Options.maxBuckets) else {
                throw FairnessError.invalid("audit: --buckets must be in 1…\(Options.maxBuckets) with --score, got \(buckets)")
            }
            guard bootstrap == 0 || (bootstrap >= 2 && bootstrap <= Options.maxBootstrap) else {
                throw FairnessError.invalid("audit: --bootstrap must be 0 or in 2…\(Options.maxBootstrap), got \(bootstrap)")
            }
            guard level > 0 && level < 1 else { throw FairnessError.invalid("audit: --level must be in (0, 1), got \(level)") }
            if let threshold, !threshold.isFinite { throw FairnessError.invalid("audit: --threshold must be a finite number, got \(threshold)") }
        }

        /// The separator as `--sep` writes it.
        static func name(_ s: CSVSeparator) -> String {
            switch s {
            case .whitespace: return "whitespace"
            case .byte(9): return "tab"
            case let .byte(b): return String(decoding: [b], as: UTF8.self)
            }
        }
    }

    /// The rows read.
    public let n: Int
    /// The sensitive column names.
    public let sensitive: [String]
    /// The metric names, in order.
    public let metricNames: [String]
    /// Group keys ("Female|Black") and each group's values per sensitive column.
    public let groups: [(key: String, values: [String])]
    /// Rows per group.
    public let counts: [Int]
    /// Metric values overall and per group.
    public let overall: [Double]
    /// `byGroup[g][m]`.
    public let byGroup: [[Double]]
    /// Max − min between groups, per metric.
    public let difference: [Double]
    /// Min / max between groups, per metric.
    public let ratio: [Double]
    /// Chi-square test of decision × group, and (two groups) the two-proportion tests.
    public let tests: [TestResult]
    /// Holm-adjusted p-values of `tests`.
    public let adjusted: [Double]
    /// Rules that fired.
    public internal(set) var findings: [Finding]
    /// The subgroup scan of the file's rows (`fairlua audit --scan`), when asked.
    public internal(set) var scan: SubgroupScan?
    /// fairmodels' fairness check of the groups (`fairlua audit --check`), when asked.
    public internal(set) var check: FairnessCheck?
    /// SageMaker Clarify's count-based measures per sensitive column (`fairlua audit --clarify`), when asked.
    public internal(set) var clarify: [ClarifyBias] = []
    /// Each group's (weighted) confusion counts of the decisions.
    public let confusion: [ConfusionCounts]
    /// Notes (NaN cells, a single group).
    public let warnings: [String]
    /// Poisson-bootstrap percentile intervals of the count-based metrics (the first `intervals.overall.count` names), with `--bootstrap`.
    public let intervals: Intervals?

    /// Reads `path` once and computes everything (`metric` resolves metric names).
    public init(path: String, options: Options, metric: (String) throws -> Metric) throws {
        try self.init(state: try AuditState.read(path, options: options), metric: metric)
    }

    /// The report of `state`: the same for a state read in one pass and for merged shards of the same rows.
    public init(state: AuditState, metric lookup: (String) throws -> Metric) throws {
        let options = state.options
        guard !state.groups.isEmpty else { throw DatasetError.invalid("\(state.source): no data rows") }
        try state.checkColumns()
        let per = state.groups.map(\.confusion)
        let metrics = try options.metrics.map { try Audit.countMetric($0, lookup) }
        let scored = options.score != nil
        let names = metrics.map(\.0) + (scored ? ["log_loss", "brier", "roc_auc"] : [])
        let total = per.reduce(ConfusionCounts(), +)
        var overall = try metrics.map { try $0.1(total) }
        var byGroup = try per.map { c in try metrics.map { try $0.1(c) } }
        if scored {
            let all = state.groups.reduce(into: (loss: [Int128](repeating: 0, count: 2), histogram: [Int128](repeating: 0, count: 2 * options.buckets))) {
                $0.loss = zip($0.loss, $1.loss).map { $0 &+ $1 }
                $0.histogram = zip($0.histogram, $1.histogram).map { $0 &+ $1 }
            }
            func scoreMetrics(_ loss: [Int128], _ histogram: [Int128], _ c: ConfusionCounts) -> [Double] {
                [FixedPoint.value(loss[0]) / c.total, FixedPoint.value(loss[1]) / c.total, Audit.rocAUC(histogram, buckets: options.buckets)]
            }
            overall += scoreMetrics(all.loss, all.histogram, total)
            for g in per.indices { byGroup[g] += scoreMetrics(state.groups[g].loss, state.groups[g].histogram, per[g]) }
        }
        n = total.n
        sensitive = options.sensitive
        metricNames = names
        let groupKeys = state.groups.map { $0.values.joined(separator: "|") }
        groups = state.groups.map { ($0.values.joined(separator: "|"), $0.values) }
        counts = per.map(\.n)
        confusion = per
        self.overall = overall
        self.byGroup = byGroup
        difference = names.indices.map { m in MetricFrame.difference(byGroup.map { $0[m] }, overall: overall[m], .betweenGroups) }
        ratio = names.indices.map { m in MetricFrame.ratio(byGroup.map { $0[m] }, overall: overall[m], .betweenGroups) }
        intervals = options.bootstrap > 0 ? try Audit.intervals(state, metrics.map(\.1)) : nil

        // As fair.detect: groups below min_group_size (30) are shown but enter neither tests nor findings, and a
        // "no finding" the data cannot support says so.
        var notes: [String] = []
        let rules = Detection.Options.defaults
        let keep = Detection.kept(per.map(\.n), groupKeys, rules, what: "groups", keeping: nil, notes: &notes)
        let kept = keep.map { per[$0] }, keptKeys = keep.map { groupKeys[$0] }
        let (tests, kinds) = Rules.tests(kept)
        self.tests = tests
        adjusted = try StatisticalTests.adjust(tests.map(\.pValue), method: .holm)

        let fifths = Rules.fourFifths(kept.map(\.selectionRate), keptKeys)
        var findings = [fifths].compactMap { $0 }
        if fifths == nil, let note = try Detection.underpowered("groups", kept, keptKeys, rules) { notes.append(note) }
        findings += Rules.significant(tests, adjusted, kinds: kinds)
        if let privileged = options.privileged, let k = groupKeys.firstIndex(of: privileged) {
            let rest = per.indices.filter { $0 != k }.map { per[$0] }.reduce(ConfusionCounts(), +)
            if let f = Rules.disparateImpact(rest.selectionRate / per[k].selectionRate, privileged: privileged) { findings.append(f) }
        } else if let privileged = options.privileged {
            throw FairnessError.invalid("privileged group '\(privileged)' not found; groups are: \(groupKeys.joined(separator: ", "))")
        }
        self.findings = findings
        if per.count == 1 { notes.append("only one group: differences are 0") }
        let missing = state.groups.indices.filter { state.groups[$0].values.contains(MissingSensitive.groupName) }
        if !missing.isEmpty {
            notes.append("rows with no sensitive value are the group " + missing.map { "\(groupKeys[$0]) (n = \(per[$0].n))" }.joined(separator: ", "))
        }
        for (m, name) in names.enumerated() {
            let empty = per.indices.filter { byGroup[$0][m].isNaN }.map { groupKeys[$0] }
            if !empty.isEmpty { notes.append("\(name) is NaN for \(empty.joined(separator: ", ")) (its denominator is 0 there)") }
        }
        warnings = notes
    }

    /// The metric called `name` and its function of confusion counts; a metric that needs the rows is an error.
    public static func countMetric(_ name: String, _ lookup: (String) throws -> Metric) throws -> (String, (ConfusionCounts) throws -> Double) {
        let metric = try lookup(name)
        guard case let .counts(f) = metric.kind else {
            throw FairnessError.invalid("audit streams confusion counts; metric '\(metric.name)' needs the rows (use a MetricFrame in a script)")
        }
        return (metric.name, f)
    }

    /// ROC AUC from a score histogram (label 0's buckets, then label 1's): the probability that a positive
    /// outscores a negative, pairs in one bucket counting ½ (exact to the bucket width); NaN without both labels.
    static func rocAUC(_ histogram: [Int128], buckets: Int) -> Double {
        var below = 0.0, area = 0.0, negatives = 0.0, positives = 0.0
        for b in 0..<buckets {
            let neg = FixedPoint.value(histogram[b]), pos = FixedPoint.value(histogram[buckets + b])
            area += pos * (below + neg / 2)
            below += neg
            negatives += neg
            positives += pos
        }
        return negatives > 0 && positives > 0 ? area / (negatives * positives) : .nan
    }

    /// Percentile intervals over the bootstrap replicates of each count-based metric: overall, per group, difference and ratio.
    static func intervals(_ state: AuditState, _ metrics: [(ConfusionCounts) throws -> Double]) throws -> Intervals {
        let b = state.options.bootstrap, m = metrics.count, g = state.groups.count
        var overall = [[Double]](repeating: [], count: m), difference = overall, ratio = overall
        var byGroup = [[[Double]]](repeating: overall, count: g)
        for r in 0..<b {
            let per = state.groups.map { group in
                let cells = group.replicates[(4 * r)..<(4 * r + 4)]
                return AuditState.Group.confusion(counts: cells.map { Int(clamping: $0 / FixedPoint.one) }, weighted: cells)
            }
            let total = per.reduce(ConfusionCounts(), +)
            for (j, f) in metrics.enumerated() {
                let all = try f(total), values = try per.map(f)
                overall[j].append(all)
                for q in 0..<g { byGroup[q][j].append(values[q]) }
                difference[j].append(MetricFrame.difference(values, overall: all, .betweenGroups))
                ratio[j].append(MetricFrame.ratio(values, overall: all, .betweenGroups))
            }
        }
        let low = (1 - state.options.level) / 2, high = 1 - low
        func interval(_ values: [Double]) -> ClosedInterval {
            let sorted = values.filter { !$0.isNaN }.sorted()
            return ClosedInterval(low: MetricFrame.quantile(sorted, low), high: MetricFrame.quantile(sorted, high))
        }
        return Intervals(level: state.options.level, samples: b, overall: overall.map(interval),
                         byGroup: byGroup.map { $0.map(interval) }, difference: difference.map(interval), ratio: ratio.map(interval))
    }
}
