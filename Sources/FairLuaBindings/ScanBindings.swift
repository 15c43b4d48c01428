import Datasets
import Fairness
import LuaHost
import Reports

/// A `fair.scan` result boxed for Lua, with the dataset it was computed on (for the provenance of its report).
typealias ScanObject = VerdictBox<ScanRequest.Result>

/// `fair.scan{…}`: subgroup discovery, declarations only.
enum ScanBindings {
    static let params = "opts: {data: Dataset, features: string[], model: any?, scores: number[]|Tensor?, y_pred: number[]|Tensor?, method: 'exhaustive'|'mdss'?, " +
        "metric: string?, depth: integer?, min_support: integer?, reference: 'complement'|'overall'?, bins: integer?, max_levels: integer?, cutoff: number?, " +
        "penalty: number?, num_iters: integer?, direction: 'overpredicted'|'underpredicted'?, seed: integer?}"
    static let summary = "Subgroup discovery over the features' values (numeric features in `bins` quantile bins, default 4; a feature above max_levels = 50 levels is refused). " +
        "method 'exhaustive' (default): every conjunction of up to `depth` (2) values with min_support (30) rows, ranked by the gap in `metric` (selection_rate; any metric, " +
        "plugins included) to the complement, z-tested with Benjamini–Hochberg over all tested. method 'mdss': AIF360 0.6.1's MDSS bias scan of the labels against the " +
        "probabilities (penalty 1e-17, num_iters 10, direction 'overpredicted')."

    /// `fair.scan{data=, features=, model= | scores= | y_pred=, method=, …}`.
    static func scan(_ call: LuaCall) throws -> Int32 {
        let o = try call.options(1, allowed: ["data", "features", "model", "scores", "y_pred", "method", "metric", "depth", "min_support", "reference",
                                             "bins", "max_levels", "cutoff", "penalty", "num_iters", "direction", "seed"])
        guard let ds = try o.object("data", DatasetObject.self, expected: "Dataset")?.dataset else { throw call.argumentError(1, "option 'data' (a Dataset) is required") }
        guard let features = try o.texts("features") else { throw call.argumentError(1, "option 'features' (the columns to scan) is required") }
        var r = ScanRequest(features: features)
        r.method = try o.choice("method") ?? r.method
        r.bins = try o.integer("bins") ?? r.bins
        r.maxLevels = try o.integer("max_levels") ?? r.maxLevels
        r.cutoff = try o.number("cutoff") ?? r.cutoff
        r.exhaustive.depth = try o.integer("depth") ?? r.exhaustive.depth
        r.exhaustive.minSupport = try o.integer("min_support") ?? r.exhaustive.minSupport
        r.exhaustive.reference = try o.choice("reference") ?? r.exhaustive.reference
        r.mdss.penalty = try o.number("penalty") ?? r.mdss.penalty
        r.mdss.iterations = try o.integer("num_iters") ?? r.mdss.iterations
        r.mdss.direction = try o.choice("direction") ?? r.mdss.direction
        r.mdss.seed = UInt32(truncatingIfNeeded: try o.seed() ?? 0)
        let scores = try o.withField("model") { slot -> [Double]? in
            let box = try DetectionBindings.model(call, slot)
            return try box.classifier.predictProbability(try ModelInputs.encode(ds, box))
        } ?? FairnessInputs.numbers(call, o, "scores")
        let metric = try MetricPlugins.metric(try o.string("metric") ?? "selection_rate", call.L)
        let result = try r.run(ds, scores: scores, decisions: try FairnessInputs.numbers(call, o, "y_pred"), metric: metric)
        return call.push(ScanObject(result, data: ds), scanClass)
    }

    /// Field `key` of the scan's JSON as a Lua value (nil when the method has no such field).
    static func field(_ s: ScanObject, _ key: String) -> LuaValue { CheckBindings.field(LuaValue(s.value.json), key) }

    static var scanClass: LuaClass<ScanObject> {
        LuaClass<ScanObject>("SubgroupScan", "fair.scan's result: subgroups by gap with z-tests and Benjamini–Hochberg p-values (exhaustive), or MDSS's subgroup and score.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, ScanObject.self, expected: "SubgroupScan").value.text) }
            .method("subgroups", "n: integer?", returns: "table[]?", "Exhaustive: the n (default all) largest gaps, {description=, conditions={{feature=, value=}}, n=, value=, reference=, gap=, z=?, p_value=?, adjusted=?}.") { s, call in
                let all = field(s, "subgroups")
                guard case let .array(items) = all, !call.isNone(2) else { return call.returns(all) }
                return call.returns(LuaValue.array(Array(items.prefix(max(0, try call.integer(2))))))
            }
            .method("tested", returns: "integer?", "Exhaustive: how many subgroups were tested (the Benjamini–Hochberg family).") { s, call in call.returns(field(s, "tested")) }
            .method("subgroup", returns: "table<string, string[]>?", "MDSS: the subgroup, {feature = {values…}} (empty: everyone).") { s, call in call.returns(field(s, "subgroup")) }
            .method("score", returns: "number?", "MDSS: the penalised Bernoulli score, rounded to 4 decimals as AIF360.") { s, call in call.returns(field(s, "score")) }
            .method("findings", returns: "table[]", "The worst subgroups as findings (exhaustive: BH p < 0.05, at most 5).") { s, call in
                call.returns(LuaValue.array(s.value.findings.map { LuaValue($0.json) }))
            }
            .method("to_json", "indent: integer?", returns: "string", "The scan as JSON (every subgroup).") { s, call in
                call.returns(s.value.json.encoded(indent: try call.optional(2, 0, call.integer)))
            }
            .method("html", "path: string", "Writes the scan as one self-contained HTML file (atomically).") { _, call in
                try ReportBindings.write(try ReportBindings.html(call, 1), try ReportBindings.writable(try call.string(2)))
                return 0
            }
    }
}
