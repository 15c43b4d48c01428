import Tensors

/// The MDSS bias scan (multi-dimensional subset scan; Zhang & Neill 2016) as AIF360 0.6.1 runs it
/// (`aif360.detectors.mdss.MDSS.scan`, reached through `bias_scan` / `MDSS_bias_scan`): coordinate ascent over
/// the features, each step choosing the best subset of one feature's values given the others (Speakman et al.'s
/// linear-time subset scanning over the q thresholds), the Bernoulli score penalised by `penalty` per value kept,
/// restarted `iterations` times (the first from the whole population, the rest from random subsets drawn from
/// NumPy's legacy generator seeded with `seed`, as AIF360 draws them). Scores are rounded to 4 decimals, as
/// AIF360's `score_current_subset` rounds them. Rows are grouped into cells of equal feature values once, so a
/// subset is matched cell by cell, never row by row.
public struct MDSSScan: Sendable {
    /// Which deviation to look for.
    public enum Direction: String, Sendable, CaseIterable {
        /// Outcomes below expectations (AIF360's overpredicted = True, scoring direction "negative", q < 1).
        case overpredicted
        /// Outcomes above expectations (overpredicted = False, direction "positive", q > 1).
        case underpredicted
    }

    /// The scan's settings, with AIF360's defaults.
    public struct Options: Sendable {
        /// Penalty per feature value in the subgroup's description (AIF360's default 1e-17).
        public var penalty = 1e-17
        /// Restarts (AIF360's `num_iters`, default 10).
        public var iterations = 10
        /// The deviation looked for.
        public var direction = Direction.overpredicted
        /// Seed of NumPy's legacy generator (AIF360 always uses 0).
        public var seed: UInt32 = 0
        /// The defaults.
        public init() {}
    }

    /// One feature's allowed values in the subgroup.
    public struct Condition: Sendable, Equatable {
        /// The feature.
        public let feature: String
        /// Its values in the subgroup, in level order.
        public let values: [String]
    }

    /// The features scanned.
    public let features: [String]
    /// The settings used.
    public let options: Options
    /// The highest-scoring subgroup: rows whose every listed feature takes one of the listed values (empty: everyone).
    public let subgroup: [Condition]
    /// Its penalised Bernoulli score, rounded to 4 decimals (0 or below: no subgroup deviates).
    public let score: Double
    /// Rows in the subgroup, and in all.
    public let size: Int, rowCount: Int
    /// The subgroup's observed rate of positive outcomes and mean expectation.
    public let observedRate: Double, expectedRate: Double
    /// The q (odds multiplier) that maximises the subgroup's score.
    public let oddsMultiplier: Double

    /// Scans `features` for the subgroup whose 0/1 `observations` deviate most from `expectations` (probabilities).
    public init(features: ScanFeatures, observations: [UInt8], expectations: [Double], options: Options = Options()) throws {
        let data = try Cells(features, observations, expectations)
        guard options.iterations >= 1, options.iterations <= 10_000 else { throw FairnessError.invalid("scan: num_iters must be in 1…10000; got \(options.iterations)") }
        guard options.penalty >= 0, options.penalty.isFinite else { throw FairnessError.invalid("scan: penalty must be a finite number ≥ 0; got \(options.penalty)") }
        let scorer = BernoulliScore(p: data.p, positive: options.direction == .underpredicted)
        var random = LegacyNumpyRandom(seed: options.seed)
        var best: [Int: [Int32]] = [:], bestScore = -1e10
        let k = features.names.count
        let progress = ProgressHook("MDSS scan", total: options.iterations)
        defer { progress.finish() }
        for iteration in 0..<options.iterations {
            var flags = [Bool](repeating: false, count: k)
            var subset: [Int: [Int32]] = [:]
            if iteration > 0 {
                let probability = random.uniform()
                subset = data.randomSubset(&random, probability: probability, minimum: 10)
            }
            var current = data.score(subset, scorer, penalty: options.penalty)
            while flags.contains(false) {
                var a = random.choice(k)
                while flags[a] { a = random.choice(k) }
                subset[a] = nil
                var next = subset
                let names = data.bestValues(of: a, given: subset, scorer, penalty: options.penalty)
                if !names.isEmpty { next[a] = names }
                let score = data.score(next, scorer, penalty: options.penalty)
                if score > current + 1e-6 { flags = [Bool](repeating: false, count: k) }
                flags[a] = true
                subset = next
                current = score
            }
            if current > bestScore {
                best = subset
                bestScore = current
            }
            progress.update(iteration + 1, status: "best score \(bestScore)")
        }
        let cells = data.cells(matching: best)
        let rows = cells.map { data.ranges[$0] }, y = cells.reduce(0.0) { $0 + data.ySum[$1] }, size = rows.reduce(0) { $0 + $1.count }
        self.features = features.names
        self.options = options
        subgroup = data.essential(best).keys.sorted().map { f in
            Condition(feature: features.names[f], values: (best[f] ?? []).sorted().map { features.levels[f][Int($0)] })
        }
        score = bestScore
        self.size = size
        rowCount = observations.count
        observedRate = size > 0 ? y / Double(size) : .nan
        expectedRate = size > 0 ? rows.reduce(0.0) { s, r in r.reduce(s) { $0 + data.p[$1] } } / Double(size) : .nan
        oddsMultiplier = scorer.qmle(y, rows)
    }

