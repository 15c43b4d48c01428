import Datasets
import Fairness
import Learning
import LuaHost
import Reports
import Tensors

/// `fair.inproc.PrejudiceRemover` boxed with its feature encoder.
final class PrejudiceObject: ModelBox {
    let model: PrejudiceRemover
    var encoder: FeatureEncoder?
    init(_ model: PrejudiceRemover) { self.model = model }
    var classifier: Classifier { model }

    /// Fits on a dataset's features, labels and first sensitive column.
    func fit(_ ds: Dataset) throws {
        guard let s = ds.sensitive.first else { throw LuaError.message("PrejudiceRemover: the dataset has no sensitive column") }
        try model.fit(try ModelInputs.encode(ds, self), try ds.labels().map(Double.init), groups: try ds.sensitiveColumn(s).codes)
    }
}

/// `fair.inproc.AdversarialDebiasing` boxed with its feature encoder.
final class AdversarialObject: ModelBox {
    let model: AdversarialDebiasing
    var encoder: FeatureEncoder?
    /// Whether the sensitive columns are features too (as in AIF360's Adult example).
    let includeSensitive: Bool
    init(_ model: AdversarialDebiasing, includeSensitive: Bool) {
        self.model = model
        self.includeSensitive = includeSensitive
    }
    var classifier: Classifier { model }

    /// Trains on a dataset's features, labels and first sensitive column.
    func fit(_ ds: Dataset) throws {
        guard let s = ds.sensitive.first else { throw LuaError.message("AdversarialDebiasing: the dataset has no sensitive column") }
        if encoder == nil { encoder = FeatureEncoder(fitting: ds, includeSensitive: includeSensitive) }
        try model.fit(try ModelInputs.encode(ds, self), try ds.labels().map(Double.init), groups: try GroupIndex(ds, sensitive: s))
    }

    static let options = ["classifier", "adversary_loss_weight", "debias", "constraint", "epochs", "batch_size", "lr", "adversary_lr", "include_sensitive", "seed"]

    /// A debiaser from `fair.inproc.AdversarialDebiasing{…}` options.
    static func make(_ o: LuaOptions) throws -> AdversarialObject {
        let name = try o.string("constraint") ?? "equalized_odds"
        guard let target = AdversarialDebiasing.Target(rawValue: name) else {
            throw LuaError.message("option 'constraint': unknown constraint '\(name)'; constraints: \(AdversarialDebiasing.Target.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let net = try o.object("classifier", LayerObject.self, expected: "Sequential")
        guard net == nil || net?.layer is Sequential else { throw LuaError.message("option 'classifier': a Sequential network expected") }
        return AdversarialObject(try AdversarialDebiasing(
            classifier: net?.layer as? Sequential, adversaryWeight: try o.number("adversary_loss_weight") ?? 0.1, debias: try o.boolean("debias") ?? true,
            target: target, epochs: try o.integer("epochs") ?? 50, batchSize: try o.integer("batch_size") ?? 128,
            learningRate: try o.number("lr") ?? 0.001, adversaryLearningRate: try o.number("adversary_lr"),
            seed: (try o.seed() ?? 0)), includeSensitive: try o.boolean("include_sensitive") ?? false)
    }
}

/// `fair.inproc.FairPenalty`: a network trained with a fairness penalty in its loss.
final class PenaltyObject: ModelBox {
    let net: LayerObject
    let penalty: FairnessConstraint
    let epochs: Int, batchSize: Int, learningRate: Double, seed: UInt64
    init(net: LayerObject, penalty: FairnessConstraint, epochs: Int, batchSize: Int, learningRate: Double, seed: UInt64) {
        self.net = net
        self.penalty = penalty
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
    }
    var classifier: Classifier { net.classifier }
    var encoder: FeatureEncoder? {
        get { net.encoder }
        set { net.encoder = newValue }
    }

    /// Trains the network on `ds` with sigmoid cross-entropy plus the penalty.
    func fit(_ ds: Dataset) throws {
        let x = try ModelInputs.encode(ds, net)
        let groups = ds.sensitive.isEmpty ? nil : try ds.sensitiveColumn().codes
        let data = try TrainingData(x: x, y: try ds.labels().map(Float.init), groups: groups, weights: ds.weights?.map(Float.init))
        let trainer = Trainer(net: net.network, loss: .sigmoidBCE, optimizer: try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: learningRate),
                              penalties: [penalty])
        _ = try trainer.fit(data, epochs: epochs, batchSize: batchSize, seed: seed)
    }
}

/// `fair.inproc.ExponentiatedGradient` and `fair.inproc.GridSearch` boxed with the feature encoder.
final class ReductionObject: ModelBox {
    /// The reduction.
    enum Kind {
        case exponentiatedGradient(ExponentiatedGradient)
        case gridSearch(GridSearch)
    }
    let kind: Kind
    let seed: UInt64
    var encoder: FeatureEncoder?
    init(_ kind: Kind, seed: UInt64) {
        self.kind = kind
        self.seed = seed
    }
    var classifier: Classifier {
        switch kind {
        case let .exponentiatedGradient(eg): return eg
        case let .gridSearch(gs): return gs
        }
    }
    var name: String {
        switch kind {
        case .exponentiatedGradient: return "ExponentiatedGradient"
        case .gridSearch: return "GridSearch"
        }
    }

