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

    /// The options that set the library's `ScanRequest`.
    static var settings: [LuaSetting<ScanRequest>] { [
        .field("features", \.features), .choice("method", \.method), .field("bins", \.bins), .field("max_levels", \.maxLevels), .field("cutoff", \.cutoff),
        .field("depth", \.exhaustive.depth), .field("min_support", \.exhaustive.minSupport), .choice("reference", \.exhaustive.reference),
        .field("penalty", \.mdss.penalty), .field("num_iters", \.mdss.iterations), .choice("direction", \.mdss.direction), .field("seed", \.mdss.seed),
    ] }

    /// `fair.scan{data=, features=, model= | scores= | y_pred=, method=, …}`.
    static func scan(_ call: LuaCall) throws -> Int32 {
        let (r, o) = try call.settings(1, ScanRequest(features: []), settings, extra: ["data", "model", "scores", "y_pred", "metric"])
        guard let ds = try o.object("data", DatasetObject.self, expected: "Dataset")?.dataset else { throw call.argumentError(1, "option 'data' (a Dataset) is required") }
        guard try o.has("features") else { throw call.argumentError(1, "option 'features' (the columns to scan) is required") }
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
            .printing({ $0.value }, json: "The scan as JSON (every subgroup).")
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
            .htmlFile("the scan")
    }
}
