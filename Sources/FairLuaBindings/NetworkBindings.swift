import CLua
import Datasets
import Learning
import LuaBridgeC
import LuaHost
import Reports
import Tensors

/// A layer boxed for Lua; a Sequential also keeps its feature encoder.
final class LayerObject: ModelBox {
    let layer: Layer
    var encoder: FeatureEncoder?
    init(_ layer: Layer) { self.layer = layer }
    var classifier: Classifier { (layer as? Sequential) ?? Sequential([layer]) }
    /// The layer as a network (a single layer is wrapped).
    var network: Sequential { (layer as? Sequential) ?? Sequential([layer]) }
}

/// A term of a training objective (a loss, a regulariser or a fairness penalty) boxed for Lua.
final class TermObject {
    let term: any TrainingTerm
    init(_ term: any TrainingTerm) { self.term = term }
}

/// `nn`: layers, Sequential, losses, regularisers, the Trainer, logistic regression and model files.
enum NetworkBindings {
    static func push(_ layer: Layer, _ call: LuaCall) -> Int32 {
        return call.push(LayerObject(layer), layerClass)
    }

    static func pushTerm(_ term: any TrainingTerm, _ call: LuaCall) -> Int32 {
        return call.push(TermObject(term), termClass)
    }

    /// `nn.MaxPool2D` / `nn.AvgPool2D`: the window positional or as `pool_size`.
    static func pool(_ call: LuaCall, average: Bool) throws -> Int32 {
        push(try Pool2D(try LayerOptions.window(call, 1, Pool2D.Settings(), LayerOptions.pooling, key: "pool_size") { $0.size = $1 }, average: average), call)
    }