    /// Fits on features, labels and groups.
    func fit(_ x: Tensor, _ y: [Double], _ groups: GroupIndex) throws {
        switch kind {
        case let .exponentiatedGradient(eg): try eg.fit(x, y, groups: groups)
        case let .gridSearch(gs): try gs.fit(x, y, groups: groups)
        }
    }

    /// Fits on a dataset's encoded features, labels and first sensitive column.
    func fit(_ ds: Dataset) throws {
        guard let s = ds.sensitive.first else { throw LuaError.message("\(name): the dataset has no sensitive column") }
        try fit(try ModelInputs.encode(ds, self), try ds.labels().map(Double.init), try GroupIndex(ds, sensitive: s))
    }

    /// Decisions: randomised with `seed` (exponentiated gradient) or the selected predictor's (grid search).
    func predict(_ x: Tensor, seed: UInt64) throws -> [Double] {
        switch kind {
        case let .exponentiatedGradient(eg): return try eg.predict(x, seed: seed)
        case let .gridSearch(gs): return try gs.predictions(x)
        }
    }
}

/// A sweep's results boxed for Lua.
final class SweepObject {
    let sweep: Sweep
    let measure: String
    init(_ sweep: Sweep, measure: String) {
        self.sweep = sweep
        self.measure = measure
    }

    func row(_ p: Sweep.Point) -> LuaValue {
        .table(["method": .string(p.method), "parameter": .string(p.parameter), "value": .number(p.value),
                "accuracy": .number(p.accuracy), "gap": .number(p.gap)])
    }

