import Datasets
import Tensors
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A streamed audit of a CSV file of decisions: per-group confusion counts read record by record (memory
/// does not grow with the file), then metrics, differences, ratios, tests and findings.
public struct Audit {
    /// What to read and compute.
    public struct Options {
        /// The label column.
        public var label: String
        /// The decision column.
        public var prediction: String
        /// Sensitive columns (several give intersectional groups).
        public var sensitive: [String]
        /// A score column (probability of the positive class), for log loss and Brier score.
        public var score: String?
        /// Label values that mean the positive class (numbers by value, text as written); default "1".
        public var positive: Set<String> = ["1"]
        /// Decision values that mean positive; default 1 for numeric decisions (and the text values of `positive`).
        public var predictionPositive: Set<String>?
        /// Decide `prediction >= threshold`: the prediction column holds scores.
        public var threshold: Double?
        /// The privileged group's key, for AIF360's signed differences.
        public var privileged: String?
        /// Count-based metrics to report.
        public var metrics: [Metric]
        /// The field separator.
        public var separator: CSVSeparator = .byte(UInt8(ascii: ","))

        /// Options for the given columns and metrics.
        public init(label: String, prediction: String, sensitive: [String], metrics: [Metric]) {
            self.label = label
            self.prediction = prediction
            self.sensitive = sensitive
            self.metrics = metrics
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
    public let findings: [Finding]
    /// Notes (NaN cells, a single group).
    public let warnings: [String]

    /// Reads `path` once and computes everything.
    public init(path: String, options: Options) throws {
        guard !options.sensitive.isEmpty, !options.sensitive.contains("") else {
            throw DatasetError.invalid("audit: --sensitive needs one or more column names, got \(options.sensitive.map { "'\($0)'" }.joined(separator: ", "))")
        }
        var csv = CSVOptions()
        csv.separator = options.separator
        let tokenizer = CSVTokenizer(path: path, options: csv)
        var header: [String]?
        var columns: [Int] = []
        var scoreColumn: Int?
        var keys: [String: Int] = [:], named: [[String]: Int] = [:]
        var groupValues: [[String]] = []
        var confusion: [ConfusionCounts] = []
        var scoreSums: [(logLoss: Double, brier: Double)] = []
        let labelPositives = PositiveValues(options.positive.sorted())
        var label = BinaryColumnTally(column: options.label, flag: "--positive", positives: labelPositives)
        var decision = BinaryColumnTally(column: options.prediction, flag: "--prediction-positive",
                                         positives: options.predictionPositive.map { PositiveValues($0.sorted()) } ?? labelPositives.forDecisions,
                                         threshold: options.threshold)
        var lastKey: [UInt8] = [], lastGroup = -1
        var keyBytes: [UInt8] = []
        keyBytes.reserveCapacity(64)
        func trimmed(_ f: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            var lo = 0, hi = f.count
            while lo < hi && (f[lo] == 32 || f[lo] == 9) { lo += 1 }
            while hi > lo && (f[hi - 1] == 32 || f[hi - 1] == 9) { hi -= 1 }
            return UnsafeBufferPointer(rebasing: f[lo..<hi])
        }
        try tokenizer.forEachRecord { record in
            try Cancellation.check()
            guard let names = header else {
                let names = (0..<record.count).map { (record.string($0) ?? "").trimmedBlanks }
                func index(_ name: String) throws -> Int {
                    guard let i = names.firstIndex(of: name) else {
                        throw DatasetError.unknownColumn(name: name, option: "audit", columns: names)
                    }
                    return i
                }
                columns = try [index(options.label), index(options.prediction)] + options.sensitive.map(index)
                scoreColumn = try options.score.map(index)
                header = names
                return
            }
            guard record.count == names.count else {
                throw DatasetError.malformed(file: path, line: record.line, reason: "expected \(names.count) fields, found \(record.count)")
            }
            let y = try label.read(trimmed(record.field(columns[0])), path: path, line: record.line)
            let p = try decision.read(trimmed(record.field(columns[1])), path: path, line: record.line)
            keyBytes.removeAll(keepingCapacity: true)
            for (k, c) in columns.dropFirst(2).enumerated() {
                if k > 0 { keyBytes.append(UInt8(ascii: "|")) }
                keyBytes.append(contentsOf: trimmed(record.field(c)))
            }
            var g = lastGroup
            if lastGroup < 0 || keyBytes != lastKey {
                guard let key = String(validating: keyBytes, as: UTF8.self) else {
                    let bad = columns.dropFirst(2).first { String(validating: trimmed(record.field($0)), as: UTF8.self) == nil }
                    let name = bad.flatMap { c in header?[c] } ?? options.sensitive.joined(separator: ",")
                    throw DatasetError.malformed(file: path, line: record.line, reason: "column '\(name)': invalid UTF-8")
                }
                if let known = keys[key] { g = known } else {
                    // A missing sensitive value ("", "?", "NA") is the group (missing), as data.csv makes it.
                    let values = columns.dropFirst(2).map { c -> String in
                        let v = String(decoding: trimmed(record.field(c)), as: UTF8.self)
                        return csv.missingMarkers.contains(v) ? MissingSensitive.groupName : v
                    }
                    if let same = named[values] { g = same } else {
                        g = confusion.count
                        named[values] = g
                        groupValues.append(values)
                        confusion.append(ConfusionCounts())
                        scoreSums.append((0, 0))
                    }
                    keys[key] = g
                }
                lastKey = keyBytes
                lastGroup = g
            }
            confusion[g].add(label: y, decision: p)
            if let sc = scoreColumn {
                let text = String(decoding: trimmed(record.field(sc)), as: UTF8.self)
                guard let s = Double(text), s >= 0, s <= 1 else {
                    throw DatasetError.malformed(file: path, line: record.line, reason: "score '\(text)' is not a probability in [0, 1]")
                }
                let q = min(max(s, Double.ulpOfOne), 1 - Double.ulpOfOne)
                scoreSums[g].logLoss += y == 1 ? -log(q) : -log(1 - q)
                scoreSums[g].brier += (s - Double(y)) * (s - Double(y))
            }
        }
        guard header != nil else { throw DatasetError.invalid("\(path): the file is empty") }
        guard !confusion.isEmpty else { throw DatasetError.invalid("\(path): no data rows") }
        try label.check(path: path)
        try decision.check(path: path)
        // Groups sorted by their values, as MetricFrame orders them.
        let order = groupValues.indices.sorted { groupValues[$0].lexicographicallyPrecedes(groupValues[$1]) }
        let per = order.map { confusion[$0] }
        let names = options.metrics.map(\.name) + (options.score != nil ? ["log_loss", "brier"] : [])
        var overall = [Double](), byGroup = [[Double]](repeating: [], count: per.count)
        let total = per.reduce(ConfusionCounts(), +)
        for metric in options.metrics {
            guard case let .counts(f) = metric.kind else {
                throw FairnessError.invalid("audit streams confusion counts; metric '\(metric.name)' needs the rows (use a MetricFrame in a script)")
            }
            overall.append(try f(total))
            for g in per.indices { byGroup[g].append(try f(per[g])) }
        }
        if options.score != nil {
            let sums = order.map { scoreSums[$0] }
            let n = Double(total.n)
            overall.append(sums.reduce(0) { $0 + $1.logLoss } / n)
            overall.append(sums.reduce(0) { $0 + $1.brier } / n)
            for g in per.indices {
                byGroup[g].append(sums[g].logLoss / Double(per[g].n))
                byGroup[g].append(sums[g].brier / Double(per[g].n))
            }
        }
        self.n = total.n
        sensitive = options.sensitive
        metricNames = names
        let groupKeys = order.map { groupValues[$0].joined(separator: "|") }
        groups = order.map { (groupValues[$0].joined(separator: "|"), groupValues[$0]) }
        counts = per.map(\.n)
        self.overall = overall
        self.byGroup = byGroup
        difference = names.indices.map { m in MetricFrame.difference(byGroup.map { $0[m] }, overall: overall[m], .betweenGroups) }
        ratio = names.indices.map { m in MetricFrame.ratio(byGroup.map { $0[m] }, overall: overall[m], .betweenGroups) }

        let (tests, kinds) = Rules.tests(per)
        self.tests = tests
        adjusted = try StatisticalTests.adjust(tests.map(\.pValue), method: .holm)

        var findings = [Rules.fourFifths(per.map(\.selectionRate), groupKeys)].compactMap { $0 }
        findings += Rules.significant(tests, adjusted, kinds: kinds)
        if let privileged = options.privileged, let k = groupKeys.firstIndex(of: privileged) {
            let rest = per.indices.filter { $0 != k }.map { per[$0] }.reduce(ConfusionCounts(), +)
            if let f = Rules.disparateImpact(rest.selectionRate / per[k].selectionRate, privileged: privileged) { findings.append(f) }
        } else if let privileged = options.privileged {
            throw FairnessError.invalid("privileged group '\(privileged)' not found; groups are: \(groupKeys.joined(separator: ", "))")
        }
        self.findings = findings
        var notes: [String] = []
        if per.count == 1 { notes.append("only one group: differences are 0") }
        let missing = order.indices.filter { groupValues[order[$0]].contains(MissingSensitive.groupName) }
        if !missing.isEmpty {
            notes.append("rows with no sensitive value are the group " + missing.map { "\(groupKeys[$0]) (n = \(per[$0].n))" }.joined(separator: ", "))
        }
        for (m, name) in names.enumerated() {
            let empty = per.indices.filter { byGroup[$0][m].isNaN }.map { groupKeys[$0] }
            if !empty.isEmpty { notes.append("\(name) is NaN for \(empty.joined(separator: ", ")) (its denominator is 0 there)") }
        }
        warnings = notes
    }
}