    /// `subgroup` without the conditions that restrict nothing given the others (AIF360 sometimes keeps a feature
    /// with every value its rows take: with a negligible penalty that description and the one without it score
    /// the same up to the last bit of two sums taken in different orders, and which one it reports is chance).
    public static func essential(features: ScanFeatures, observations: [UInt8], expectations: [Double],
                                 subgroup: [String: [String]]) throws -> [Condition] {
        let data = try Cells(features, observations, expectations)
        let subset = try codes(features, subgroup)
        return data.essential(subset).keys.sorted().map { f in
            Condition(feature: features.names[f], values: (subset[f] ?? []).sorted().map { features.levels[f][Int($0)] })
        }
    }

    /// A `{feature: [values]}` subgroup as codes.
    static func codes(_ features: ScanFeatures, _ subgroup: [String: [String]]) throws -> [Int: [Int32]] {
        var subset: [Int: [Int32]] = [:]
        for (name, values) in subgroup {
            let f = try features.index(of: name)
            subset[f] = try values.map { v in
                guard let c = features.levels[f].firstIndex(of: v) else {
                    throw FairnessError.invalid("scan: '\(name)' has no value '\(v)'; values are: \(features.levels[f].joined(separator: ", "))")
                }
                return Int32(c)
            }
        }
        return subset
    }

    /// AIF360's `mdss_bias_score`: the penalised Bernoulli score (4 decimals) of a given subgroup,
    /// `{feature: [values]}` (an empty map scores everyone).
    public static func score(features: ScanFeatures, observations: [UInt8], expectations: [Double], subgroup: [String: [String]],
                             direction: Direction = .overpredicted, penalty: Double = 1e-17) throws -> Double {
        let data = try Cells(features, observations, expectations), subset = try codes(features, subgroup)
        return data.score(subset, BernoulliScore(p: data.p, positive: direction == .underpredicted), penalty: penalty)
    }
}

/// Rows grouped by their combination of feature codes: each cell's rows are contiguous in `p`, with their
/// observed sum, so matching a subset is a pass over cells.
struct Cells {
    let featureCount: Int
    /// Codes of cell c: `codes[c * featureCount + f]`.
    let codes: [Int32]
    /// Rows of cell c: `ranges[c]` (indices into `p`).
    let ranges: [Range<Int>]
    /// Observed positives per cell.
    let ySum: [Double]
    /// Expectations, rows sorted by cell.
    let p: [Double]
    /// Each feature's codes in order of first appearance in the rows (pandas' `unique()`).
    let appearance: [[Int32]]
    /// Levels per feature.
    let levelCounts: [Int]

