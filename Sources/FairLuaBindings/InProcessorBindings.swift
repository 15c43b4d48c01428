import Datasets
import Fairness
import Learning
import LuaHost
import Reports
import Tensors

/// An in-processing mitigator boxed for Lua with its feature encoder and its default decision seed.
final class InProcessorObject: ModelBox {
    let fitted: FittedInProcessor
    let seed: UInt64
    /// How it prints: `AdversarialDebiasing(epochs = 5)`, written when printed (a network given as `model`
    /// shows the parameters training gave it; written at construction, it showed 0), then what fitting found.
    let summary: () -> String
    init(_ model: any InProcessor, seed: UInt64, description: @escaping () -> String) {
        fitted = FittedInProcessor(model)
        self.seed = seed
        summary = description
    }
    var description: String {
        summary() + ((fitted.model as? any Reduction)?.fitSummary.map { ", fitted: " + $0 } ?? "")
    }
    var classifier: Classifier { fitted.model }
    var encoder: FeatureEncoder? {
        get { fitted.encoder }
        set { fitted.encoder = newValue }
    }
}

/// `fair.inproc`: one constructor per registered in-processing method.
enum InProcessorBindings {
    static var module: LuaModule {
        let module = LuaModule("fair.inproc", "In-processing mitigators: models trained with fairness in their objective.")
        for method in MitigationRegistry.inProcessors {
            module.function(method.className, method.signature, returns: "InProcessor", method.summary) { call in
                let options = try method.options(try MitigatorOptions.read(call, 1, for: [method]).given)
                let seed = try options.ifPresent("seed") { _ in try options.seed() } ?? 0
                guard case let .inProcessing(m) = try method.make(options.given) else { return 0 }
                let given = options.given
                return call.push(InProcessorObject(m, seed: seed, description: { method.description(given) }), inClass)
            }
        }
        return module
    }

    static let inClass: LuaClass<InProcessorObject> = {
        LuaClass<InProcessorObject>("InProcessor", "A classifier trained with fairness in its objective.")
            .metamethod("__tostring") { call in
                call.returns(try call.object(1, InProcessorObject.self, expected: "InProcessor").description)
            }
            .method("fit", "x: Dataset|Tensor, y: Tensor?, sensitive: any?", returns: "InProcessor",
                    "Trains on a dataset (features encoded, its first sensitive column) or on X, y and the sensitive feature; returns self.") { m, call in
                let bar = AttackBindings.progress(m.fitted.model)
                defer { bar?.finish() }
                if let ds = call.stack.object(at: 2, as: DatasetObject.self) {
                    try m.fitted.fit(ds.dataset)
                } else {
                    let x = try ModelInputs.features(call, 2, m)
                    guard !call.isNone(3), !call.isNone(4) else { throw call.argumentError(3, "fit(X, y, sensitive): labels and a sensitive feature are needed with a tensor X") }
                    try m.fitted.model.fit(x, try ModelInputs.labels(call, 3), groups: try FairnessInputs.groups(call, 4), weights: nil)
                }
                return call.returnsSelf()
            }
            .method("predict", "x: Tensor|Dataset, opts: {seed: integer?}?", returns: "Tensor",
                    "0/1 decisions: a randomised mixture (ExponentiatedGradient) draws each with the seed; the others decide at P ≥ 0.5.") { m, call in
                let seed = try call.options(3, allowed: ["seed"]).seed() ?? m.seed
                return TensorBindings.push(Tensor(try m.fitted.model.predict(try ModelInputs.features(call, 2, m), seed: seed).map(Float.init)), call)
            }
            .method("sample", "x: Tensor|Dataset, opts: {seed: integer?}?", returns: "Tensor",
                    "FairRegression: randomised predictions (each row's from a learner drawn with the mixture's weights), the predictor statistical parity bounds.") { m, call in
                guard let sampling = m.fitted.model as? any SamplingPredictor else { throw call.argumentError(1, "only FairRegression samples predictions") }
                let seed = try call.options(3, allowed: ["seed"]).seed() ?? m.seed
                return TensorBindings.push(Tensor(try sampling.sample(try ModelInputs.features(call, 2, m), seed: seed).map(Float.init)), call)
            }
            .method("predict_proba", "x: Tensor|Dataset", returns: "Tensor", "P(decision = 1) per row.") { m, call in
                TensorBindings.push(Tensor(try m.classifier.predictProbability(try ModelInputs.features(call, 2, m)).map(Float.init)), call)
            }
            .method("evaluate", "data: Dataset|Tensor, y: Tensor?", returns: "table", "Accuracy, balanced accuracy, log loss, ROC AUC and the confusion matrix.") { m, call in
                let x = try ModelInputs.features(call, 2, m)
                let y = call.isNone(3) ? try ModelInputs.labels(call, 2) : try ModelInputs.labels(call, 3)
                return call.returns(LuaValue(try ModelEvaluation.of(m.classifier, x, labels: y).json))
            }
            .method("save", "path: string", "Writes the fitted model (a reduction's mixture or selected predictor; a network method's network) and its schema to one model file.") { m, call in
                try FittedModel(m.classifier, encoder: m.encoder).save(to: try call.string(2))
                return 0
            }
            .method("history", returns: "table[]", "AdversarialDebiasing: per epoch {classifier_loss=, adversary_loss=} (mean cross-entropies).") { m, call in
                guard let a = m.fitted.model as? AdversarialDebiasing else { throw call.argumentError(1, "only AdversarialDebiasing keeps a history") }
                return call.returns(LuaValue(a.historyJSON))
            }
            .method("predictors", returns: "integer", "Reductions: the number of predictors kept (ExponentiatedGradient) or fitted (GridSearch).") { m, call in
                call.returns(try reduction(m, call).mixtureWeights.count)
            }
            .method("weights", returns: "number[]", "Reductions: each predictor's weight in the mixture (GridSearch: 1 for the selected one).") { m, call in
                call.returns(LuaValue.array(try reduction(m, call).mixtureWeights.map { .number($0) }))
            }
            .method("lambdas", returns: "table[]", "Reductions: the Lagrange multipliers of each predictor, {[\"+,all,Female\"] = λ, …}.") { m, call in
                call.returns(LuaValue(try reduction(m, call).lambdasJSON))
            }
            .method("best_gap", returns: "number", "ExponentiatedGradient: the smallest duality gap reached; GridSearch: the selected point's largest constraint value.") { m, call in
                call.returns(try reduction(m, call).bestGap)
            }
    }()

    /// The reduction in `m`, or the error saying the method needs one.
    static func reduction(_ m: InProcessorObject, _ call: LuaCall) throws -> any Reduction {
        guard let r = m.fitted.model as? any Reduction else { throw call.argumentError(1, "only ExponentiatedGradient and GridSearch are reductions") }
        return r
    }
}
