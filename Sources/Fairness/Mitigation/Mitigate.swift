import Datasets
import Learning
import Tensors

/// The model `mitigate` and `Sweep.run` start from: it scores datasets and can be retrained.
public protocol Baseline {
    /// P(y = 1) for each row of `ds`.
    func probabilities(_ ds: Dataset) throws -> [Double]
    /// A model of the same settings trained on `ds` (pre-processing methods retrain on the mitigated rows).
    func retrained(on ds: Dataset) throws -> any Baseline
    /// An untrained estimator of the same settings that takes sample weights (the reductions refit it), if any.
    var weightedEstimator: (any WeightedFitting)? { get }
    /// The baseline as a model reading datasets (its estimator and encoder).
    var fittedModel: FittedModel { get }
}

/// A model's scores and decisions on test rows.
public struct Outcome {
    /// P(decision = 1) per row.
    public let probabilities: [Double]
    /// 0/1 decisions per row.
    public let decisions: [Double]
    /// Builds the mitigated model as one model reading datasets (called only when asked for), or says why
    /// the method has none.
    public let model: () throws -> FittedModel
    /// Whether the method trains for individual fairness (its comparison measures consistency by default).
    public var individual = false

    /// Whether `context` asks for the consistency of this outcome's model.
    func measuresConsistency(_ context: MitigationContext) -> Bool { context.consistency ?? individual }
}

/// `mitigate`: a registered method applied to a baseline model, before and after on the same test rows.
public enum Mitigation {
    /// The metrics a comparison reports unless told otherwise.
    public static let defaultMetrics = ["accuracy", "selection_rate", "tpr", "fpr"]

    /// The outcome on `test` of `method` with `options`, starting from `baseline` (trained on `train`; its
    /// test scores `baselineScores` when already known). Pre-processors retrain the baseline on the mitigated
    /// training rows (and transform the test rows when they change features); in-processors train a new model;
    /// post-processors fit on the baseline's training scores.
    public static func outcome(_ method: MitigationMethod, options: [String: OptionValue] = [:], baseline: any Baseline,
                               train: Dataset, test: Dataset, sensitive: String, seed: UInt64 = 0,
                               context: MitigationContext = MitigationContext(), baselineScores: [Double]? = nil) throws -> Outcome {
        var context = context
        context.sensitive = sensitive
        if context.estimator == nil { context.estimator = baseline.weightedEstimator?.blank() }
        switch try method.make(options, context: context) {
        case var .pre(p):
            try p.fit(train)
            let model = try baseline.retrained(on: try p.transform(train))
            let probabilities = try model.probabilities(p.changesFeatures ? try p.transform(test) : test)
            let rewrites = p.changesFeatures && !p.onlyDropsColumns, fitted = p
            return Outcome(probabilities: probabilities, decisions: probabilities.map { $0 >= 0.5 ? 1 : 0 }, model: {
                if rewrites, let representing = fitted as? any RepresentingPreprocessor { return try representing.model(over: model.fittedModel) }
                guard !rewrites else {
                    throw FairnessError.invalid("\(method.name) rewrites the features, so its model reads transformed rows: fit the method with fair.pre, transform the rows, then train and save the model")
                }
                return model.fittedModel
            })
        case let .inProcessing(m):
            let fitted = FittedInProcessor(m)
            try fitted.fit(train)
            let x = try fitted.features(test)
            var outcome = Outcome(probabilities: try m.predictProbability(x), decisions: try m.predict(x, seed: seed),
                                  model: { FittedModel(m, encoder: fitted.encoder) })
            outcome.individual = m is any IndividualFairnessMethod
            return outcome
        case var .post(p):
            try p.fit(scores: try baseline.probabilities(train), labels: try train.labels().map(Double.init), dataset: train, sensitive: sensitive)
            let scores = try baselineScores ?? baseline.probabilities(test)
            let groups = try p.ruleGroups(test, sensitive: sensitive)
            let fitted = p
            return Outcome(probabilities: try p.probabilities(scores: scores, groups: groups),
                           decisions: try p.predict(scores: scores, groups: groups, seed: seed), model: {
                guard let rules = fitted as? any SavablePostprocessor else {
                    throw FairnessError.invalid("\(method.name) decides each row from the whole set of rows decided with it, so it has no model of its own")
                }
                return try PostprocessedModel.wrapping(baseline.fittedModel, rules, sensitive: [sensitive])
            })
        }
    }

    /// The baseline and the model mitigated by the method called `method`, compared with `metrics` by the test
    /// rows' first sensitive column. `seed` draws randomised decisions and seeds the methods that take one.
    public static func mitigate(_ method: String, options: [String: OptionValue] = [:], baseline: any Baseline,
                                train: Dataset, test: Dataset, metrics: [Metric], seed: UInt64 = 0,
                                context: MitigationContext = MitigationContext()) throws -> Comparison {
        let m = try MitigationRegistry.method(method)
        guard let sensitive = test.sensitive.first else { throw FairnessError.invalid("mitigate: the test dataset has no sensitive column") }
        let before = try baseline.probabilities(test)
        var options = options
        if options["seed"] == nil, m.options.contains(where: { $0.name == "seed" }) { options["seed"] = .integer(Int(truncatingIfNeeded: seed)) }
        let after = try outcome(m, options: options, baseline: baseline, train: train, test: test, sensitive: sensitive, seed: seed,
                                context: context, baselineScores: before)
        let groups = try GroupIndex(test, sensitive: sensitive)
        let labels = try test.labels().map(Double.init)
        func frame(_ probabilities: [Double], _ decisions: [Double]) throws -> MetricFrame {
            try MetricFrame(metrics: metrics, data: try Predictions(yTrue: labels, yPred: decisions, score: probabilities), groups: groups)
        }
        let individual = after.measuresConsistency(context)
            ? [("subspace consistency", try consistency(baseline.fittedModel, test), try consistency(try? after.model(), test))] : []
        return try Comparison(method: method, before: try frame(before, before.map { $0 >= 0.5 ? 1 : 0 }),
                              after: try frame(after.probabilities, after.decisions), individual: individual, model: after.model)
    }

    /// The consistency of `model`'s decisions on `test` along the sensitive subspace (Yurochkin et al. 2020;
    /// `IndividualFairness.subspaceConsistency`, radius 1, 4 steps); NaN for a method without a per-row model.
    static func consistency(_ model: FittedModel?, _ test: Dataset) throws -> Double {
        guard let model else { return .nan }
        return try IndividualFairness.subspaceConsistency(model: model, dataset: test)
    }
}

extension FittedModel: Baseline {
    /// P(y = 1) for each row of `ds`.
    public func probabilities(_ ds: Dataset) throws -> [Double] { try predictProbability(ds) }

    /// The estimator's settings trained on `ds` (its sample weights used).
    public func retrained(on ds: Dataset) throws -> any Baseline {
        guard let weighted = estimator as? any WeightedFitting else {
            throw FairnessError.invalid("\(type(of: estimator)) cannot be retrained on a mitigated dataset")
        }
        return try FittedModel.fit(weighted.blank(), on: ds)
    }

    /// An untrained copy of the estimator, when it takes sample weights.
    public var weightedEstimator: (any WeightedFitting)? { (estimator as? any WeightedFitting)?.blank() }

    /// The model itself.
    public var fittedModel: FittedModel { self }
}
