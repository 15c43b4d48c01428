/// Exhaustive subgroup discovery: every conjunction of one value each of up to `depth` features (Adult's
/// "sex = Female ∧ race = Black") with at least `minSupport` rows, ranked by the gap between a metric in the
/// subgroup and in its complement (or overall). Each subgroup whose metric is a proportion of the confusion
/// matrix (selection rate, TPR, FPR, accuracy, …) gets a pooled two-proportion z-test against its complement,
///   z = (x₁/n₁ − x₂/n₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)),  p̂ = (x₁ + x₂)/(n₁ + n₂),
/// and the p-values of all subgroups tested are adjusted together by Benjamini & Hochberg (1995). Counts come
/// from one pass over the rows per combination of features (a joint code per row), never per subgroup.
public struct SubgroupScan: Sendable {
    /// What a subgroup's metric is compared with.
    public enum Reference: String, Sendable, CaseIterable {
        /// The rows outside the subgroup.
        case complement
        /// All rows.
        case overall
    }

    /// The scan's settings.
    public struct Options: Sendable {
        /// Largest number of features in a conjunction (above 3 the scan warns with the number of subgroups).
        public var depth = 2
        /// Fewest rows a subgroup needs to be evaluated.
        public var minSupport = 30
        /// What the metric is compared with.
        public var reference = Reference.complement
        /// The defaults.
        public init() {}
    }

    /// One feature's value in a conjunction.
    public struct Condition: Sendable, Equatable {
        /// The feature.
        public let feature: String
        /// Its value.
        public let value: String
    }

    /// A subgroup and its evidence.
    public struct Subgroup: Sendable {
        /// The conjunction, features in the order scanned.
        public let conditions: [Condition]
        /// Rows in the subgroup.
        public let size: Int
        /// The metric in the subgroup, and in the reference (complement or overall).
        public let value: Double, reference: Double
        /// value − reference.
        public var gap: Double { value - reference }
        /// The z statistic and two-sided p-value against the complement (nil: not a proportion, or no test possible).
        public let z: Double?, pValue: Double?
        /// The Benjamini–Hochberg adjusted p-value over all subgroups tested.
        public internal(set) var adjusted: Double?
        /// "sex = Female ∧ race = Black".
        public var description: String { conditions.map { "\($0.feature) = \($0.value)" }.joined(separator: " ∧ ") }
    }

    /// The metric ranked.
    public let metric: String
    /// The features scanned.
    public let features: [String]
    /// The settings used.
    public let options: Options
    /// Subgroups with enough support, largest |gap| first (undefined gaps last).
    public let subgroups: [Subgroup]
    /// Subgroups given a p-value (the family Benjamini–Hochberg adjusts over).
    public let tested: Int
    /// Non-empty subgroups left out for having fewer than `minSupport` rows.
    public let belowSupport: Int
    /// What the reader should know: the metric has no test, the scan is large.
    public let notes: [String]

    /// Proportions of the confusion matrix by metric name: successes and trials from the counts.
    static let proportions: [String: @Sendable (ConfusionCounts) -> (Int, Int)] = [
        "selection_rate": { ($0.tp + $0.fp, $0.n) }, "base_rate": { ($0.tp + $0.fn, $0.n) },
        "accuracy": { ($0.tp + $0.tn, $0.n) }, "error_rate": { ($0.fp + $0.fn, $0.n) },
        "tpr": { ($0.tp, $0.tp + $0.fn) }, "fnr": { ($0.fn, $0.tp + $0.fn) }, "tnr": { ($0.tn, $0.tn + $0.fp) },
        "fpr": { ($0.fp, $0.tn + $0.fp) }, "ppv": { ($0.tp, $0.tp + $0.fp) }, "fdr": { ($0.fp, $0.tp + $0.fp) },
        "npv": { ($0.tn, $0.tn + $0.fn) }, "for": { ($0.fn, $0.tn + $0.fn) },
    ]

