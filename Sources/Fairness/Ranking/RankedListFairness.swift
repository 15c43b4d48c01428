import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// How a ranked list with relevance treats groups: exposure per item and its ratio to relevance (Singh & Joachims,
/// KDD 2018, "Fairness of Exposure in Rankings": exposure of position j = 1 / log₂(1 + j); a group is treated
/// fairly when its exposure is proportional to its relevance), NDCG overall and by group, AIF360 0.6's
/// `discounted_cum_gain` and `infeasible_index` (Geyik, Ambler & Kenthapadi, KDD 2019: a prefix of length k is
/// infeasible for group g when it holds fewer than ⌊p*_g · k⌋ of g's items).
public struct RankedListFairness: Sendable, Equatable {
    /// The groups and how many items each has in the list.
    public let groups: [String], sizes: [Int]
    /// The positions measured: the first `depth` items (DCG, NDCG, infeasibility).
    public let depth: Int
    /// DCG@depth = Σ_{i ≤ depth} rel_i / log₂(i + 1), AIF360's `discounted_cum_gain(r = depth)`.
    public let dcg: Double
    /// NDCG@depth = DCG@depth / the DCG@depth of the relevances sorted from high to low (NaN when that is 0).
    public let ndcg: Double
    /// Each group's NDCG@depth on its own items in their ranked order (the list restricted to the group).
    public let groupNDCG: [Double]
    /// Each group's mean exposure per item over the whole list.
    public let exposure: [Double]
    /// Each group's mean relevance.
    public let relevance: [Double]
    /// Each group's exposure / relevance (+∞ for a relevance of 0 with exposure; NaN for an empty group).
    public let exposureToRelevance: [Double]
    /// The target share of each group (for infeasibility), when given.
    public let target: [Double]?
    /// AIF360's infeasible index: the count of (prefix length k in 1..<depth, group) pairs with fewer than ⌊p*_g·k⌋ items
    /// of g among the first k, and the 0-based positions k − 1 where some group falls short (nil without a target).
    public let infeasibleIndex: Int?, infeasiblePositions: [Int]?

    /// The measures of the list ranked by decreasing `scores` (tied scores are an error — a ranking needs an order —
    /// unless `tiesByRow`, which ranks tied items by their row), with `relevance` per item (finite, ≥ 0), group codes
    /// into `groups`, optional target shares (one per group, summing to 1) and `depth` (default the whole list).
    public init(scores: [Double], relevance: [Double], codes: [Int], groups: [String], target: [Double]? = nil, depth: Int? = nil,
                tiesByRow: Bool = false) throws {
        let n = scores.count
        guard n > 0 else { throw FairnessError.invalid("ranking fairness: the list is empty") }
        guard relevance.count == n else { throw FairnessError.lengthMismatch("relevance", relevance.count, "scores", n) }
        guard codes.count == n else { throw FairnessError.lengthMismatch("sensitive", codes.count, "scores", n) }
        if let i = scores.firstIndex(where: { !$0.isFinite }) { throw FairnessError.invalid("ranking fairness: score at row \(i + 1) is not finite") }
        if let i = relevance.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw FairnessError.invalid("ranking fairness: relevance at row \(i + 1) must be a finite number ≥ 0, got \(relevance[i])")
        }
        guard codes.allSatisfy({ $0 >= 0 && $0 < groups.count }) else { throw FairnessError.invalid("ranking fairness: every item needs a group") }
        if let target { try FairRanking.checkTarget(target, groups: groups) }
        if let depth, depth < 1 { throw FairnessError.invalid("ranking fairness: depth must be at least 1, got \(depth)") }
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        if !tiesByRow, let k = order.indices.dropFirst().first(where: { scores[order[$0]] == scores[order[$0 - 1]] }) {
            throw FairnessError.invalid("ranking fairness: rows \(order[k - 1] + 1) and \(order[k] + 1) share the score \(scores[order[k]]); a ranking needs an order (break the ties, or rank tied items by their row with ties = 'row')")
        }
        let depth = min(depth ?? n, n)
        let ranked = order.map { relevance[$0] }, rankedCodes = order.map { codes[$0] }
        func dcg(_ values: ArraySlice<Double>) -> Double {
            values.enumerated().reduce(0) { $0 + $1.element / log2(Double($1.offset) + 2) }
        }
        func ndcg(_ values: [Double]) -> Double {
            let ideal = dcg(values.sorted(by: >).prefix(depth))
            return ideal > 0 ? dcg(values.prefix(depth)) / ideal : .nan
        }
        self.groups = groups
        self.depth = depth
        self.dcg = dcg(ranked.prefix(depth))
        self.ndcg = ndcg(ranked)
        groupNDCG = groups.indices.map { g in ndcg(ranked.indices.filter { rankedCodes[$0] == g }.map { ranked[$0] }) }
        var sizes = [Int](repeating: 0, count: groups.count), exposed = [Double](repeating: 0, count: groups.count)
        var relevant = exposed
        for (i, g) in rankedCodes.enumerated() {
            sizes[g] += 1
            exposed[g] += RankingMeasures.exposure(position: i + 1)
            relevant[g] += ranked[i]
        }
        self.sizes = sizes
        exposure = groups.indices.map { sizes[$0] > 0 ? exposed[$0] / Double(sizes[$0]) : .nan }
        self.relevance = groups.indices.map { sizes[$0] > 0 ? relevant[$0] / Double(sizes[$0]) : .nan }
        exposureToRelevance = groups.indices.map { g in
            guard sizes[g] > 0 else { return .nan }
            return relevant[g] > 0 ? exposed[g] / relevant[g] : .infinity
        }
        self.target = target
        if let target {
            var counts = [Int](repeating: 0, count: groups.count), index = 0, positions: [Int] = []
            for k in 1..<max(depth, 1) {
                counts[rankedCodes[k - 1]] += 1
                var short = false
                for g in groups.indices where Double(counts[g]) < (target[g] * Double(k)).rounded(.down) {
                    index += 1
                    short = true
                }
                if short { positions.append(k - 1) }
            }
            (infeasibleIndex, infeasiblePositions) = (index, positions)
        } else {
            (infeasibleIndex, infeasiblePositions) = (nil, nil)
        }
    }

    /// min / max over groups of exposure / relevance (1: exposure proportional to relevance in every group).
    public var exposureToRelevanceRatio: Double {
        let present = exposureToRelevance.filter { $0.isFinite }
        guard present.count == exposureToRelevance.filter({ !$0.isNaN }).count, let lo = present.min(), let hi = present.max(), hi > 0 else { return .nan }
        return lo / hi
    }
}

extension RankedListFairness {
    /// The measures of the list ranked by `scores`, by `groups`; `target` shares by group name (default: none, so no
    /// infeasibility), checked as `FairRanking.target` checks them.
    public init(scores: [Double], relevance: [Double], groups: GroupIndex, target: [String: Double]? = nil, depth: Int? = nil,
                tiesByRow: Bool = false) throws {
        try self.init(scores: scores, relevance: relevance, codes: groups.codes.map(Int.init), groups: groups.names,
                      target: try target.map { try FairRanking.target($0, groups: groups) }, depth: depth, tiesByRow: tiesByRow)
    }
}
