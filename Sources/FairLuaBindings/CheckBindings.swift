import Datasets
import Fairness
import LuaHost
import Reports

/// A `fair.check` verdict or a `fair.disparities` view boxed for Lua, with the dataset it was computed on (for
/// the provenance of its report).
final class VerdictBox<Value> {
    let value: Value
    let data: Dataset
    init(_ value: Value, data: Dataset) {
        self.value = value
        self.data = data
    }
}

typealias CheckObject = VerdictBox<FairnessCheck>
typealias DisparitiesObject = VerdictBox<Disparities>

/// `fair.check` (fairmodels' fairness check) and `fair.disparities` (Aequitas's view): declarations only.
enum CheckBindings {
    static let checkParams = "model_or_predictions, ds: Dataset, opts: {sensitive: string|string[]?, privileged: any?, epsilon: number?, cutoff: number?, digits: integer|false?}?"
    static let checkSummary = "fairmodels' fairness_check (dalex 1.8): each group's TPR, ACC, PPV, FPR and selection rate over the privileged group's " +
        "(default the largest), passing inside [epsilon, 1/epsilon] (epsilon 0.8); rates rounded to 3 decimals as dalex (digits = false: not rounded). " +
        "Prints pass/FAIL per metric and group and the verdict; :plot draws the ratio bars or the heat map."
    static let disparitiesParams = "model_or_predictions, ds: Dataset, opts: {sensitive: string|string[]?, reference: 'largest'|'min_metric'|string?, tau: number?, cutoff: number?}?"
    static let disparitiesSummary = "Aequitas's bias view: each group's ppr, pprev, precision, fdr, for, fpr, fnr, tpr, tnr and npv over a reference group's " +
        "(the largest by default, per metric the smallest with 'min_metric', or a named group) as <metric>_disparity, " +
        "and each parity (Statistical, Impact, …, NPV Parity) fair inside [tau, 1/tau] (tau 0.8)."

    /// The 0/1 labels, the scores (a model's probabilities on `ds`, or the predictions given) and the groups.
    static func inputs(_ call: LuaCall, _ o: LuaOptions) throws -> (Dataset, [UInt8], [Double], GroupIndex) {
        let ds = try call.object(2, DatasetObject.self, expected: "Dataset").dataset
        let scores = try Self.scores(call, 1, ds)
        let names = try DataBindings.texts(o.value("sensitive"), option: "sensitive") ?? [ds.sensitive.first ?? ""]
        let groups = try GroupIndex(features: try names.map { name in
            let column = try ds.sensitiveColumn(name.isEmpty ? nil : name)
            return (name, column.levels, column.codes)
        })
        return (ds, try ds.labels().map { UInt8(truncatingIfNeeded: $0) }, scores, groups)
    }

    /// Argument `i`: a model's probabilities on `ds`, or the predictions given.
    static func scores(_ call: LuaCall, _ i: Int32, _ ds: Dataset) throws -> [Double] {
        if call.stack.object(at: i, as: LayerObject.self) != nil || call.stack.anyObject(at: i) is WeightedModelBox {
            let box = try DetectionBindings.model(call, i)
            return try box.classifier.predictProbability(try ModelInputs.encode(ds, box))
        }
        return try FairnessInputs.numbers(call, i, argument: "model or predictions")
    }

    /// `fair.check(model_or_predictions, ds, {sensitive=, privileged=, epsilon=0.8, cutoff=0.5, digits=3})`.
    static func check(_ call: LuaCall) throws -> Int32 {
        let o = try call.options(3, allowed: ["sensitive", "privileged", "epsilon", "cutoff", "digits"])
        let (ds, labels, scores, groups) = try inputs(call, o)
        let digits: Int? = try o.value("digits") == .boolean(false) ? nil : try o.integer("digits") ?? FairnessCheck.defaultDigits
        let check = try FairnessCheck(labels: labels, scores: scores, groups: groups,
                                      privileged: try DataBindings.texts(o.value("privileged"), option: "privileged")?.joined(separator: "|"),
                                      epsilon: try o.number("epsilon") ?? FairnessCheck.defaultEpsilon,
                                      cutoff: try o.number("cutoff") ?? FairnessCheck.defaultCutoff, digits: digits)
        return call.push(CheckObject(check, data: ds), checkClass)
    }

