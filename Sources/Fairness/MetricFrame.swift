import Datasets
import Dispatch
import Synchronization
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Metrics overall and per group, with the between-group summaries Fairlearn's `MetricFrame` gives:
/// `difference` (max − min), `ratio` (min / max), `groupMin`, `groupMax`, and bootstrap intervals.
public struct MetricFrame {
    /// How a difference or ratio is taken.
    public enum Method: String, Sendable, CaseIterable {
        /// Between the best and the worst group.
        case betweenGroups = "between_groups"
        /// Between each group and the overall value (the largest gap).
        case toOverall = "to_overall"
    }

    /// The metrics, in the order given.
    public let metrics: [Metric]
    /// The groups rows belong to.
    public let groups: GroupIndex
    /// The inputs.
    public let data: Predictions
    /// Each metric's value on all rows.
    public let overall: [Double]
    /// `byGroup[g][m]`: metric `m` on group `g` (NaN where a rate's denominator is 0).
    public let byGroup: [[Double]]
    /// Things a reader should know (a single group, groups with NaN rates).
    public let warnings: [String]

    private let evaluator: Evaluator

    /// Computes every metric overall and per group.
    public init(metrics: [Metric], data: Predictions, groups: GroupIndex) throws {
        guard groups.rowCount == data.count else {
            throw FairnessError.lengthMismatch("sensitive", groups.rowCount, "y_true", data.count)
        }
        guard !metrics.isEmpty else { throw FairnessError.invalid("MetricFrame: at least one metric is needed") }
        guard data.count > 0 else { throw FairnessError.invalid("MetricFrame: no rows") }
        self.metrics = metrics
        self.groups = groups
        self.data = data
        evaluator = try Evaluator(metrics: metrics, data: data, groups: groups)
        let (all, per) = try evaluator.evaluate(sample: nil)
        overall = all
        byGroup = per
        var notes: [String] = []
        if groups.count == 1 { notes.append("only one group ('\(groups.names[0])'): differences are 0 and ratios 1") }
        if let note = MetricFrame.missingNote(groups) { notes.append(note) }
        for (m, metric) in metrics.enumerated() {
            let empty = (0..<groups.count).filter { per[$0][m].isNaN }.map { groups.names[$0] }
            if !empty.isEmpty && !all[m].isNaN {
                notes.append("\(metric.name) is NaN for \(empty.joined(separator: ", ")) (its denominator is 0 there)")
            }
        }
        warnings = notes
    }

    /// A note on the rows whose sensitive value is missing, when they form a group of their own.
    static func missingNote(_ groups: GroupIndex) -> String? {
        let missing = groups.values.indices.filter { groups.values[$0].contains(MissingSensitive.groupName) }
        guard !missing.isEmpty else { return nil }
        let sizes = groups.rows().map(\.count)
        let list = missing.map { "\(groups.names[$0]) (n = \(sizes[$0]))" }.joined(separator: ", ")
        return "rows with no sensitive value are the group\(missing.count == 1 ? "" : "s") \(list)"
    }

    /// The smallest value over groups, per metric (NaN groups are skipped).
    public func groupMin() -> [Double] { (0..<metrics.count).map { m in Self.extreme(byGroup.map { $0[m] }, <) } }
    /// The largest value over groups, per metric.
    public func groupMax() -> [Double] { (0..<metrics.count).map { m in Self.extreme(byGroup.map { $0[m] }, >) } }

    /// The gap per metric: max − min between groups, or the largest |group − overall|.
    public func difference(_ method: Method = .betweenGroups) -> [Double] {
        (0..<metrics.count).map { m in Self.difference(byGroup.map { $0[m] }, overall: overall[m], method) }
    }

    /// The ratio per metric: min / max between groups, or the smallest group-to-overall ratio (≤ 1).
    public func ratio(_ method: Method = .betweenGroups) -> [Double] {
        (0..<metrics.count).map { m in Self.ratio(byGroup.map { $0[m] }, overall: overall[m], method) }
    }

    static func extreme(_ values: [Double], _ better: (Double, Double) -> Bool) -> Double {
        var best = Double.nan
        for v in values where !v.isNaN && (best.isNaN || better(v, best)) { best = v }
        return best
    }

    static func difference(_ values: [Double], overall: Double, _ method: Method) -> Double {
        switch method {
        case .betweenGroups: return extreme(values, >) - extreme(values, <)
        case .toOverall: return extreme(values.map { abs($0 - overall) }, >)
        }
    }

