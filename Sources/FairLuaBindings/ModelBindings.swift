import Datasets
import Fairness
import Learning
import LuaHost
import Reports
import Tensors

/// A model boxed for Lua with the feature encoder it was fitted with, so `predict(ds)` encodes a
/// dataset exactly as training did.
protocol ModelBox: AnyObject {
    /// The classifier inside.
    var classifier: Classifier { get }
    /// The encoder fitted on the first dataset seen.
    var encoder: FeatureEncoder? { get set }
}

extension ModelBox {
    /// The boxed model as a library model (its classifier and encoder).
    var fittedModel: FittedModel { FittedModel(classifier, encoder: encoder) }
}

/// Feature matrices and labels from Lua arguments: a Dataset (encoded) or tensors.
enum ModelInputs {
    /// The features at argument `i`: a tensor (rows × features) or a Dataset, encoded with the model's
    /// encoder (fitted here on first use).
    static func features(_ call: LuaCall, _ i: Int32, _ model: ModelBox) throws -> Tensor {
        if let t = call.stack.object(at: i, as: Tensor.self) {
            guard t.dim >= 2 else { throw call.argumentError(i, "a feature matrix (rows × features, or rows × channels × height × width) expected, got shape \(t.shape)") }
            return t
        }
        if let folder = call.stack.object(at: i, as: ImageFolder.self) { return try folder.tensor() }
        let ds = try call.object(i, DatasetObject.self, expected: "Tensor, Dataset or ImageFolderDataset")
        return try encode(ds.dataset, model)
    }

    /// `dataset`'s features with the model's encoder (the dataset's schema on first use); unseen levels are warned about.
    static func encode(_ dataset: Dataset, _ model: ModelBox) throws -> Tensor {
        let fitted = FittedModel(model.classifier, encoder: model.encoder)
        let x = try fitted.features(dataset, warn: { Console.error("warning: " + $0) })
        model.encoder = fitted.encoder
        return x
    }

    /// 0/1 labels as Doubles from a tensor or a dataset's label column.
    static func labels(_ call: LuaCall, _ i: Int32) throws -> [Double] {
        if let t = call.stack.object(at: i, as: Tensor.self) { return t.storage.map(Double.init) }
        if let folder = call.stack.object(at: i, as: ImageFolder.self) { return folder.labels.map(Double.init) }
        let ds = try call.object(i, DatasetObject.self, expected: "Tensor, Dataset or ImageFolderDataset")
        return try ds.dataset.labels().map(Double.init)
    }

    /// Adds `predict`, `predict_proba` and `evaluate` to a model class.
    static func addPrediction<T: ModelBox>(_ cls: LuaClass<T>) -> LuaClass<T> {
        cls.method("predict_proba", "x: Tensor|Dataset", returns: "Tensor", "P(y = 1) for each row.") { m, call in
            TensorBindings.push(Tensor(try m.classifier.predictProbability(try features(call, 2, m)).map(Float.init)), call)
        }
        .method("predict", "x: Tensor|Dataset, opts: {threshold: number?, seed: integer?}?", returns: "Tensor",
                "0/1 decisions (probability ≥ threshold, 0.5; a reduction's mixture draws them with seed, 0).") { m, call in
            let o = try call.options(3, allowed: ["threshold", "seed"])
            let threshold = try o.number("threshold") ?? 0.5
            let x = try features(call, 2, m)
            // Networks with several outputs predict class indices (0-based, as the labels).
            if let net = m as? LayerObject, let classes = try net.network.predictClasses(x) { return TensorBindings.push(Tensor(classes.map(Float.init)), call) }
            return TensorBindings.push(Tensor(try m.classifier.decisions(x, threshold: threshold, seed: try o.seed() ?? 0).map(Float.init)), call)
        }
        .method("evaluate", "data: Dataset|Tensor, y: Tensor?", returns: "table",
                "Accuracy, balanced accuracy, log loss, ROC AUC and the confusion matrix.") { m, call in
            let x = try features(call, 2, m)
            let y = call.isNone(3) ? try labels(call, 2) : try labels(call, 3)
            return call.returns(LuaValue(try ModelEvaluation.of(m.classifier, x, labels: y).json))
        }
        .method("save", "path: string", "Writes the model and its schema to one safetensors file, atomically; nn.load(path) reads it.") { m, call in
            try FittedModel(m.classifier, encoder: m.encoder).save(to: try call.string(2))
            return 0
        }
        .method("feature_names", returns: "string[]", "Names of the encoded features (once the model has seen a dataset).") { m, call in
            call.returns(LuaValue.array((m.encoder?.names ?? []).map { .string($0) }))
        }
    }

