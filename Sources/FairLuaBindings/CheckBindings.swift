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
        let digits: Int? = try o.value("digits") == .boolean(false) ? nil : try o.integer("digits") ?? 3
        let check = try FairnessCheck(labels: labels, scores: scores, groups: groups,
                                      privileged: try DataBindings.texts(o.value("privileged"), option: "privileged")?.joined(separator: "|"),
                                      epsilon: try o.number("epsilon") ?? 0.8, cutoff: try o.number("cutoff") ?? 0.5, digits: digits)
        return call.push(CheckObject(check, data: ds), checkClass)
    }

    /// `fair.disparities(model_or_predictions, ds, {sensitive=, reference="largest", tau=0.8, cutoff=0.5})`.
    static func disparities(_ call: LuaCall) throws -> Int32 {
        let o = try call.options(3, allowed: ["sensitive", "reference", "tau", "cutoff"])
        let (ds, labels, scores, groups) = try inputs(call, o)
        let reference: Disparities.Reference = switch try o.string("reference") ?? "largest" {
        case "largest": .largest
        case "min_metric": .minMetric
        case let name: .group(name)
        }
        let view = try Disparities(labels: labels, scores: scores, groups: groups, reference: reference,
                                   tau: try o.number("tau") ?? 0.8, cutoff: try o.number("cutoff") ?? 0.5)
        return call.push(DisparitiesObject(view, data: ds), disparitiesClass)
    }

    /// `{name = {group = value, …}, …}` of a [group][column] matrix.
    static func byName(_ names: [String], _ groups: [Int], _ keys: [String], _ values: [[Double]]) -> LuaValue {
        .table(Dictionary(uniqueKeysWithValues: names.indices.map { c in
            (names[c], FairnessInputs.table(groups.map { keys[$0] }, groups.map { values[$0][c] }))
        }))
    }

    /// The check as a Lua table (and JSON): verdict, failed metrics, ratios and rates by metric and group.
    static func json(_ c: FairnessCheck) -> LuaValue {
        let names = FairnessCheck.criteria.map(\.rawValue), all = Array(c.groups.indices)
        return .table([
            "attribute": .string(c.attribute), "privileged": .string(c.privileged), "epsilon": .number(c.epsilon), "cutoff": .number(c.cutoff),
            "verdict": .string(c.verdict.rawValue), "failed": .array(c.failed.map { .string($0.rawValue) }),
            "groups": .array(c.groups.map { .string($0) }), "sizes": .array(c.sizes.map { .integer($0) }),
            "ratios": byName(names, c.compared, c.groups, c.ratios), "rates": byName(names, all, c.groups, c.rates),
        ])
    }

    /// The view as a Lua table (and JSON): disparities and values by metric and group, references, determinations.
    static func json(_ v: Disparities) -> LuaValue {
        let names = Disparities.metrics.map(\.rawValue), all = Array(v.groups.indices)
        var fair: [String: LuaValue] = [:], attribute: [String: LuaValue] = [:]
        for (m, metric) in Disparities.metrics.enumerated() {
            var row: [String: LuaValue] = [:]
            for g in all { if let b = v.isFair(group: g, metric: m) { row[v.groups[g]] = .boolean(b) } }
            fair[metric.parity] = .table(row)
            if let b = v.isFair(metric: m) { attribute[metric.parity] = .boolean(b) }
        }
        return .table([
            "attribute": .string(v.attribute), "tau": .number(v.tau), "groups": .array(v.groups.map { .string($0) }),
            "sizes": .array(v.sizes.map { .integer($0) }),
            "disparities": byName(names.map { $0 + "_disparity" }, all, v.groups, v.disparities), "values": byName(names, all, v.groups, v.values),
            "reference": .table(Dictionary(uniqueKeysWithValues: zip(names, v.referenceGroups.map { .string(v.groups[$0]) }))),
            "fair": .table(fair), "attribute_fair": .table(attribute),
        ])
    }

    /// Field `key` of a table value (nil otherwise).
    static func field(_ value: LuaValue, _ key: String) -> LuaValue {
        if case let .table(t) = value { return t[key] ?? .nil }
        return .nil
    }

    static var checkClass: LuaClass<CheckObject> {
        LuaClass<CheckObject>("FairnessCheck", "fair.check's verdict: ratios to the privileged group, pass/FAIL per metric and group.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, CheckObject.self, expected: "FairnessCheck").value.text) }
            .method("verdict", returns: "string", "'fair', 'cannot be called fair' (1 metric failed) or 'not fair' (2 or more).") { c, call in
                call.returns(c.value.verdict.rawValue)
            }
            .method("passed", returns: "boolean", "Whether no metric failed.") { c, call in call.returns(c.value.failed.isEmpty) }
            .method("failed", returns: "string[]", "The failed metrics (TPR, ACC, PPV, FPR, STP).") { c, call in
                call.returns(LuaValue.array(c.value.failed.map { .string($0.rawValue) }))
            }
            .method("ratios", returns: "table<string, table<string, number>>", "ratios.TPR.Black: each compared group's ratio to the privileged group.") { c, call in
                call.returns(field(json(c.value), "ratios"))
            }
            .method("to_json", "indent: integer?", returns: "string", "The check as JSON.") { c, call in
                call.returns(json(c.value).jsonValue.encoded(indent: try call.optional(2, 0, call.integer)))
            }
            .method("plot", "path: string?, opts: {kind: 'ratios'|'heatmap'?}?", "fairmodels' plots as SVG: the ratio bars with the band shaded (default) or the group × metric heat map.") { c, call in
                let kind = try call.options(3, allowed: ["kind"]).choice("kind", among: ["ratios", "heatmap"]) ?? "ratios"
                return try ReportBindings.emit(kind == "ratios" ? c.value.ratioChart : c.value.heatmap, call, path: call.isNone(2) ? nil : try call.string(2))
            }
            .method("html", "path: string", "Writes the check as one self-contained HTML file (atomically).") { _, call in
                try ReportBindings.write(try ReportBindings.html(call, 1), try call.string(2))
                return 0
            }
    }

    static var disparitiesClass: LuaClass<DisparitiesObject> {
        LuaClass<DisparitiesObject>("Disparities", "fair.disparities' view: Aequitas's disparities against a reference group and its parity determinations.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, DisparitiesObject.self, expected: "Disparities").value.text) }
            .method("disparities", returns: "table<string, table<string, number>>", "d.fpr_disparity.Black: each group's metric over the reference's.") { d, call in
                call.returns(field(json(d.value), "disparities"))
            }
            .method("fair", returns: "table<string, table<string, boolean>>", "f['FPR Parity'].Black: true inside [tau, 1/tau], false outside, absent when undefined.") { d, call in
                call.returns(field(json(d.value), "fair"))
            }
            .method("to_json", "indent: integer?", returns: "string", "The view as JSON.") { d, call in
                call.returns(json(d.value).jsonValue.encoded(indent: try call.optional(2, 0, call.integer)))
            }
            .method("plot", "path: string?", "The group × metric heat map of the disparities (SVG).") { d, call in
                try ReportBindings.emit(d.value.heatmap, call, path: call.isNone(2) ? nil : try call.string(2))
            }
            .method("html", "path: string", "Writes the view as one self-contained HTML file (atomically).") { _, call in
                try ReportBindings.write(try ReportBindings.html(call, 1), try call.string(2))
                return 0
            }
    }
}

extension VerdictBox: HTMLRenderable where Value: HTMLRenderable {
    /// The verdict or view in a notebook.
    var htmlFragment: String { value.htmlFragment }
}