    var text: String {
        let front = Set(sweep.front)
        var t = TextTable(header: ["method", "parameter", "value", "accuracy", measure, "Pareto"])
        for (i, p) in sweep.points.enumerated() {
            t.rows.append([p.method, p.parameter, TextTable.format(p.value), TextTable.format(p.accuracy), TextTable.format(p.gap), front.contains(i) ? "*" : ""])
        }
        return t.description
    }
}

/// `fair.inproc` and `fair.sweep`.
enum InProcessingBindings {
    static var module: LuaModule {
        LuaModule("inproc", "In-processing mitigators: models trained with fairness in their objective.")
            .function("PrejudiceRemover", "opts: {eta: number?, C: number?, steps: integer?}?", returns: "PrejudiceRemover",
                      "Kamishima et al.: logistic regression with η × the prejudice index (decision–group mutual information).") { call in
                let o = try call.options(1, allowed: ["eta", "C", "steps"])
                return call.push(PrejudiceObject(try PrejudiceRemover(eta: try o.number("eta") ?? 1, c: try o.number("C") ?? 1, steps: try o.integer("steps") ?? 300)), prejudiceClass)
            }
            .function("ExponentiatedGradient",
                      "opts: {estimator: LogisticRegression?, constraint: string?, eps: number?, max_iter: integer?, nu: number?, eta0: number?, run_linprog_step: boolean?, seed: integer?, upper_bound: number?, loss: string?}?",
                      returns: "ExponentiatedGradient",
                      "Agarwal et al.'s exponentiated-gradient reduction (Fairlearn 0.15): a randomised mixture of refitted estimators meeting the constraint to eps.") { call in
                call.push(try reduction(call, exponentiated: true), reductionClass)
            }
            .function("GridSearch",
                      "opts: {estimator: LogisticRegression?, constraint: string?, grid_size: integer?, grid_limit: number?, constraint_weight: number?, upper_bound: number?, loss: string?}?",
                      returns: "GridSearch",
                      "Agarwal et al.'s grid-search reduction (Fairlearn 0.15): one refitted estimator per Lagrange multiplier on a grid, the best trade-off kept.") { call in
                call.push(try reduction(call, exponentiated: false), reductionClass)
            }
            .function("AdversarialDebiasing",
                      "opts: {classifier: Sequential?, adversary_loss_weight: number?, debias: boolean?, constraint: string?, epochs: integer?, batch_size: integer?, lr: number?, seed: integer?}?",
                      returns: "AdversarialDebiasing",
                      "Zhang et al.'s adversarial debiasing (AIF360's training): the classifier's gradient loses its component that helps an adversary predict the group.") { call in
                call.push(try AdversarialObject.make(try call.options(1, allowed: AdversarialObject.options)), adversarialClass)
            }
            .function("FairPenalty", "opts: {model: Sequential?, constraint: string?, weight: number?, form: string?, epochs: integer?, batch_size: integer?, lr: number?, seed: integer?}?",
                      returns: "FairPenalty", "A network trained with nn.loss.FairnessConstraint in its loss (default model: logistic, one Dense(1)).") { call in
                call.push(try penalty(try call.options(1, allowed: ["model", "constraint", "weight", "form", "epochs", "batch_size", "lr", "seed"])), penaltyClass)
            }
    }

    /// The options both reductions share, and the reduction itself.
    static func reduction(_ call: LuaCall, exponentiated: Bool) throws -> ReductionObject {
        let shared = ["estimator", "constraint", "upper_bound", "loss", "epochs", "batch_size", "lr", "seed"]
        let o = try call.options(1, allowed: shared + (exponentiated ? ["eps", "max_iter", "nu", "eta0", "run_linprog_step"]
                                                                    : ["grid_size", "grid_limit", "constraint_weight"]))
        let what = exponentiated ? "ExponentiatedGradient" : "GridSearch"
        let estimator: any WeightedFitting
        if let net = try? o.object("estimator", LayerObject.self, expected: "") {
            // A network is refitted from fresh weights with the rows' weights in its loss.
            guard let template = net.layer as? Sequential else { throw call.argumentError(1, "\(what): a network estimator must be an nn.Sequential") }
            estimator = try NetworkEstimator(template: template, epochs: try o.integer("epochs") ?? 5, batchSize: try o.integer("batch_size") ?? 256,
                                             learningRate: try o.number("lr") ?? 1e-2, seed: (try o.seed() ?? 0))
        } else if let other = try? o.object("estimator", AnyObject.self, expected: ""), !(other is LogisticObject) {
            throw call.argumentError(1, "\(what): the estimator \(type(of: other)) cannot take sample weights; use nn.LogisticRegression or an nn.Sequential network")
        } else {
            estimator = try o.object("estimator", LogisticObject.self, expected: "nn.LogisticRegression or an nn.Sequential network")?.model.blank()
                ?? (try LogisticRegression())
        }
        let eps = try o.number("eps") ?? 0.01
        let name = try o.string("constraint") ?? "demographic_parity"
        guard ReductionConstraint.names.contains(name) else {
            throw call.argumentError(1, "option 'constraint': unknown constraint '\(name)'; constraints: \(ReductionConstraint.names.joined(separator: ", "))")
        }
        let loss: BoundedGroupLoss.Loss
        switch try o.string("loss") ?? "zero_one" {
        case "zero_one": loss = .zeroOne
        case "square": loss = .square(min: 0, max: 1)
        case "absolute": loss = .absolute(min: 0, max: 1)
        case let other: throw call.argumentError(1, "option 'loss': unknown loss '\(other)'; losses: zero_one, square, absolute (on [0, 1])")
        }
        let constraint = try ReductionConstraint.named(name, bound: eps, upperBound: try o.number("upper_bound"), loss: loss)
        if exponentiated {
            let eg = try ExponentiatedGradient(estimator: estimator, constraint: constraint, eps: eps, maxIterations: try o.integer("max_iter") ?? 50,
                                               nu: try o.number("nu"), eta0: try o.number("eta0") ?? 2, runLinearProgram: try o.boolean("run_linprog_step") ?? true)
            return ReductionObject(.exponentiatedGradient(eg), seed: (try o.seed() ?? 0))
        }
        let gs = try GridSearch(estimator: estimator, constraint: constraint, gridSize: try o.integer("grid_size") ?? 10,
                                gridLimit: try o.number("grid_limit") ?? 2, constraintWeight: try o.number("constraint_weight") ?? 0.5)
        return ReductionObject(.gridSearch(gs), seed: 0)
    }

