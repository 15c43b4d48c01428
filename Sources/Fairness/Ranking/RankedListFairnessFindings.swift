extension RankedListFairness {
    /// The findings by the rules every report applies, over the groups of at least `minimumSize` items: the
    /// four-fifths rule on exposure per unit of relevance (Singh & Joachims 2018: a fair ranking gives each group
    /// exposure in proportion to its relevance) and on the groups' NDCG (the ranking serves one group's relevant
    /// items worse), and prefixes that hold fewer of a group's items than its target share allows (AIF360's
    /// infeasible index above 0, Geyik et al. 2019).
    public func findings(minimumSize: Int = 30) -> [Finding] {
        let kept = groups.indices.filter { sizes[$0] >= minimumSize }
        var out: [Finding] = []
        let proportional = kept.filter { exposureToRelevance[$0].isFinite }
        if let f = Rules.fourFifths(proportional.map { exposureToRelevance[$0] }, proportional.map { groups[$0] },
                                    what: "exposure-per-relevance", whose: "get exposure per unit of relevance") {
            out.append(f)
        }
        let ranked = kept.filter { groupNDCG[$0].isFinite }
        if let f = Rules.fourFifths(ranked.map { groupNDCG[$0] }, ranked.map { groups[$0] }, what: "NDCG@\(depth)", kind: .errorRate,
                                    whose: "have their relevant items ranked (NDCG)") {
            out.append(f)
        }
        if let infeasibleIndex, let infeasiblePositions, infeasibleIndex > 0 {
            let prefixes = max(depth - 1, 1)
            out.append(Finding(kind: .outcome, rule: "infeasible index",
                               message: "\(infeasiblePositions.count) of the first \(prefixes) prefixes hold fewer of a group's items than its target share (infeasible index \(infeasibleIndex))",
                               evidence: .init("infeasible index", Double(infeasibleIndex)),
                               reading: "Some group is under-represented near the top of the list against its target share (Geyik et al. 2019).",
                               severity: Double(infeasiblePositions.count) / Double(prefixes)))
        }
        return out
    }
}