    /// `fair.disparities(model_or_predictions, ds, {sensitive=, reference="largest", tau=0.8, cutoff=0.5})`.
    static func disparities(_ call: LuaCall) throws -> Int32 {
        let o = try call.options(3, allowed: ["sensitive", "reference", "tau", "cutoff"])
        let (ds, labels, scores, groups) = try inputs(call, o)
        let view = try Disparities(labels: labels, scores: scores, groups: groups, reference: try o.string("reference").map(Disparities.Reference.init(named:)) ?? .largest,
                                   tau: try o.number("tau") ?? Disparities.defaultTau, cutoff: try o.number("cutoff") ?? FairnessCheck.defaultCutoff)
        return call.push(DisparitiesObject(view, data: ds), disparitiesClass)
    }

    /// Field `key` of a table value (nil otherwise).
    static func field(_ value: LuaValue, _ key: String) -> LuaValue {
        if case let .table(t) = value { return t[key] ?? .nil }
        return .nil
    }

    static var checkClass: LuaClass<CheckObject> {
        LuaClass<CheckObject>("FairnessCheck", "fair.check's verdict: ratios to the privileged group, pass/FAIL per metric and group.")
            .printing({ $0.value }, json: "The check as JSON.")
            .method("verdict", returns: "string", "'fair', 'cannot be called fair' (1 metric failed) or 'not fair' (2 or more).") { c, call in
                call.returns(c.value.verdict.rawValue)
            }
            .method("passed", returns: "boolean", "Whether no metric failed.") { c, call in call.returns(c.value.failed.isEmpty) }
            .method("failed", returns: "string[]", "The failed metrics (TPR, ACC, PPV, FPR, STP).") { c, call in
                call.returns(LuaValue.array(c.value.failed.map { .string($0.rawValue) }))
            }
            .method("ratios", returns: "table<string, table<string, number>>", "ratios.TPR.Black: each compared group's ratio to the privileged group.") { c, call in
                call.returns(field(LuaValue(c.value.json), "ratios"))
            }
            .method("plot", "path: string?, opts: {kind: 'ratios'|'heatmap'?}?", "fairmodels' plots as SVG: the ratio bars with the band shaded (default) or the group × metric heat map.") { c, call in
                let kind = try call.options(3, allowed: ["kind"]).choice("kind", among: ["ratios", "heatmap"]) ?? "ratios"
                return try ReportBindings.emit(kind == "ratios" ? c.value.ratioChart : c.value.heatmap, call, path: call.isNone(2) ? nil : try call.string(2))
            }
            .htmlFile("the check")
    }

    static var disparitiesClass: LuaClass<DisparitiesObject> {
        LuaClass<DisparitiesObject>("Disparities", "fair.disparities' view: Aequitas's disparities against a reference group and its parity determinations.")
            .printing({ $0.value }, json: "The view as JSON.")
            .method("disparities", returns: "table<string, table<string, number>>", "d.fpr_disparity.Black: each group's metric over the reference's.") { d, call in
                call.returns(field(LuaValue(d.value.json), "disparities"))
            }
            .method("fair", returns: "table<string, table<string, boolean>>", "f['FPR Parity'].Black: true inside [tau, 1/tau], false outside, absent when undefined.") { d, call in
                call.returns(field(LuaValue(d.value.json), "fair"))
            }
            .chart("The group × metric heat map of the disparities") { $0.value.heatmap }
            .htmlFile("the view")
    }
}

extension VerdictBox: HTMLRenderable where Value: HTMLRenderable {
    /// The verdict or view in a notebook.
    var htmlFragment: String { value.htmlFragment }
}
