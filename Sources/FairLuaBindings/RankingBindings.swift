import Fairness
import LuaHost

/// `fair.rank`: fair re-ranking and the measures of a ranking.
enum RankingBindings {
    static var module: LuaModule {
        LuaModule("fair.rank", "Fair ranking: re-rank scored candidates so that every prefix gives each group its target share (Geyik et al. 2019), or equal exposure (Singh & Joachims 2018); skew@k, NDKL and exposure of a ranking.")
            .function("rerank", "scores, sensitive, opts: {k: integer, target: table?, method: 'constrained'|'greedy'|'conservative'|'relaxed'|'exposure'?, skew_at: integer?}",
                      returns: "Ranking",
                      "The k best candidates re-ranked for target shares ({group = share}, default the candidates' shares) with AIF360's DeterministicReranking methods or exposure parity.") { call in
                let o = try call.options(3, allowed: ["k", "target", "method", "skew_at"])
                guard let k = try o.integer("k") else { throw call.argumentError(3, "option 'k' (the length of the ranking) expected") }
                return call.push(Boxed(try FairRanking(scores: try FairnessBindings.vector(call, 1, "scores"), groups: try FairnessInputs.groups(call, 2),
                                                 size: k, target: try o.numbers(byName: "target"), method: try o.choice("method"),
                                                 skewAt: try o.integer("skew_at"))), rankingClass)
            }
            .function("fairness", "scores, relevance, sensitive, opts: {target: table?, depth: integer?, ties: 'error'|'row'?}?", returns: "RankedListFairness",
                      "A ranked list (by decreasing score; tied scores are an error unless ties = 'row' ranks them by row) with relevance by group: exposure per item and its ratio to relevance (Singh & Joachims 2018), NDCG overall and by group, AIF360's discounted_cum_gain and, with target shares, infeasible_index.") { call in
                let o = try call.options(4, allowed: ["target", "depth", "ties"])
                return call.push(Boxed(try RankedListFairness(scores: try FairnessBindings.vector(call, 1, "scores"), relevance: try FairnessBindings.vector(call, 2, "relevance"),
                                                              groups: try FairnessInputs.groups(call, 3), target: try o.numbers(byName: "target"),
                                                              depth: try o.integer("depth"), tiesByRow: try o.choice("ties", among: ["error", "row"]) == "row")), listClass)
            }
    }

    static let listClass = ResultClass.of(RankedListFairness.self, "RankedListFairness", "Exposure, relevance, NDCG and infeasibility of a ranked list, by group.",
                                          json: "The measures as JSON.", result: "{groups=, sizes=, depth=, dcg=, ndcg=, group_ndcg=, exposure=, relevance=, exposure_to_relevance=, exposure_to_relevance_ratio=, target=?, infeasible_index=?, infeasible_positions=?}.")

    static let rankingClass: LuaClass<Boxed<FairRanking>> = {
        LuaClass<Boxed<FairRanking>>("Ranking", "A fair re-ranking: the order, and its skew, NDKL and exposure against ranking by score alone.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, Boxed<FairRanking>.self, expected: "Ranking").value.description) }
            .method("order", returns: "table", "The ranked candidates' row numbers (1-based), best first.") { box, call in
                call.returns(LuaValue.array(box.value.order.map { .integer($0 + 1) }))
            }
            .method("measures", returns: "table", "{groups=, target=, counts=, skew=, skew_at=, ndkl=, exposure_per_item=, exposure_share=, exposure_ratio=, plain = {…}, notes=}.") { box, call in
                let r = box.value
                var t = measures(r.measures)
                t["plain"] = .table(measures(r.plain))
                t["notes"] = .array(r.notes.map { .string($0) })
                t["method"] = .string(r.method.rawValue)
                return call.returns(LuaValue.table(t))
            }
    }()

    /// The fields of `m`.
    static func measures(_ m: RankingMeasures) -> [String: LuaValue] {
        func numbers(_ xs: [Double]) -> LuaValue { .array(xs.map { .number($0) }) }
        return ["groups": .array(m.groups.map { .string($0) }), "target": numbers(m.target), "counts": .array(m.counts.map { .integer($0) }),
                "skew": numbers(m.skew), "skew_at": .integer(m.skewDepth), "ndkl": .number(m.ndkl),
                "exposure_per_item": numbers(m.exposurePerItem), "exposure_share": numbers(m.exposureShare), "exposure_ratio": .number(m.exposureRatio)]
    }
}
