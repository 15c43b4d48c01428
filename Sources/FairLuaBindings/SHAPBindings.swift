import Datasets
import Explain
import LuaHost
import Reports
import Tensors

/// An `explain.shap` result boxed for Lua, with the data it explained (for the report's provenance).
final class SHAPObject {
    let value: SHAPImportance
    let data: [Dataset]
    init(_ value: SHAPImportance, data: [Dataset]) {
        self.value = value
        self.data = data
    }
}

extension SHAPObject: HTMLRenderable {
    /// The table and the per-group chart.
    var htmlFragment: String { value.htmlFragment }
}

/// `explain.shap` and its result.
enum SHAPBindings {
    static let params = "model: DecisionTree|GradientBoosting, data: Dataset|Tensor, opts: {by_group: string?}?"
    static let summary = "Exact TreeSHAP attributions of a tree model's margin (P(y = 1) for a tree, log-odds for boosting) per row, "
        + "and the mean |SHAP| of each feature overall and per group of by_group."

    /// `explain.shap(model, data, {by_group=})`.
    static func shap(_ call: LuaCall) throws -> Int32 {
        let box = try DetectionBindings.model(call, 1)
        let o = try call.options(3, allowed: ["by_group"])
        let x = try ModelInputs.features(call, 2, box)
        let ds = call.stack.object(at: 2, as: DatasetObject.self)?.dataset
        var (names, columns) = ExplainBindings.featureGroups(box)
        if names.isEmpty { (names, columns) = ((0..<max(1, x.shape[1])).map { "x\($0 + 1)" }, (0..<x.shape[1]).map { [$0] }) }
        let by = try o.string("by_group").map { name in
            guard let ds else { throw call.argumentError(3, "option 'by_group' needs a Dataset with that sensitive column") }
            return (name: name, column: try ds.sensitiveColumn(name))
        }
        let value = try SHAPImportance.explain(box.classifier, x: x, features: names, columns: columns, by: by)
        call.push(SHAPObject(value, data: ds.map { [$0] } ?? []), shapClass)
        return 1
    }

    static let shapClass: LuaClass<SHAPObject> = {
        LuaClass<SHAPObject>("SHAP", "TreeSHAP attributions: .values (rows × the model's feature_names() columns), .expected_value, .margin, .features (most important first), .mean_abs, .groups.")
            .printing({ $0.value }, json: "The summary as JSON: margin, expected value, mean |SHAP| overall and per group.")
            .chart("Mean |SHAP| of the top features, one bar per group") { $0.value.chart }
            .htmlFile("the explanation")
            .index { s, call in
                let v = s.value
                switch try call.string(2) {
                case "values": return TensorBindings.push(try Tensor(shape: [v.shap.rows, v.shap.features], storage: v.shap.values.map(Float.init)), call)
                case "expected_value": return call.returns(v.shap.expectedValue)
                case "margin": return call.returns(v.shap.margin.rawValue)
                case "features": return call.returns(LuaValue.array(v.ranking.map { .string(v.features[$0]) }))
                case "mean_abs", "groups": return call.returns(CheckBindings.field(LuaValue(v.json), try call.string(2)))
                default: return 0
                }
            }
    }()
}
