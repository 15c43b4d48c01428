import Datasets
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// How fairly a ranking represents and exposes groups: skew@k and NDKL (Geyik, Ambler & Kenthapadi, KDD 2019,
/// "Fairness-Aware Ranking in Search & Recommendation Systems with Application to LinkedIn Talent Search") and
/// exposure (Singh & Joachims, KDD 2018, "Fairness of Exposure in Rankings").
public struct RankingMeasures: Sendable, Equatable {
    /// The groups, in `GroupIndex` order.
    public let groups: [String]
    /// The target share of each group.
    public let target: [Double]
    /// Each group's count in the ranking.
    public let counts: [Int]
    /// The prefix length of `skew`.
    public let skewDepth: Int
    /// skew_g@k = ln(p_g@k / p*_g), p_g@k the share of group g among the first k (−∞ when it has none there).
    public let skew: [Double]
    /// NDKL = (1/Z) Σᵢ KL(Dᵢ ‖ D*) / log₂(i + 1), Z = Σᵢ 1 / log₂(i + 1), Dᵢ the groups' shares of the first i.
    public let ndkl: Double
    /// Each group's mean exposure per ranked item, exposure of position j = 1 / log₂(1 + j) (NaN for a group not ranked).
    public let exposurePerItem: [Double]
    /// Each group's share of the ranking's total exposure.
    public let exposureShare: [Double]

    /// The exposure of position `j` (1-based): 1 / log₂(1 + j).
    public static func exposure(position j: Int) -> Double { 1 / log2(Double(j) + 1) }

    /// The measures of `order` (ranked group codes, best first) against `target` shares; skew at depth `k`
    /// (the whole ranking when nil or longer).
    public init(ranked codes: [Int], groups: [String], target: [Double], skewAt k: Int? = nil) throws {
        guard groups.count == target.count, !codes.isEmpty else {
            throw FairnessError.invalid("ranking measures: a non-empty ranking and one target share per group expected")
        }
        try FairRanking.checkTarget(target, groups: groups)
        guard codes.allSatisfy({ $0 >= 0 && $0 < groups.count }) else { throw FairnessError.invalid("ranking measures: a group code out of range") }
        if let k, k < 1 { throw FairnessError.invalid("ranking measures: the skew depth k must be at least 1, got \(k)") }
        self.groups = groups
        self.target = target
        let depth = min(k ?? codes.count, codes.count)
        skewDepth = depth
        var counts = [Int](repeating: 0, count: groups.count), exposure = [Double](repeating: 0, count: groups.count)
        var weighted = 0.0, z = 0.0, skew: [Double] = []
        for (i, g) in codes.enumerated() {
            counts[g] += 1
            let w = RankingMeasures.exposure(position: i + 1)
            exposure[g] += w
            var kl = 0.0
            for h in counts.indices where counts[h] > 0 {
                let share = Double(counts[h]) / Double(i + 1)
                kl += share * log(share / target[h])
            }
            weighted += w * kl
            z += w
            if i + 1 == depth {
                skew = counts.indices.map { log(Double(counts[$0]) / Double(depth) / target[$0]) }
            }
        }
        self.skew = skew
        self.counts = counts
        ndkl = weighted / z
        let total = exposure.reduce(0, +)
        exposurePerItem = counts.indices.map { counts[$0] == 0 ? .nan : exposure[$0] / Double(counts[$0]) }
        exposureShare = exposure.map { $0 / total }
    }

    /// min over groups of exposure per item / max over groups (1 is parity; groups not ranked are left out).
    public var exposureRatio: Double {
        let present = exposurePerItem.filter { !$0.isNaN }
        guard let lo = present.min(), let hi = present.max(), hi > 0 else { return .nan }
        return lo / hi
    }
}