    /// `nn.load(path)`: a network comes back as a Sequential (it can be trained further), any other model as a Model.
    static func load(_ call: LuaCall) throws -> Int32 {
        let model = try FittedModel.load(try call.string(1), loader: .fairness)
        if let net = model.estimator as? Sequential {
            let box = LayerObject(net)
            box.encoder = model.encoder
            return call.push(box, NetworkBindings.layerClass)
        }
        return call.push(FittedModelObject(model), modelClass)
    }

    static let modelClass: LuaClass<FittedModelObject> = {
        addPrediction(LuaClass<FittedModelObject>("Model", "A fitted model loaded from a file: predict, predict_proba, evaluate, save.")
            .metamethod("__tostring") { call in
                let m = try call.object(1, FittedModelObject.self, expected: "Model")
                return call.returns(FittedModel(m.classifier, encoder: m.encoder).description)
            })
    }()
}

/// A loaded model boxed for Lua.
final class FittedModelObject: ModelBox {
    let model: FittedModel
    var encoder: FeatureEncoder?
    init(_ model: FittedModel) {
        self.model = model
        encoder = model.encoder
    }
    var classifier: Classifier { model.estimator }
}

/// A model box whose estimator refits with sample weights (logistic regression, trees): `fair.mitigate`
/// retrains it, the reductions refit copies of it.
protocol WeightedModelBox: ModelBox {
    /// The estimator inside.
    var weighted: WeightedFitting { get }
    /// A fresh model with the same settings, fitted on `ds` (its weights used).
    func refitted(on ds: Dataset) throws -> WeightedModelBox
}

/// A weighted estimator (`nn.LogisticRegression`, `nn.DecisionTree`) boxed with its encoder.
final class WeightedObject<E: WeightedFitting>: WeightedModelBox {
    let model: E
    var encoder: FeatureEncoder?
    init(_ model: E) { self.model = model }
    var classifier: Classifier { model }
    var weighted: WeightedFitting { model }

    func refitted(on ds: Dataset) throws -> WeightedModelBox {
        let fresh = WeightedObject(model.blank())
        let x = try ModelInputs.encode(ds, fresh)
        try fresh.model.fit(x, try ds.labels().map(Double.init), weights: ds.weights)
        return fresh
    }
}

/// `nn.LogisticRegression` boxed.
typealias LogisticObject = WeightedObject<LogisticRegression>

extension ModelInputs {
    /// The arguments of `model:fit(ds, opts)` or `model:fit(x, y, opts)`: features, labels, weights (the
    /// dataset's, or opts.weights) and the options table, which may also hold `extra` names.
    static func fitArguments(_ call: LuaCall, _ m: ModelBox, extra: [String] = []) throws -> (x: Tensor, y: [Double], weights: [Double]?, options: LuaOptions) {
        let x = try features(call, 2, m)
        let dataset = call.stack.object(at: 2, as: DatasetObject.self)
        let o = try call.options(dataset == nil ? 4 : 3, allowed: ["weights"] + extra)
        let y = try dataset.map { try $0.dataset.labels().map(Double.init) } ?? labels(call, 3)
        let weights = try o.object("weights", Tensor.self, expected: "Tensor")?.storage.map(Double.init) ?? dataset?.dataset.weights
        return (x, y, weights, o)
    }

    /// Adds `fit(ds | x, y, {weights=})` to a weighted model's class.
    static func addFit<E>(_ cls: LuaClass<WeightedObject<E>>) -> LuaClass<WeightedObject<E>> {
        cls.method("fit", "x: Dataset|Tensor, y: Tensor?, opts: {weights: Tensor?}?", returns: cls.name,
                   "Fits on a dataset (features encoded, its weights used) or on X and y; returns self.") { m, call in
            let a = try fitArguments(call, m)
            try m.model.fit(a.x, a.y, weights: a.weights)
            return call.returnsSelf()
        }
    }
}

enum LogisticBindings {
    static func make(_ call: LuaCall) throws -> LogisticObject {
        let (s, _) = try call.settings(1, LogisticRegression.Settings(), [.field("C", \.c), .field("fit_intercept", \.fitIntercept),
                                                                          .field("max_iter", \.maxIterations), .field("tol", \.tolerance)])
        return LogisticObject(try LogisticRegression(s))
    }

    static let logisticClass: LuaClass<LogisticObject> = {
        ModelInputs.addFit(ModelInputs.addPrediction(LuaClass<LogisticObject>("LogisticRegression", "L2-penalised logistic regression (scikit-learn's objective, Newton's method).")
            .metamethod("__tostring") { call in call.returns(try call.object(1, LogisticObject.self, expected: "LogisticRegression").model.description) }
            .method("coef", returns: "Tensor", "The coefficients, in feature order.") { m, call in
                TensorBindings.push(Tensor(m.model.coefficients.map(Float.init)), call)
            }
            .method("intercept", returns: "number", "The intercept.") { m, call in call.returns(m.model.intercept) }))
    }()
}
