import Datasets
import FoundationEssentials

/// A ranking of scored candidates that gives each group its target share at every prefix: the deterministic
/// re-rankers of Geyik, Ambler & Kenthapadi (KDD 2019, LinkedIn Talent Search; AIF360's `DeterministicReranking`)
/// and an exposure-parity re-ranker (Singh & Joachims, KDD 2018: each group's share of the exposure
/// Σ 1/log₂(1 + position) follows its target).
public struct FairRanking: Sendable, CustomStringConvertible {
    /// The re-ranking algorithms.
    public enum Method: String, CaseIterable, Sendable {
        /// DetGreedy: a group below ⌊k·p⌋ first (the best of them), else the best candidate of a group below ⌈k·p⌉.
        case greedy
        /// DetCons: a group below ⌊k·p⌋ first, else the group whose ⌈k·p⌉ / p is smallest (then the best score).
        case conservative
        /// DetRelaxed: as conservative with ⌈⌈k·p⌉ / p⌉, which lets the better score win more often.
        case relaxed
        /// DetConstSort: inserts each group's next candidate when its minimum ⌊k·p⌋ rises, then moves it up past
        /// worse-scored candidates as far as their own minimum positions allow.
        case constrained
        /// Exposure parity: each position goes to the group whose exposure lags its target share most.
        case exposure
    }

    /// The method used.
    public let method: Method
    /// The groups, in `GroupIndex` order.
    public let groups: [String]
    /// The target share of each group.
    public let target: [Double]
    /// The ranked candidates' row indices (0-based), best first.
    public let order: [Int]
    /// The measures of the re-ranking.
    public let measures: RankingMeasures
    /// The measures of the same number of candidates ranked by score alone.
    public let plain: RankingMeasures
    /// What could not be done as asked (a group that ran out of candidates).
    public let notes: [String]

    /// Refuses target shares that are not one finite share in [0, 1] per group summing to 1.
    static func checkTarget(_ target: [Double], groups: [String]) throws {
        guard target.count == groups.count else {
            throw FairnessError.invalid("ranking: one target share per group expected (\(groups.count) groups), got \(target.count)")
        }
        for (g, p) in zip(groups, target) where !(p >= 0 && p <= 1) {
            throw FairnessError.invalid("ranking: the target share of '\(g)' must lie in [0, 1], got \(p)")
        }
        let sum = target.reduce(0, +)
        guard abs(sum - 1) <= 1e-9 else { throw FairnessError.invalid("ranking: the target shares must sum to 1, got \(sum)") }
    }

    /// The shares of `names` (every key a group; groups left out get 0), or each group's share of the candidates.
    public static func target(_ shares: [String: Double]?, groups index: GroupIndex) throws -> [Double] {
        let names = index.names
        guard let shares else {
            var counts = [Double](repeating: 0, count: names.count)
            for c in index.codes { counts[Int(c)] += 1 }
            return counts.map { $0 / Double(index.rowCount) }
        }
        for key in shares.keys where !names.contains(key) {
            throw FairnessError.invalid("ranking: target names the group '\(key)', but the groups are: \(names.joined(separator: ", "))")
        }
        let target = names.map { shares[$0] ?? 0 }
        try checkTarget(target, groups: names)
        return target
    }

    /// The method when none is given.
    public static let defaultMethod = Method.constrained
    /// The prefix length of skew@k when none is given.
    public static let defaultSkewDepth = 10