    static func ratio(_ values: [Double], overall: Double, _ method: Method) -> Double {
        switch method {
        case .betweenGroups:
            let lo = extreme(values, <), hi = extreme(values, >)
            return lo == 0 && hi == 0 ? .nan : lo / hi
        case .toOverall:
            return extreme(values.map { r in let q = r / overall; return q > 1 ? 1 / q : q }, <)
        }
    }

    /// The bootstrap's settings: 1000 resamples, a 95 % level, seed 0, differences between groups.
    public struct BootstrapSettings: Sendable {
        /// Resamples of the rows.
        public var samples = 1000
        /// Coverage of each percentile interval.
        public var level = 0.95
        /// Seed of the resampling.
        public var seed: UInt64 = 0
        /// How the differences and ratios are taken.
        public var method = Method.betweenGroups
        /// The defaults.
        public init() {}
    }

    /// `intervals(samples:level:seed:method:)` with `settings`; the bootstrap's progress goes to `ProgressHook`.
    public func intervals(_ settings: BootstrapSettings) throws -> Intervals {
        try intervals(samples: settings.samples, level: settings.level, seed: settings.seed, method: settings.method)
    }

    /// Bootstrap percentile intervals for every cell, difference and ratio: rows are resampled with
    /// replacement `samples` times (seeded; replicate k draws from its own stream, so results do not
    /// depend on thread count).
    public func intervals(samples: Int, level: Double, seed: UInt64, method: Method = .betweenGroups,
                          progress: ((Int) -> Void)? = nil) throws -> Intervals {
        guard samples >= 2 else { throw FairnessError.invalid("ci: n must be at least 2, got \(samples)") }
        guard level > 0 && level < 1 else { throw FairnessError.invalid("ci: level must be in (0, 1), got \(level)") }
        let m = metrics.count, g = groups.count
        let width = m * (g + 3)  // overall, groups, difference, ratio
        let hook = progress == nil ? ProgressHook("bootstrap", total: samples) : nil    // fair.detect{ci = 1000}, fair.test.bootstrap
        defer { hook?.finish() }
        let job = try Bootstrap(evaluator: evaluator, samples: samples, width: width, seed: seed, progress: progress ?? { hook?.update($0) }) { all, per, row in
            for j in 0..<m {
                row[j] = all[j]
                let values = per.map { $0[j] }
                for q in 0..<g { row[m + q * m + j] = values[q] }
                row[m * (g + 1) + j] = Self.difference(values, overall: all[j], method)
                row[m * (g + 2) + j] = Self.ratio(values, overall: all[j], method)
            }
        }
        let results = try job.run(parallel: metrics.allSatisfy(\.isConcurrent))
        let lowQ = (1 - level) / 2, highQ = 1 - lowQ
        func interval(_ column: Int) -> ClosedInterval {
            let values = (0..<samples).map { results[$0 * width + column] }.filter { !$0.isNaN }.sorted()
            return ClosedInterval(low: Self.quantile(values, lowQ), high: Self.quantile(values, highQ))
        }
        return Intervals(level: level, samples: samples,
                         overall: (0..<m).map(interval),
                         byGroup: (0..<g).map { q in (0..<m).map { interval(m + q * m + $0) } },
                         difference: (0..<m).map { interval(m * (g + 1) + $0) },
                         ratio: (0..<m).map { interval(m * (g + 2) + $0) })
    }

    /// The q-quantile of sorted values with linear interpolation (NumPy's default); NaN when empty.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (position - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}

/// A lower and upper bound.
public struct ClosedInterval: Equatable, Sendable {
    /// The lower bound.
    public let low: Double
    /// The upper bound.
    public let high: Double
}

/// Bootstrap intervals for a `MetricFrame`, laid out like its values.
public struct Intervals {
    /// The coverage asked for, such as 0.95.
    public let level: Double
    /// The number of bootstrap samples.
    public let samples: Int
    /// Per metric, on all rows.
    public let overall: [ClosedInterval]
    /// `byGroup[g][m]`.
    public let byGroup: [[ClosedInterval]]
    /// Per metric, of the difference.
    public let difference: [ClosedInterval]
    /// Per metric, of the ratio.
    public let ratio: [ClosedInterval]
}

/// Bootstrap replicates of a frame, written row by row into one buffer (on two threads when every metric
/// allows it).
private final class Bootstrap: @unchecked Sendable {
    let evaluator: Evaluator, samples: Int, width: Int, seed: UInt64
    let progress: ((Int) -> Void)?
    let store: ([Double], [[Double]], UnsafeMutableBufferPointer<Double>) -> Void
    var results: [Double]
    var failure: Error?
    let lock = Mutex(())