    /// The number of candidate conjunctions of up to `depth` of features with `levels` values each (saturating).
    public static func candidates(levels: [Int], depth: Int) -> Int {
        var byDepth = [Int](repeating: 0, count: depth + 1)   // elementary symmetric sums of the level counts
        byDepth[0] = 1
        for l in levels {
            for d in stride(from: depth, through: 1, by: -1) {
                let (m, o1) = byDepth[d - 1].multipliedReportingOverflow(by: l), (s, o2) = byDepth[d].addingReportingOverflow(m)
                byDepth[d] = o1 || o2 ? Int.max : s
            }
        }
        return byDepth.dropFirst().reduce(0) { $0.addingReportingOverflow($1).overflow ? Int.max : $0 + $1 }
    }

    /// Scans `features` for the subgroups where `metric` on `data` deviates most.
    public init(features: ScanFeatures, data: Predictions, metric m: Metric, options: Options = Options()) throws {
        let metric = m
        let n = features.rowCount
        guard data.count == n else { throw FairnessError.lengthMismatch("predictions", data.count, "feature rows", n) }
        guard options.depth >= 1 else { throw FairnessError.invalid("scan: depth must be at least 1; got \(options.depth)") }
        guard options.minSupport >= 1 else { throw FairnessError.invalid("scan: min_support must be at least 1; got \(options.minSupport)") }
        let k = features.names.count, depth = min(options.depth, k)
        var notes: [String] = []
        let count = Self.candidates(levels: features.levels.map(\.count), depth: depth)
        if options.depth > 3 {
            notes.append("depth \(options.depth) over \(k) features: up to \(count == Int.max ? "more than \(Int.max)" : String(count)) subgroups to evaluate; " +
                         "the scan is slow and Benjamini–Hochberg over so many tests finds only large effects (depth 2 or 3 is usual)")
        }
        let proportion = metric.isCountBased ? Self.proportions[metric.name] : nil
        if proportion == nil { notes.append("\(metric.name) is not a proportion of the confusion matrix: subgroups are ranked by their gap without a test") }
        let y = metric.isCountBased ? try data.binaryLabels() : [], p = metric.isCountBased ? try data.binaryDecisions() : []
        let all = metric.isCountBased ? ConfusionCounts.byGroup(labels: y, decisions: p, groups: [Int32](repeating: 0, count: n), groupCount: 1, weights: data.weights)[0]
            : ConfusionCounts()
        let overall = try metric.isCountBased ? Self.evaluate(metric, all) : metric.value(data, rows: Array(0..<n))
        var found: [Subgroup] = [], below = 0
        for size in 1...depth {
            for combo in Self.combinations(k, size) {
                var cells = 1
                for f in combo {
                    let (m, o) = cells.multipliedReportingOverflow(by: max(1, features.levels[f].count))
                    guard !o, m <= 2_000_000 else {
                        throw FairnessError.invalid("scan: \(combo.map { features.names[$0] }.joined(separator: " × ")) has too many combinations of values; bin the features or lower depth")
                    }
                    cells = m
                }
                var joint = [Int32](repeating: 0, count: n)
                for f in combo {
                    let levels = Int32(features.levels[f].count), codes = features.codes[f]
                    for i in 0..<n { joint[i] = joint[i] * levels + codes[i] }
                }
                let sizes = Self.sizes(joint, cells)
                let counts = metric.isCountBased ? ConfusionCounts.byGroup(labels: y, decisions: p, groups: joint, groupCount: cells, weights: data.weights) : []
                let rows = metric.isCountBased ? [] : Self.rows(joint, sizes)
                for cell in 0..<cells where sizes[cell] > 0 {
                    guard sizes[cell] >= options.minSupport else { below += 1; continue }
                    var conditions: [Condition] = [], rest = cell
                    for f in combo.reversed() {
                        let l = features.levels[f].count
                        conditions.append(Condition(feature: features.names[f], value: features.levels[f][rest % l]))
                        rest /= l
                    }
                    let value: Double, other: Double
                    var z: Double?, pValue: Double?
                    if metric.isCountBased {
                        let inside = counts[cell], outside = Self.minus(all, inside)
                        value = try Self.evaluate(metric, inside)
                        other = options.reference == .overall ? overall : try Self.evaluate(metric, outside)
                        if let proportion, let t = Self.test(proportion(inside), proportion(outside)) { (z, pValue) = t }
                    } else {
                        value = try metric.value(data, rows: rows[cell])
                        let mask = Set(rows[cell])
                        other = options.reference == .overall ? overall : try metric.value(data, rows: (0..<n).filter { !mask.contains($0) })
                    }
                    found.append(Subgroup(conditions: conditions.reversed(), size: sizes[cell], value: value, reference: other, z: z, pValue: pValue))
                }
            }
        }
        let tested = found.indices.filter { found[$0].pValue != nil }
        let adjusted = try StatisticalTests.adjust(tested.map { found[$0].pValue ?? 1 }, method: .bh)
        for (i, a) in zip(tested, adjusted) { found[i].adjusted = a }
        subgroups = found.enumerated().sorted { a, b in
            let x = abs(a.element.gap), y = abs(b.element.gap)
            if x.isNaN != y.isNaN { return y.isNaN }
            return x != y && !x.isNaN ? x > y : a.offset < b.offset
        }.map(\.element)
        self.metric = m.name
        self.features = features.names
        self.options = options
        self.tested = tested.count
        belowSupport = below
        self.notes = notes
    }