    static var reductionClass: LuaClass<ReductionObject> {
        LuaClass<ReductionObject>("Reduction", "ExponentiatedGradient or GridSearch: a fairness reduction over a weighted estimator.")
            .metamethod("__tostring") { call in
                let r = try call.object(1, ReductionObject.self, expected: "Reduction")
                switch r.kind {
                case let .exponentiatedGradient(eg):
                    return call.returns("ExponentiatedGradient{eps=\(formatNumber(eg.eps))}" + (eg.predictors.isEmpty ? "" : ", fitted: \(eg.predictors.count) predictors, best gap \(formatNumber(eg.bestGap))"))
                case let .gridSearch(gs):
                    return call.returns("GridSearch{grid_size=\(gs.gridSize)}" + (gs.predictors.isEmpty ? "" : ", fitted: best point \(gs.bestIndex + 1)"))
                }
            }
            .method("fit", "x: Dataset|Tensor, y: Tensor?, sensitive: any?", returns: "Reduction",
                    "Fits on a dataset (features encoded, its first sensitive column) or on X, y and the sensitive feature; returns self.") { r, call in
                if let ds = call.stack.object(at: 2, as: DatasetObject.self) {
                    try r.fit(ds.dataset)
                } else {
                    let x = try ModelInputs.features(call, 2, r)
                    guard !call.isNone(3), !call.isNone(4) else { throw call.argumentError(3, "fit(X, y, sensitive): labels and a sensitive feature are needed with a tensor X") }
                    try r.fit(x, try ModelInputs.labels(call, 3), try FairnessInputs.groups(call, 4))
                }
                return call.returnsSelf()
            }
            .method("predict", "x: Tensor|Dataset, opts: {seed: integer?}?", returns: "Tensor",
                    "0/1 decisions: ExponentiatedGradient draws each from the mixture (seeded; the same seed gives the same decisions), GridSearch uses its selected predictor.") { r, call in
                let seed = try call.options(3, allowed: ["seed"]).seed() ?? r.seed
                return TensorBindings.push(Tensor(try r.predict(try ModelInputs.features(call, 2, r), seed: seed).map(Float.init)), call)
            }
            .method("predict_proba", "x: Tensor|Dataset", returns: "Tensor",
                    "P(decision = 1) per row: the mixture Σ Q_t h_t(x) (ExponentiatedGradient) or the selected predictor's probability (GridSearch).") { r, call in
                TensorBindings.push(Tensor(try r.classifier.predictProbability(try ModelInputs.features(call, 2, r)).map(Float.init)), call)
            }
            .method("save", "path: string", "Writes the fitted mixture (or GridSearch's selected predictor) and its schema to one model file.") { r, call in
                try FittedModel(r.classifier, encoder: r.encoder).save(to: try call.string(2))
                return 0
            }
            .method("predictors", returns: "integer", "The number of predictors kept (ExponentiatedGradient) or fitted (GridSearch).") { r, call in
                switch r.kind {
                case let .exponentiatedGradient(eg): return call.returns(eg.predictors.count)
                case let .gridSearch(gs): return call.returns(gs.predictors.count)
                }
            }
            .method("weights", returns: "number[]", "Each predictor's weight in the mixture (GridSearch: 1 for the selected one, 0 elsewhere).") { r, call in
                switch r.kind {
                case let .exponentiatedGradient(eg): return call.returns(LuaValue.array(eg.weights.map { .number($0) }))
                case let .gridSearch(gs): return call.returns(LuaValue.array(gs.predictors.indices.map { .number($0 == gs.bestIndex ? 1 : 0) }))
                }
            }
            .method("lambdas", returns: "table[]", "The Lagrange multipliers of each predictor: {[\"+,all,Female\"] = λ, …}.") { r, call in
                let (names, vectors): ([String], [[Double]])
                switch r.kind {
                case let .exponentiatedGradient(eg): (names, vectors) = (eg.constraintNames, eg.lambdaVectors)
                case let .gridSearch(gs): (names, vectors) = (gs.constraintNames, gs.lambdaVectors)
                }
                return call.returns(LuaValue.array(vectors.map { v in .table(Dictionary(uniqueKeysWithValues: zip(names, v.map { LuaValue.number($0) }))) }))
            }
            .method("best_gap", returns: "number", "ExponentiatedGradient: the smallest duality gap reached; GridSearch: the selected point's largest constraint value.") { r, call in
                switch r.kind {
                case let .exponentiatedGradient(eg): return call.returns(eg.bestGap)
                case let .gridSearch(gs): return call.returns(gs.gammas.indices.contains(gs.bestIndex) ? gs.gammas[gs.bestIndex].max() ?? .nan : .nan)
                }
            }
    }