    static var module: LuaModule {
        LuaModule("nn", "Neural networks as in Torch7 / MXNet Gluon: layers, Sequential, losses, Trainer, logistic regression.")
            .function("Dense", "units: integer, opts: {activation: string?, use_bias: boolean?, in_units: integer?, init: string?}?",
                      returns: "Layer", "A fully connected layer; the input size is inferred at the first call.") { call in
                let units = try call.integer(1)
                return push(try Dense(units: units, try call.settings(2, Dense.Settings(), LayerOptions.dense).0), call)
            }
            .function("Conv2D", "channels: integer, kernel_size: integer|table?, opts: {kernel_size: integer?, strides: integer?, padding: integer?, dilation: integer?, activation: string?, use_bias: boolean?, in_channels: integer?}?",
                      returns: "Layer", "A 2-D convolution on (batch, channels, height, width) input, Gluon's Conv2D(channels, {kernel_size = 3}) or Conv2D(channels, 3, {…}); input channels inferred at the first call.") { call in
                let channels = try call.integer(1)
                return push(try Conv2D(channels: channels, try LayerOptions.window(call, 2, Conv2D.Settings(), LayerOptions.convolution, key: "kernel_size") { $0.kernel = $1 }), call)
            }
            .function("MaxPool2D", "pool_size: integer|table?, opts: {pool_size: integer?, strides: integer?, padding: integer?}?", returns: "Layer",
                      "Max pooling, Gluon's MaxPool2D{pool_size = 2, strides = 2} or MaxPool2D(2, {…}) (window 2, strides the window, by default).") { call in
                try pool(call, average: false)
            }
            .function("AvgPool2D", "pool_size: integer|table?, opts: {pool_size: integer?, strides: integer?, padding: integer?}?", returns: "Layer",
                      "Average pooling, as MaxPool2D.") { call in
                try pool(call, average: true)
            }
            .function("GlobalAvgPool2D", returns: "Layer", "Each channel's mean over height and width.") { call in push(GlobalAvgPool2D(), call) }
            .function("BatchNorm", "opts: {momentum: number?, epsilon: number?}?", returns: "Layer",
                      "Batch normalisation (running statistics in evaluation mode).") { call in
                push(try BatchNorm(try call.settings(1, BatchNorm.Settings(), LayerOptions.batchNorm).0), call)
            }
            .function("Activation", "name: string", returns: "Layer", "relu, sigmoid, tanh, softrelu, leaky_relu or gelu.") { call in
                push(ActivationLayer(try Activation.named(try call.string(1))), call)
            }
            .function("Flatten", returns: "Layer", "Flattens every dimension after the first.") { call in push(Flatten(), call) }
            .function("Dropout", "p: number", returns: "Layer", "Inverted dropout with drop probability p (training mode only).") { call in
                push(try Dropout(try call.number(1)), call)
            }
            .function("Sequential", "layers: Layer[]?", returns: "Sequential", "Layers applied in order; add more with :add(layer).") { call in
                let net = Sequential()
                if !call.isNone(1) {
                    guard call.type(1) == .table else { throw call.typeError(1, expected: "table of layers") }
                    for k in 1...max(1, call.stack.rawLength(1)) where call.stack.rawLength(1) > 0 {
                        let layer = try call.stack.withRawIndex(1, k) { slot -> Layer in
                            guard let l = call.stack.object(at: slot, as: LayerObject.self) else { throw call.argumentError(1, "element \(k) is not a layer") }
                            return l.layer
                        }
                        try net.add(layer)
                    }
                }
                return push(net, call)
            }
            .function("Trainer", "net: Sequential, opts: {loss: Loss, optimizer: Optimizer, regularizers: Loss[]?, penalties: Loss[]?, schedule: table?, adversarial: {attack: Attack, ratio: number?}?}",
                      returns: "Trainer", "MXNet Gluon's Trainer: step(batch_size) after backward, or fit(ds, {…}) for whole epochs.") { call in
                return call.push(try TrainerBindings.make(call), TrainerBindings.trainerClass)
            }
            .function("LogisticRegression", "opts: {C: number?, fit_intercept: boolean?, max_iter: integer?, tol: number?}?",
                      returns: "LogisticRegression", "L2-penalised, sample-weighted logistic regression with scikit-learn's objective.") { call in
                return call.push(try LogisticBindings.make(call), LogisticBindings.logisticClass)
            }
            .function("DecisionTree", "opts: {max_depth: integer?, min_samples_leaf: integer?, min_samples_split: integer?, criterion: 'gini'|'entropy'?, max_features: number|string?, seed: integer?}?",
                      returns: "DecisionTree", "A CART classification tree as scikit-learn's DecisionTreeClassifier; sample weights honoured exactly.") { call in
                return call.push(try TreeBindings.make(call), TreeBindings.treeClass)
            }
            .function("GradientBoosting", "opts: {n_estimators: integer?, learning_rate: number?, max_depth: integer?, num_leaves: integer?, min_child_samples: integer?, min_child_weight: number?, lambda_l2: number?, max_bins: integer?, subsample: number?, colsample: number?, early_stopping_rounds: integer?, seed: integer?}?",
                      returns: "GradientBoosting", "Histogram-based gradient-boosted trees for binary log-loss, LightGBM's algorithm and defaults; sample weights honoured.") { call in
                return call.push(try BoostingBindings.make(call), BoostingBindings.boostingClass)
            }
            .submodule(LuaModule("nn.loss", "Losses from logits, one value per sample, with optional per-sample weights.")
                .function("SigmoidBCE", returns: "Loss", "Binary cross-entropy of sigmoid(logit).") { call in pushTerm(Loss.sigmoidBCE, call) }
                .function("SoftmaxCrossEntropy", returns: "Loss", "Cross-entropy of softmax(logits) against class indices 0…C−1.") { call in pushTerm(Loss.softmaxCrossEntropy, call) }
                .function("L2", returns: "Loss", "½ (output − label)².") { call in pushTerm(Loss.l2, call) }
                .function("L1", returns: "Loss", "|output − label|.") { call in pushTerm(Loss.l1, call) }
                .function("Huber", "opts: {rho: number?}?", returns: "Loss", "Quadratic within rho (1), linear beyond.") { call in
                    pushTerm(Loss.huber(rho: try call.options(1, allowed: ["rho"]).number("rho") ?? 1), call)
                }
                .function("Hinge", "opts: {margin: number?}?", returns: "Loss", "max(0, margin − output·(2y − 1)).") { call in
                    pushTerm(Loss.hinge(margin: try call.options(1, allowed: ["margin"]).number("margin") ?? 1), call)
                }
                .function("FairnessConstraint", "opts: {constraint: string, weight: number, form: 'squared'|'absolute'?}", returns: "Loss",
                          "A differentiable penalty on the gap in mean predicted probability between groups (sigmoid of one logit, or per class on softmax logits); call with (output, labels, groups).") { call in
                    let o = try call.options(1, allowed: ["constraint", "weight", "form"])
                    return pushTerm(try FairnessConstraint(constraint: try o.string("constraint"), weight: try o.number("weight"), form: try o.string("form")), call)
                }
                .function("MinDiff", "opts: {kernel: 'gaussian'|'laplacian'?, weight: number?, length: number?, rows: 'negatives'|'positives'|'all'?}?", returns: "Loss",
                          "MinDiff (Prost et al. 2019): weight (1.5) × the kernel MMD between each group's predicted probabilities and the other rows' among the negatives (default), the positives or all rows; Gaussian exp(−(p−q)²/length²) or Laplacian kernel, length 0.1; call with (output, labels, groups).") { call in
                    let o = try call.options(1, allowed: ["kernel", "weight", "length", "rows"])
                    return pushTerm(try MinDiff(kernel: try o.string("kernel"), weight: try o.number("weight"), length: try o.number("length"), rows: try o.string("rows")), call)
                })
            .submodule(AttackBindings.module)
            .submodule(LuaModule("nn.reg", "Weight penalties for the Trainer's regularizers list.")
                .function("L1", "lambda: number", returns: "Loss", "λ Σ|w| over weight matrices.") { call in pushTerm(Regularizer.l1(try call.number(1)), call) }
                .function("L2", "lambda: number", returns: "Loss", "λ/2 Σ w² over weight matrices.") { call in pushTerm(Regularizer.l2(try call.number(1)), call) })
            .function("load", "path: string", returns: "Sequential|Model",
                      "Loads a model saved with :save(path), with its schema: predict on any dataset with the training columns.") { call in
                try ModelInputs.load(call)
            }
    }