    init(_ features: ScanFeatures, _ observations: [UInt8], _ expectations: [Double]) throws {
        let n = features.rowCount, k = features.names.count
        guard observations.count == n else { throw FairnessError.lengthMismatch("observations", observations.count, "feature rows", n) }
        guard expectations.count == n else { throw FairnessError.lengthMismatch("expectations", expectations.count, "feature rows", n) }
        if let bad = observations.firstIndex(where: { $0 > 1 }) { throw FairnessError.invalid("scan: observations must be 0/1; row \(bad + 1) is \(observations[bad])") }
        if let bad = expectations.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw FairnessError.invalid("scan: expectations must be probabilities in [0, 1]; row \(bad + 1) is \(expectations[bad])")
        }
        guard n > 0 else { throw FairnessError.invalid("scan: no rows to scan") }
        let columns = features.codes
        let order = (0..<n).sorted { a, b in
            for f in 0..<k where columns[f][a] != columns[f][b] { return columns[f][a] < columns[f][b] }
            return a < b
        }
        var codes: [Int32] = [], ranges: [Range<Int>] = [], ySum: [Double] = []
        var start = 0
        for (i, row) in order.enumerated() where i == 0 || (0..<k).contains(where: { columns[$0][row] != columns[$0][order[i - 1]] }) {
            if i > 0 { ranges.append(start..<i) }
            start = i
            for f in 0..<k { codes.append(columns[f][row]) }
        }
        ranges.append(start..<n)
        for r in ranges { ySum.append(Double(r.reduce(0) { $0 + Int(observations[order[$1]]) })) }
        featureCount = k
        self.codes = codes
        self.ranges = ranges
        self.ySum = ySum
        p = order.map { expectations[$0] }
        levelCounts = features.levels.map(\.count)
        appearance = columns.enumerated().map { f, c in
            var seen = [Bool](repeating: false, count: features.levels[f].count), out: [Int32] = []
            for v in c where !seen[Int(v)] { seen[Int(v)] = true; out.append(v) }
            return out
        }
    }

    /// Allowed-value masks of a subset (nil: the feature is unrestricted).
    func masks(_ subset: [Int: [Int32]]) -> [[Bool]?] {
        (0..<featureCount).map { f in
            subset[f].map { values in
                var m = [Bool](repeating: false, count: levelCounts[f])
                for v in values { m[Int(v)] = true }
                return m
            }
        }
    }

    /// The cells inside `subset`.
    func cells(matching subset: [Int: [Int32]]) -> [Int] {
        let m = masks(subset)
        return ranges.indices.filter { c in
            (0..<featureCount).allSatisfy { f in m[f].map { $0[Int(codes[c * featureCount + f])] } ?? true }
        }
    }

    /// AIF360's `score_current_subset`: the score at q_mle with the penalty times the number of values listed,
    /// rounded to 4 decimals (NumPy's round half to even).
    func score(_ subset: [Int: [Int32]], _ scorer: BernoulliScore, penalty: Double) -> Double {
        let cells = cells(matching: subset)
        let rows = cells.map { ranges[$0] }, y = cells.reduce(0.0) { $0 + ySum[$1] }
        let total = penalty * Double(subset.values.reduce(0) { $0 + $1.count })
        let s = scorer.score(y, rows, penalty: total, q: scorer.qmle(y, rows))
        return (s * 10_000).rounded(.toNearestOrEven) / 10_000
    }

    /// `get_aggregates` + `choose_aggregates`: the best set of values of feature `a` given the other features'
    /// restrictions in `subset`; empty when keeping every value scores best.
    func bestValues(of a: Int, given subset: [Int: [Int32]], _ scorer: BernoulliScore, penalty: Double) -> [Int32] {
        let cells = cells(matching: subset)
        var byValue = [[Range<Int>]](repeating: [], count: levelCounts[a]), yByValue = [Double](repeating: 0, count: levelCounts[a])
        for c in cells {
            let v = Int(codes[c * featureCount + a])
            byValue[v].append(ranges[c])
            yByValue[v] += ySum[c]
        }
        var kept: [(value: Int32, qMin: Double, qMax: Double)] = [], thresholds = Set<Double>()
        for v in byValue.indices where !byValue[v].isEmpty {
            if let q = scorer.interval(yByValue[v], byValue[v], penalty: penalty) {
                kept.append((Int32(v), q.qMin, q.qMax))
                thresholds.insert(q.qMin)
                thresholds.insert(q.qMax)
            }
        }
        let sorted = thresholds.sorted()
        var bestScore = 0.0, best: [Int32] = []
        for i in sorted.indices.dropLast() {
            let t = (sorted[i] + sorted[i + 1]) / 2
            let inside = kept.filter { $0.qMin < t && $0.qMax > t }
            guard !inside.isEmpty else { continue }
            let rows = inside.flatMap { byValue[Int($0.value)] }, y = inside.reduce(0.0) { $0 + yByValue[Int($1.value)] }
            let s = scorer.score(y, rows, penalty: penalty * Double(inside.count), q: scorer.qmle(y, rows))
            if s > bestScore { bestScore = s; best = inside.map(\.value) }
        }
        let all = cells.map { ranges[$0] }, y = yByValue.reduce(0, +)
        if scorer.score(y, all, penalty: 0, q: scorer.qmle(y, all)) > bestScore { best = [] }
        return best
    }

    /// `subset` without the features whose condition removes no row given the others (checked in feature order).
    func essential(_ subset: [Int: [Int32]]) -> [Int: [Int32]] {
        var out = subset
        let size = cells(matching: subset).reduce(0) { $0 + ranges[$1].count }
        for f in subset.keys.sorted() {
            var without = out
            without[f] = nil
            if cells(matching: without).reduce(0, { $0 + ranges[$1].count }) == size { out = without }
        }
        return out
    }

    /// AIF360's `get_random_subset`: features in a random order, each value kept with `probability`; a feature is
    /// restricted only when some value is dropped and at least `minimum` rows remain.
    func randomSubset(_ random: inout LegacyNumpyRandom, probability: Double, minimum: Int) -> [Int: [Int32]] {
        var subset: [Int: [Int32]] = [:]
        for f in random.permutation(Array(0..<featureCount)) {
            let values = appearance[f]
            let keep = values.filter { _ in random.uniform() < probability }
            guard keep.count < values.count else { continue }
            subset[f] = keep
            if cells(matching: subset).reduce(0, { $0 + ranges[$1].count }) < minimum { subset[f] = nil }
        }
        return subset
    }
}