    /// Ranks the `size` best candidates of `scores` (higher is better) so that the groups of `groups` get
    /// `target` shares (default: their shares of the candidates) with `method` (default constrained); skew is
    /// measured at depth `skewAt` (default 10).
    public init(scores: [Double], groups: GroupIndex, size: Int, target shares: [String: Double]? = nil,
                method: Method? = nil, skewAt: Int? = nil) throws {
        let method = method ?? FairRanking.defaultMethod, skewAt = skewAt ?? FairRanking.defaultSkewDepth
        guard scores.count == groups.rowCount else { throw FairnessError.lengthMismatch("scores", scores.count, "sensitive", groups.rowCount) }
        guard !scores.isEmpty else { throw FairnessError.invalid("ranking: no candidates") }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) {
            throw FairnessError.invalid("ranking: score \(bad + 1) is \(scores[bad]); scores must be finite numbers")
        }
        guard size >= 1 && size <= scores.count else {
            throw FairnessError.invalid("ranking: k must lie in 1…\(scores.count) (the number of candidates), got \(size)")
        }
        let target = try FairRanking.target(shares, groups: groups)
        let better: (Int, Int) -> Bool = { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var queues = [[Int]](repeating: [], count: groups.count)
        for (row, c) in groups.codes.enumerated() { queues[Int(c)].append(row) }
        for g in queues.indices { queues[g].sort(by: better) }
        var ranking = FairRanker(queues: queues, scores: scores, target: target, names: groups.names)
        switch method {
        case .constrained: ranking.constrained(size)
        case .exposure: ranking.exposure(size)
        default: ranking.greedy(size, method)
        }
        self.method = method
        self.groups = groups.names
        self.target = target
        order = ranking.out
        notes = ranking.notes
        let codes = groups.codes.map(Int.init)
        measures = try RankingMeasures(ranked: order.map { codes[$0] }, groups: groups.names, target: target, skewAt: skewAt)
        let byScore = scores.indices.sorted(by: better).prefix(order.count)
        plain = try RankingMeasures(ranked: byScore.map { codes[$0] }, groups: groups.names, target: target, skewAt: skewAt)
    }

    /// The re-ranking as a table: each group's target, count, share, skew and exposure, against ranking by score alone.
    public var description: String {
        var table = TextTable(header: ["group", "target", "ranked", "share", "skew@\(measures.skewDepth)", "exposure/item",
                                       "by score: ranked", "skew@\(plain.skewDepth)"])
        for g in groups.indices {
            table.rows.append([groups[g], TextTable.format(target[g]), String(measures.counts[g]),
                               TextTable.format(Double(measures.counts[g]) / Double(order.count)), TextTable.format(measures.skew[g]),
                               TextTable.format(measures.exposurePerItem[g]), String(plain.counts[g]), TextTable.format(plain.skew[g])])
        }
        var out = "FairRanking(\(method.rawValue), \(order.count) ranked)\n\(table)\n"
        out += "NDKL \(TextTable.format(measures.ndkl)) (by score alone \(TextTable.format(plain.ndkl))); "
        out += "exposure ratio \(TextTable.format(measures.exposureRatio)) (by score alone \(TextTable.format(plain.exposureRatio)))"
        for note in notes { out += "\nnote: \(note)" }
        return out
    }
}

/// The state of one re-ranking: each group's candidates best first, how many of each are ranked, the output.
private struct FairRanker {
    let queues: [[Int]]
    let scores: [Double]
    let target: [Double]
    let names: [String]
    var counts: [Int]
    var out: [Int] = []
    var notes: [String] = []
    private var exhaustedNoted: Set<Int> = []

    init(queues: [[Int]], scores: [Double], target: [Double], names: [String]) {
        self.queues = queues
        self.scores = scores
        self.target = target
        self.names = names
        counts = [Int](repeating: 0, count: queues.count)
    }

    /// Whether group `g` has a candidate left.
    func available(_ g: Int) -> Bool { counts[g] < queues[g].count }
    /// The score of group `g`'s next candidate.
    func best(_ g: Int) -> Double { scores[queues[g][counts[g]]] }
    /// Each group's next score (−∞ for a group with none left).
    func nextScores() -> [Double] { queues.indices.map { available($0) ? best($0) : -.infinity } }

    /// Ranks group `g`'s next candidate last.
    mutating func take(_ g: Int) {
        out.append(queues[g][counts[g]])
        counts[g] += 1
    }

