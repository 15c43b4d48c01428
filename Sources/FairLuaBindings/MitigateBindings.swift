import Datasets
import Fairness
import Learning
import LuaBridgeC
import LuaHost
import Reports
import Tensors

/// A boxed model as the baseline `mitigate` and `sweep` start from; `retrain` trains a fresh one.
struct BoxBaseline: Baseline {
    let box: ModelBox
    let retrain: (Dataset) throws -> ModelBox
    func probabilities(_ ds: Dataset) throws -> [Double] { try box.classifier.predictProbability(try ModelInputs.encode(ds, box)) }
    func retrained(on ds: Dataset) throws -> any Baseline { BoxBaseline(box: try retrain(ds), retrain: retrain) }
    var weightedEstimator: (any WeightedFitting)? { (box as? WeightedModelBox)?.weighted }
    /// The boxed model as a library model.
    var fittedModel: FittedModel { box.fittedModel }
}

/// A before/after comparison boxed for Lua.
final class ComparisonObject {
    let comparison: Comparison
    init(_ comparison: Comparison) { self.comparison = comparison }
}

/// `fair.mitigate` and its result.
enum MitigateBindings {
    /// `fair.mitigate(model, train, test, {method=, metrics=, seed=, fit=, …})`: any registered method's options.
    static func mitigate(_ call: LuaCall) throws -> ComparisonObject {
        let box = try DetectionBindings.model(call, 1)
        let train = try call.object(2, DatasetObject.self, expected: "Dataset").dataset
        let test = try call.object(3, DatasetObject.self, expected: "Dataset").dataset
        let (given, o) = try MitigatorOptions.read(call, 4, for: MitigationRegistry.all, reserved: ["method", "metrics", "seed", "fit", "consistency"])
        guard let name = try o.string("method") else {
            throw call.argumentError(4, "option 'method' is required; methods: \(MitigationRegistry.all.map(\.name).joined(separator: ", "))")
        }
        let method = try MitigationRegistry.method(name)
        let names = try o.withField("metrics", { try FairnessInputs.names(call, $0, name: "metrics") }) ?? Mitigation.defaultMetrics
        let fitSlot = o.pushField("fit")
        defer { if let fitSlot { ls_remove(call.L, fitSlot) } }
        /// Retrains the model on a dataset: a fresh copy of a weighted estimator, or the script's fit function.
        func retrain(_ ds: Dataset) throws -> ModelBox {
            if let fitSlot {
                try call.callFunction(at: fitSlot, nresults: 1) { DataBindings.push(ds, call) }
                defer { call.stack.pop(1) }
                if let m = call.stack.object(at: -1, as: LayerObject.self) { return m }
                if let m = call.stack.anyObject(at: -1) as? WeightedModelBox { return m }
                throw call.argumentError(4, "option 'fit' must return the trained model")
            }
            guard let weighted = box as? WeightedModelBox else {
                throw call.argumentError(4, "retraining a network needs fit = function(train) … return net end")
            }
            return try weighted.refitted(on: ds)
        }
        return ComparisonObject(try Mitigation.mitigate(name, options: MitigatorOptions.only(given, for: method),
                                                        baseline: BoxBaseline(box: box, retrain: retrain), train: train, test: test,
                                                        metrics: try names.map { try MetricPlugins.metric($0, call.L) },
                                                        seed: try o.seed() ?? 0, context: MitigatorOptions.context(call, consistency: try o.boolean("consistency"))))
    }

    static let comparisonClass: LuaClass<ComparisonObject> = {
        LuaClass<ComparisonObject>("Comparison", "A model before and after mitigation, on the same test rows.")
            .printing({ $0.comparison }, json: "The comparison as JSON: method, rows and both frames.")
            .method("before", returns: "MetricFrame", "The baseline's frame.") { c, call in
                call.push(MetricFrameObject(c.comparison.before), MetricFrameBindings.frameClass)
            }
            .method("after", returns: "MetricFrame", "The mitigated model's frame.") { c, call in
                call.push(MetricFrameObject(c.comparison.after), MetricFrameBindings.frameClass)
            }
            .htmlFile("the before/after report")
            .method("model", returns: "Model", "The mitigated model (retrained, in-processed, or the baseline with the post-processor's rules): predict, evaluate or save it as one file.") { c, call in
                call.push(FittedModelObject(try c.comparison.model()), ModelInputs.modelClass)
            }
            .method("decisions", returns: "Tensor", "The mitigated model's 0/1 decisions on the test rows.") { c, call in
                TensorBindings.push(Tensor(c.comparison.after.data.yPred.map(Float.init)), call)
            }
            .method("method", returns: "string", "The mitigation's name.") { c, call in call.returns(c.comparison.method) }
            .method("table", returns: "table[]", "Rows {measure=, before=, after=}.") { c, call in call.returns(LuaValue(c.comparison.rowsJSON)) }
            .method("accuracy_cost", returns: "number?", "Accuracy before minus after.") { c, call in
                guard let change = c.comparison.accuracyChange else { return 0 }
                return call.returns(-change)
            }
    }()

}