    static func penalty(_ o: LuaOptions) throws -> PenaltyObject {
        let net = try o.object("model", LayerObject.self, expected: "Sequential") ?? LayerObject(Sequential([try Dense(units: 1)]))
        let name = try o.string("constraint") ?? "demographic_parity"
        guard let kind = FairnessConstraint.Kind(rawValue: name) else {
            throw LuaError.message("option 'constraint': one of \(FairnessConstraint.Kind.allCases.map(\.rawValue).joined(separator: ", ")) expected")
        }
        let form = try o.string("form") ?? "squared"
        return PenaltyObject(net: net, penalty: try FairnessConstraint(kind, weight: try o.number("weight") ?? 10, squared: form == "squared"),
                             epochs: try o.integer("epochs") ?? 5, batchSize: try o.integer("batch_size") ?? 256,
                             learningRate: try o.number("lr") ?? 1e-2, seed: (try o.seed() ?? 0))
    }

    static var prejudiceClass: LuaClass<PrejudiceObject> {
        ModelInputs.addPrediction(LuaClass<PrejudiceObject>("PrejudiceRemover", "Logistic regression with a prejudice-index regulariser.")
            .method("fit", "ds: Dataset", returns: "PrejudiceRemover", "Fits on a dataset (its first sensitive column); returns self.") { m, call in
                try m.fit(try call.object(2, DatasetObject.self, expected: "Dataset").dataset)
                return call.returnsSelf()
            })
    }

    static var adversarialClass: LuaClass<AdversarialObject> {
        ModelInputs.addPrediction(LuaClass<AdversarialObject>("AdversarialDebiasing", "A classifier trained against an adversary that predicts the group.")
            .method("fit", "ds: Dataset", returns: "AdversarialDebiasing", "Trains on a dataset (features encoded; its first sensitive column, two groups); returns self.") { m, call in
                try m.fit(try call.object(2, DatasetObject.self, expected: "Dataset").dataset)
                return call.returnsSelf()
            }
            .method("history", returns: "table[]", "Per epoch: {classifier_loss=, adversary_loss=} (mean cross-entropies).") { m, call in
                call.returns(LuaValue.array(m.model.history.map { .table(["classifier_loss": .number($0.classifier), "adversary_loss": .number($0.adversary)]) }))
            })
    }

    static var penaltyClass: LuaClass<PenaltyObject> {
        ModelInputs.addPrediction(LuaClass<PenaltyObject>("FairPenalty", "A network trained with a fairness penalty.")
            .method("fit", "ds: Dataset", returns: "FairPenalty", "Trains on a dataset (its first sensitive column); returns self.") { m, call in
                try m.fit(try call.object(2, DatasetObject.self, expected: "Dataset").dataset)
                return call.returnsSelf()
            })
    }