    /// Notes once that group `g` ran out of candidates at position `k`.
    mutating func noteExhausted(_ g: Int, at k: Int) {
        guard exhaustedNoted.insert(g).inserted else { return }
        notes.append("group '\(names[g])' ran out of candidates at position \(k); its target share could not be met below it")
    }

    /// DetGreedy, DetCons and DetRelaxed (Geyik et al., Algorithms 1 and 2).
    mutating func greedy(_ size: Int, _ method: FairRanking.Method) {
        for k in 1...size {
            let kd = Double(k)
            var belowMin: [Int] = [], belowMax: [Int] = []
            for g in queues.indices {
                let c = Double(counts[g]), low = (kd * target[g]).rounded(.down), high = (kd * target[g]).rounded(.up)
                if c < low {
                    if available(g) { belowMin.append(g) } else { noteExhausted(g, at: k) }
                } else if c < high && available(g) {
                    belowMax.append(g)
                }
            }
            let top = nextScores(), target = self.target
            let byScore: (Int, Int) -> Bool = { top[$0] < top[$1] }
            let next: Int?
            if let g = belowMin.max(by: byScore) {
                next = g
            } else if method == .greedy {
                next = belowMax.max(by: byScore)
            } else {
                let key: (Int) -> Double = { g in
                    let bound = (kd * target[g]).rounded(.up) / target[g]
                    return method == .relaxed ? bound.rounded(.up) : bound
                }
                next = belowMax.min { key($0) < key($1) || (key($0) == key($1) && top[$0] > top[$1]) }
            }
            guard let g = next ?? queues.indices.filter(available).max(by: byScore) else { return }
            take(g)
        }
    }

    /// DetConstSort (Geyik et al., Algorithm 3).
    mutating func constrained(_ size: Int) {
        var minimums = [Double](repeating: 0, count: queues.count), maxIndex: [Int] = []
        var k = 0
        while out.count < size {
            k += 1
            let atK = target.map { (Double(k) * $0).rounded(.down) }
            let rose = queues.indices.filter { atK[$0] > minimums[$0] }
            for g in rose where !available(g) { noteExhausted(g, at: out.count + 1) }
            let changed = rose.filter(available).sorted { best($0) > best($1) || (best($0) == best($1) && $0 < $1) }
            if !rose.isEmpty { minimums = atK }
            guard !changed.isEmpty else {
                // No candidate to insert at this k: go to the next k at which a group that has one rises.
                let next = queues.indices.filter { target[$0] > 0 && available($0) }.map { ((minimums[$0] + 1) / target[$0]).rounded(.up) }.min()
                guard let next, next < 1e15 else {
                    notes.append("the ranking ends at \(out.count): every group with a target share ran out of candidates")
                    return
                }
                k = max(k, Int(next) - 2)
                continue
            }
            for g in changed {
                guard out.count < size else { break }
                maxIndex.append(k - 1)
                take(g)
                var i = out.count - 1
                while i > 0 && maxIndex[i - 1] >= i && scores[out[i - 1]] < scores[out[i]] {
                    maxIndex.swapAt(i - 1, i)
                    out.swapAt(i - 1, i)
                    i -= 1
                }
            }
        }
    }

    /// Exposure parity: position j goes to the available group with the largest p_g·(E + e_j) − E_g, E the
    /// exposure given so far, E_g group g's, e_j = 1/log₂(1 + j); ties to the better next candidate.
    mutating func exposure(_ size: Int) {
        var given = [Double](repeating: 0, count: queues.count), total = 0.0
        for j in 1...size {
            let e = RankingMeasures.exposure(position: j)
            for g in queues.indices where target[g] > 0 && !available(g) { noteExhausted(g, at: j) }
            let top = nextScores(), target = self.target
            let deficit: (Int) -> Double = { target[$0] * (total + e) - given[$0] }
            guard let g = queues.indices.filter(available).max(by: {
                deficit($0) < deficit($1) || (deficit($0) == deficit($1) && top[$0] < top[$1])
            }) else { return }
            take(g)
            given[g] += e
            total += e
        }
    }
}