    /// The metric on counts.
    static func evaluate(_ metric: Metric, _ c: ConfusionCounts) throws -> Double {
        guard case let .counts(f) = metric.kind else { return .nan }
        return try f(c)
    }

    /// The pooled two-proportion z-test of x₁/n₁ against x₂/n₂ (nil when a side is empty or the pooled rate is 0 or 1).
    static func test(_ a: (Int, Int), _ b: (Int, Int)) -> (Double, Double)? {
        guard a.1 > 0, b.1 > 0, a.0 + b.0 > 0, a.0 + b.0 < a.1 + b.1 else { return nil }
        let z = StatisticalTests.pooledZ(Double(a.0), Double(a.1), Double(b.0), Double(b.1))
        return (z, SpecialFunctions.normalTwoSided(z))
    }

    /// a − b, count by count.
    static func minus(_ a: ConfusionCounts, _ b: ConfusionCounts) -> ConfusionCounts {
        var c = ConfusionCounts()
        (c.tp, c.fp, c.tn, c.fn) = (a.tp - b.tp, a.fp - b.fp, a.tn - b.tn, a.fn - b.fn)
        (c.wtp, c.wfp, c.wtn, c.wfn) = (a.wtp - b.wtp, a.wfp - b.wfp, a.wtn - b.wtn, a.wfn - b.wfn)
        return c
    }

    /// Rows per joint code.
    static func sizes(_ joint: [Int32], _ cells: Int) -> [Int] {
        var sizes = [Int](repeating: 0, count: cells)
        for c in joint { sizes[Int(c)] += 1 }
        return sizes
    }

    /// The rows of each joint code (for metrics computed from rows).
    static func rows(_ joint: [Int32], _ sizes: [Int]) -> [[Int]] {
        var rows = sizes.map { _ in [Int]() }
        for c in rows.indices { rows[c].reserveCapacity(sizes[c]) }
        for (i, c) in joint.enumerated() { rows[Int(c)].append(i) }
        return rows
    }

    /// The `size`-subsets of 0..<k in lexicographic order (itertools.combinations).
    static func combinations(_ k: Int, _ size: Int) -> [[Int]] {
        guard size <= k else { return [] }
        var out: [[Int]] = [], current = Array(0..<size)
        while true {
            out.append(current)
            var i = size - 1
            while i >= 0 && current[i] == k - size + i { i -= 1 }
            guard i >= 0 else { return out }
            current[i] += 1
            for j in (i + 1)..<size { current[j] = current[j - 1] + 1 }
        }
    }
}