    static let termClass: LuaClass<TermObject> = {
        LuaClass<TermObject>("Loss", "A loss (call with output, label, weights?), a regulariser (call with net) or a fairness penalty (output, labels, groups).")
            .metamethod("__call") { call in
                let term = try call.object(1, TermObject.self, expected: "Loss").term
                if let net = call.stack.object(at: 2, as: LayerObject.self) {
                    return TensorBindings.push(try term.value(on: TermBatch(parameters: net.layer.parameters)), call)
                }
                let batch = TermBatch(output: try TensorBindings.tensor(call, 2), labels: try TensorBindings.tensor(call, 3),
                                      weights: term.readsGroups || call.isNone(4) ? nil : try TensorBindings.tensor(call, 4),
                                      groups: term.readsGroups ? try FairnessInputs.groups(call, 4, name: "groups").codes : nil)
                return TensorBindings.push(try term.value(on: batch), call)
            }
            .metamethod("__tostring") { call in
                call.returns(try call.object(1, TermObject.self, expected: "Loss").term.description)
            }
    }()

    static let layerClass: LuaClass<LayerObject> = {
        ModelInputs.addPrediction(LuaClass<LayerObject>("Layer", "A layer or a Sequential network; call it on a batch: net(x).")
            .metamethod("__call") { call in
                let l = try call.object(1, LayerObject.self, expected: "Layer")
                let x = try TensorBindings.tensor(call, 2)
                return TensorBindings.push(try l.layer.forward(x, training: (l.layer as? Sequential)?.training ?? true), call)
            }
            .metamethod("__tostring") { call in
                call.returns(try call.object(1, LayerObject.self, expected: "Layer").layer.description)
            }
            .method("add", "...: Layer", returns: "Sequential", "Appends one or more layers in order (returns self).") { l, call in
                guard let net = l.layer as? Sequential else { throw call.argumentError(1, "add needs a Sequential") }
                let layers = try (2...max(2, call.stack.top)).map { try call.object($0, LayerObject.self, expected: "Layer").layer }
                for layer in layers { try net.add(layer) }
                return call.returnsSelf()
            }
            .method("parameters", returns: "table<string, Tensor>", "Trainable tensors by name ('1.Dense.weight').") { l, call in
                let params = l.network.parameters
                call.stack.pushTable(arrayCount: 0)
                for (name, t) in params {
                    call.stack.push(name)
                    TensorBindings.push(t, call)
                    lua_rawset(call.L, -3)
                }
                return 1
            }
            .method("summary", "input_shape: integer[]?", "Prints layers, output shapes and parameter counts as an aligned table.") { l, call in
                let shape = try call.isNone(2) ? (l.layer as? Sequential)?.lastInputShape : TensorBindings.shape(call, from: 2)
                guard let input = shape else { throw call.argumentError(2, "give the input shape, e.g. {1, 97}, or call, fit or predict with the network first") }
                print(try l.network.summaryTable(input: input).description)
                return 0
            }
            .method("train", returns: "Sequential", "Training mode (dropout on); returns self.") { l, call in
                l.network.training = true
                return call.returnsSelf()
            }
            .method("eval", returns: "Sequential", "Evaluation mode (dropout off); returns self.") { l, call in
                (l.layer as? Sequential)?.training = false
                return call.returnsSelf()
            })
    }()
}