    /// `fair.sweep{model=, train=, test=, methods=, grid=, measure=}`.
    static func sweep(_ call: LuaCall) throws -> SweepObject {
        let o = try call.options(1, allowed: ["model", "train", "test", "methods", "grid", "measure", "seed"])
        guard let train = try o.object("train", DatasetObject.self, expected: "Dataset")?.dataset,
              let test = try o.object("test", DatasetObject.self, expected: "Dataset")?.dataset else {
            throw call.argumentError(1, "train and test datasets are required")
        }
        let measure = try o.string("measure") ?? "demographic_parity_difference"
        guard GroupFairness.names.contains(measure) else { throw call.argumentError(1, "option 'measure': one of \(GroupFairness.names.joined(separator: ", ")) expected") }
        let base = try o.object("model", LogisticObject.self, expected: "LogisticRegression") ?? LogisticObject(try LogisticRegression())
        let methods: [String]
        if case let .array(m)? = try o.value("methods") { methods = m.compactMap(\.stringValue) } else {
            methods = ["baseline", "reweighing", "disparate_impact_remover", "prejudice_remover", "fair_penalty", "threshold_optimizer"]
        }
        var grids: [String: [Double]] = ["disparate_impact_remover": [0.25, 0.5, 0.75, 1], "correlation_remover": [0.25, 0.5, 1],
                                         "prejudice_remover": [0, 1, 5, 25], "fair_penalty": [0, 2, 10, 50],
                                         "exponentiated_gradient": [0.005, 0.01, 0.02, 0.05], "grid_search": [10, 20]]
        if case let .table(g)? = try o.value("grid") {
            for (k, v) in g { if case let .array(values) = v { grids[k] = values.compactMap(\.doubleValue) } }
        }
        guard let sensitive = test.sensitive.first else { throw call.argumentError(1, "the test dataset has no sensitive column") }
        let groups = try GroupIndex(test, sensitive: sensitive)
        let labels = try test.labels().map(Double.init)
        let seed = (try o.seed() ?? 0)
        func point(_ method: String, _ parameter: String, _ value: Double, _ decisions: [Double]) throws -> Sweep.Point {
            let data = try Predictions(yTrue: labels, yPred: decisions)
            let accuracy = Double(zip(decisions, labels).filter { $0 == $1 }.count) / Double(labels.count)
            return Sweep.Point(method: method, parameter: parameter, value: value, accuracy: accuracy,
                               gap: abs(try GroupFairness.measure(measure, data, groups)))
        }
        let total = methods.reduce(0) { $0 + (grids[$1]?.count ?? 1) }
        let bar = Progress(label: "sweep", total: total)
        defer { bar.finish() }
        var points: [Sweep.Point] = []
        let fitted = try base.refitted(on: train)
        // The baseline's test scores serve both the baseline point and the threshold optimizer.
        let baseline = try fitted.classifier.predictProbability(try ModelInputs.encode(test, fitted))
        for method in methods {
            switch method {
            case "baseline":
                points.append(try point(method, "-", 0, baseline.map { $0 >= 0.5 ? 1 : 0 }))
            case "reweighing":
                var rw = Reweighing(sensitive: [sensitive])
                try rw.fit(train)
                let m = try base.refitted(on: try rw.transform(train))
                points.append(try point(method, "-", 0, try m.classifier.predict(try ModelInputs.encode(test, m))))
            case "disparate_impact_remover", "correlation_remover":
                for value in grids[method] ?? [] {
                    let (tr, te): (Dataset, Dataset)
                    if method == "disparate_impact_remover" {
                        let d = try DisparateImpactRemover(repairLevel: value, sensitive: sensitive)
                        (tr, te) = (try d.transform(train), try d.transform(test))
                    } else {
                        var c = try CorrelationRemover(alpha: value)
                        try c.fit(train)
                        (tr, te) = (try c.transform(train), try c.transform(test))
                    }
                    let m = try base.refitted(on: tr)
                    points.append(try point(method, method == "disparate_impact_remover" ? "repair_level" : "alpha", value, try m.classifier.predict(try ModelInputs.encode(te, m))))
                    bar.update(points.count)
                }
            case "prejudice_remover":
                for value in grids[method] ?? [] {
                    let m = PrejudiceObject(try PrejudiceRemover(eta: value))
                    try m.fit(train)
                    points.append(try point(method, "eta", value, try m.classifier.predict(try ModelInputs.encode(test, m))))
                    bar.update(points.count)
                }
            case "fair_penalty":
                for value in grids[method] ?? [] {
                    Tensor.seed(seed)
                    let m = PenaltyObject(net: LayerObject(Sequential([try Dense(units: 1)])), penalty: try FairnessConstraint(.demographicParity, weight: value),
                                          epochs: 5, batchSize: 256, learningRate: 1e-2, seed: seed)
                    try m.fit(train)
                    points.append(try point(method, "weight", value, try m.classifier.predict(try ModelInputs.encode(test, m))))
                    bar.update(points.count)
                }
            case "exponentiated_gradient", "grid_search":
                for value in grids[method] ?? [] {
                    let constraint = ReductionConstraint.parity(.demographicParity, differenceBound: method == "grid_search" ? 0.01 : value)
                    let m = method == "grid_search"
                        ? ReductionObject(.gridSearch(try GridSearch(estimator: base.model.blank(), constraint: constraint, gridSize: Int(value))), seed: seed)
                        : ReductionObject(.exponentiatedGradient(try ExponentiatedGradient(estimator: base.model.blank(), constraint: constraint, eps: value)), seed: seed)
                    try m.fit(train)
                    points.append(try point(method, method == "grid_search" ? "grid_size" : "eps", value, try m.predict(try ModelInputs.encode(test, m), seed: seed)))
                    bar.update(points.count)
                }
            case "threshold_optimizer":
                var to = try ThresholdOptimizer(constraint: "demographic_parity")
                try to.fit(scores: try fitted.classifier.predictProbability(try ModelInputs.encode(train, fitted)), labels: try train.labels().map(Double.init),
                           groups: try GroupIndex(train, sensitive: sensitive))
                points.append(try point(method, "-", 0, try to.predict(scores: baseline, groups: groups, seed: seed)))
            default:
                throw call.argumentError(1, "unknown method '\(method)'; sweep methods: baseline, reweighing, disparate_impact_remover, correlation_remover, prejudice_remover, fair_penalty, threshold_optimizer, exponentiated_gradient, grid_search")
            }
            bar.update(points.count)
        }
        return SweepObject(Sweep(points: points), measure: measure)
    }