    init(evaluator: Evaluator, samples: Int, width: Int, seed: UInt64, progress: ((Int) -> Void)?,
         store: @escaping ([Double], [[Double]], UnsafeMutableBufferPointer<Double>) -> Void) throws {
        _ = try Shape.elementCount([samples, width], op: "bootstrap", elementSize: MemoryLayout<Double>.size)
        self.evaluator = evaluator
        self.samples = samples
        self.width = width
        self.seed = seed
        self.progress = progress
        self.store = store
        results = [Double](repeating: .nan, count: samples * width)
    }

    /// Replicate k: its own generator, a resample of the rows, and the metrics on it.
    func replicate(_ k: Int, into base: UnsafeMutablePointer<Double>) throws {
        try Cancellation.check()
        let n = evaluator.data.count
        var rng = RandomGenerator(seed: seed &+ UInt64(k) &* 0x9E37_79B9_7F4A_7C15)
        let sample = (0..<n).map { _ in rng.below(n) }
        let (all, per) = try evaluator.evaluate(sample: sample)
        store(all, per, UnsafeMutableBufferPointer(start: base + k * width, count: width))
    }

    /// All replicates, `samples × width` values.
    func run(parallel: Bool) throws -> [Double] {
        let threads = parallel ? 2 : 1
        results.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            nonisolated(unsafe) let base2 = base
            let work: @Sendable (Int) -> Void = { part in
                var k = part
                while k < self.samples {
                    do { try self.replicate(k, into: base2) } catch {
                        self.lock.withLock { _ in self.failure = self.failure ?? error }
                        return
                    }
                    if part == 0 { self.progress?(k + 1) }
                    k += threads
                }
            }
            if threads == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: threads) { work($0) } }
        }
        if let failure { throw failure }
        return results
    }
}

/// Computes a frame's metrics on all rows or on a resample, sharing the binary views of the inputs.
struct Evaluator {
    let metrics: [Metric]
    let data: Predictions
    let groups: GroupIndex
    let labels: [UInt8]
    let decisions: [UInt8]
    let needsRows: Bool

    init(metrics: [Metric], data: Predictions, groups: GroupIndex) throws {
        self.metrics = metrics
        self.data = data
        self.groups = groups
        let counted = metrics.contains(where: \.isCountBased)
        labels = counted ? try data.binaryLabels() : []
        decisions = counted ? try data.binaryDecisions() : []
        needsRows = !metrics.allSatisfy(\.isCountBased)
    }

    /// Values overall and per group, on `sample` (row indices, repeats allowed) or on every row.
    func evaluate(sample: [Int]?) throws -> (overall: [Double], byGroup: [[Double]]) {
        let g = groups.count
        var counts: [ConfusionCounts] = []
        if !labels.isEmpty {
            if let sample {
                counts = [ConfusionCounts](repeating: ConfusionCounts(), count: g)
                for i in sample { counts[Int(groups.codes[i])].add(label: Int(labels[i]), decision: Int(decisions[i]), weight: data.weight(i)) }
            } else {
                counts = ConfusionCounts.byGroup(labels: labels, decisions: decisions, groups: groups.codes,
                                                 groupCount: g, weights: data.weights)
            }
        }
        let total = counts.reduce(ConfusionCounts(), +)
        var rows: [[Int]] = [], all: [Int] = []
        if needsRows {
            all = sample ?? Array(0..<data.count)
            rows = [[Int]](repeating: [], count: g)
            for i in all { rows[Int(groups.codes[i])].append(i) }
        }
        var overall = [Double](repeating: .nan, count: metrics.count)
        var byGroup = [[Double]](repeating: overall, count: g)
        for (m, metric) in metrics.enumerated() {
            switch metric.kind {
            case let .counts(f):
                overall[m] = try f(total)
                for q in 0..<g where counts[q].n > 0 { byGroup[q][m] = try f(counts[q]) }
            case let .rows(f):
                overall[m] = try f(data, all)
                for q in 0..<g where !rows[q].isEmpty { byGroup[q][m] = try f(data, rows[q]) }
            }
        }
        return (overall, byGroup)
    }
}