    /// Accuracy against the gap per method, and the Pareto front.
    static func tradeoffChart(_ s: SweepObject) -> String {
        var series: [SVGChart.Line] = []
        var methods: [String] = []
        for p in s.sweep.points where !methods.contains(p.method) { methods.append(p.method) }
        for m in methods {
            let pts = s.sweep.points.filter { $0.method == m }.map { (x: $0.gap, y: $0.accuracy) }
            series.append(SVGChart.Line(name: m, points: pts.count > 1 ? pts : [], markers: pts))
        }
        series.append(SVGChart.Line(name: "Pareto front", points: s.sweep.front.map { (s.sweep.points[$0].gap, s.sweep.points[$0].accuracy) }))
        return SVGChart.lines(title: "Accuracy–fairness trade-off", series: series, xLabel: s.measure + " (absolute)", yLabel: "accuracy")
    }

    static var sweepClass: LuaClass<SweepObject> {
        LuaClass<SweepObject>("Sweep", "Accuracy and fairness per method and parameter, with the Pareto front.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, SweepObject.self, expected: "Sweep").text) }
            .method("points", returns: "table[]", "Every point: {method=, parameter=, value=, accuracy=, gap=}.") { s, call in
                call.returns(LuaValue.array(s.sweep.points.map(s.row)))
            }
            .method("front", returns: "table[]", "The Pareto-optimal points, by increasing gap.") { s, call in
                call.returns(LuaValue.array(s.sweep.front.map { s.row(s.sweep.points[$0]) }))
            }
            .method("plot", "path: string", "The trade-off: accuracy against the gap per method, and the Pareto front (SVG).") { s, call in
                try ReportBindings.write(tradeoffChart(s), try call.string(2))
                return 0
            }
            .method("html", "path: string", "The sweep as one self-contained HTML report.") { _, call in
                let path = try ReportBindings.writable(try call.string(2))
                try ReportBindings.write(try ReportBindings.html(call, 1), path)
                return 0
            }
    }
}
