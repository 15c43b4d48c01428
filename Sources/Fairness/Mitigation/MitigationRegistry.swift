import Datasets
import Learning

/// Every mitigation method by name, with its options and defaults declared once: `mitigate`, `Sweep.run`
/// and the Lua constructors (`fair.pre.*`, `fair.inproc.*`, `fair.post.*`) all read them from here.
public enum MitigationRegistry {
    /// Pre-processing methods.
    public static var preprocessors: [MitigationMethod] { [
        MitigationMethod("reweighing", "Reweighing",
                         "Kamiran & Calders: weights P(g)P(y)/P(g,y) per (group, label) cell; several columns give intersections.",
                         options: [MethodOption("sensitive", .texts)]) { o, c in
            .pre(Reweighing(sensitive: try o.ifPresent("sensitive", o.texts) ?? c.sensitive.map { [$0] }))
        },
        MitigationMethod("correlation_remover", "CorrelationRemover",
                         "Fairlearn's CorrelationRemover: removes the linear dependence of numeric features on the sensitive columns.",
                         options: [MethodOption("alpha", .number, .number(1))]) { o, _ in
            .pre(try CorrelationRemover(alpha: try o.number("alpha")))
        },
        MitigationMethod("disparate_impact_remover", "DisparateImpactRemover",
                         "Feldman et al.: moves each numeric feature toward the groups' median distribution (repair_level 0…1).",
                         options: [MethodOption("repair_level", .number, .number(1)), MethodOption("features", .texts),
                                   MethodOption("sensitive", .text)]) { o, _ in
            .pre(try DisparateImpactRemover(repairLevel: try o.number("repair_level"), features: try o.ifPresent("features", o.texts),
                                            sensitive: try o.ifPresent("sensitive", o.text)))
        },
        MitigationMethod("massaging", "Massaging",
                         "Kamiran & Calders: relabels the rows nearest the boundary until the groups' base rates are equal.",
                         options: [MethodOption("sensitive", .text), MethodOption("privileged", .text)]) { o, _ in
            .pre(Massaging(sensitive: try o.ifPresent("sensitive", o.text), privileged: try o.ifPresent("privileged", o.text)))
        },
        MitigationMethod("preferential_sampling", "PreferentialSampling",
                         "Kamiran & Calders: resizes each (group, label) cell to independence, duplicating or dropping boundary rows first.",
                         options: [MethodOption("sensitive", .text), MethodOption("privileged", .text), MethodOption("seed", .integer, .integer(0))]) { o, _ in
            .pre(PreferentialSampling(sensitive: try o.ifPresent("sensitive", o.text), privileged: try o.ifPresent("privileged", o.text), seed: try o.seed()))
        },
        MitigationMethod("drop_proxies", "DropProxies",
                         "Drops features associated with a sensitive column at or above threshold (0.3); :dropped() says why.",
                         options: [MethodOption("threshold", .number, .number(0.3)),
                                   MethodOption("method", .choice(["cramers_v", "mutual_information"]), .text("cramers_v"))]) { o, _ in
            .pre(try DropProxies(threshold: try o.number("threshold"), method: try o.text("method")))
        },
        MitigationMethod("lfr", "LFR",
                         "Zemel et al.'s learned fair representations (AIF360 0.6.1's LFR): rows become mixtures of k prototypes fitted by L-BFGS-B for reconstruction (Ax), prediction (Ay) and equal prototype use by the two groups (Az); labels become its predictions.",
                         options: [MethodOption("k", .integer, .integer(5)), MethodOption("Ax", .number, .number(0.01)),
                                   MethodOption("Ay", .number, .number(1)), MethodOption("Az", .number, .number(50)),
                                   MethodOption("max_iter", .integer, .integer(5000)), MethodOption("max_fun", .integer, .integer(5000)),
                                   MethodOption("threshold", .number, .number(0.5)),
                                   MethodOption("gradient", .choice(LFR.Gradient.allCases.map(\.rawValue)), .text("exact")),
                                   MethodOption("sensitive", .text), MethodOption("privileged", .text), MethodOption("seed", .integer, .integer(0))]) { o, c in
            .pre(try LFR(k: try o.integer("k"), ax: try o.number("Ax"), ay: try o.number("Ay"), az: try o.number("Az"), seed: try o.integer("seed"),
                         maxIterations: try o.integer("max_iter"), maxEvaluations: try o.integer("max_fun"), threshold: try o.number("threshold"),
                         gradient: LFR.Gradient(rawValue: try o.text("gradient")) ?? .exact,
                         sensitive: try o.ifPresent("sensitive", o.text) ?? c.sensitive, privileged: try o.ifPresent("privileged", o.text)))
        },
    ] }

    /// The parity constraints' difference bound: GridSearch's, and ExponentiatedGradient's default eps.
    static let parityBound = 0.01

    /// Options every reduction reads; a network estimator is trained with epochs, batch_size, lr and seed.
    static var reductionOptions: [MethodOption] { [
        MethodOption("estimator", .estimator),
        MethodOption("constraint", .choice(ReductionConstraint.names), .text("demographic_parity")),
        MethodOption("upper_bound", .number),
        MethodOption("loss", .choice(["zero_one", "square", "absolute"]), .text("zero_one")),
        MethodOption("epochs", .integer, .integer(5)), MethodOption("batch_size", .integer, .integer(256)),
        MethodOption("lr", .number, .number(1e-2)), MethodOption("seed", .integer, .integer(0)),
    ] }

    /// The estimator a reduction refits, and its constraint (eps bounds the parity difference).
    static func reduction(_ o: MethodOptions, _ c: MitigationContext) throws -> (any WeightedFitting, ReductionConstraint) {
        let estimator: any WeightedFitting
        switch try o.object("estimator", as: AnyObject.self) {
        case let network as Sequential:
            // A network is refitted from fresh weights with the rows' weights in its loss.
            estimator = try NetworkEstimator(template: network, epochs: try o.integer("epochs"), batchSize: try o.integer("batch_size"),
                                             learningRate: try o.number("lr"), seed: try o.seed())
        case let weighted as any WeightedFitting: estimator = weighted.blank()
        case let other?:
            throw FairnessError.invalid("the estimator \(type(of: other)) cannot take sample weights; use nn.LogisticRegression, nn.DecisionTree or an nn.Sequential network")
        case nil: estimator = try c.estimator ?? LogisticRegression()
        }
        let loss: BoundedGroupLoss.Loss
        switch try o.text("loss") {
        case "square": loss = .square(min: 0, max: 1)
        case "absolute": loss = .absolute(min: 0, max: 1)
        default: loss = .zeroOne
        }
        let constraint = try ReductionConstraint.named(try o.text("constraint"), bound: try o.ifPresent("eps", o.number) ?? parityBound,
                                                       upperBound: try o.ifPresent("upper_bound", o.number), loss: loss)
        return (estimator, constraint)
    }

    /// Options SenSR and SenSeI share (inFairness's Adult example: Adam 1e-3, auditor 100 steps of 1e-3).
    static var individualFairnessOptions: [MethodOption] { [
        MethodOption("model", .network), MethodOption("epochs", .integer, .integer(10)), MethodOption("batch_size", .integer, .integer(1000)),
        MethodOption("lr", .number, .number(1e-3)), MethodOption("auditor_nsteps", .integer, .integer(100)),
        MethodOption("auditor_lr", .number, .number(1e-3)), MethodOption("seed", .integer, .integer(0)),
    ] }

    /// The network and training settings of SenSR or SenSeI.
    static func individualFairness(_ o: MethodOptions, method: String) throws -> IndividualFairnessTraining {
        try IndividualFairnessTraining(network: try o.object("model", as: Sequential.self), epochs: try o.integer("epochs"),
                                       batchSize: try o.integer("batch_size"), learningRate: try o.number("lr"), seed: try o.seed(),
                                       auditorSteps: try o.integer("auditor_nsteps"), auditorRate: try o.number("auditor_lr"), method: method)
    }

    /// In-processing methods.
    public static var inProcessors: [MitigationMethod] { [
        MitigationMethod("exponentiated_gradient", "ExponentiatedGradient",
                         "Agarwal et al.'s exponentiated-gradient reduction (Fairlearn 0.15): a randomised mixture of refitted estimators meeting the constraint to eps.",
                         options: reductionOptions + [MethodOption("eps", .number, .number(parityBound)), MethodOption("max_iter", .integer, .integer(50)), MethodOption("nu", .number),
                                                      MethodOption("eta0", .number, .number(2)), MethodOption("run_linprog_step", .boolean, .boolean(true))]) { o, c in
            let (estimator, constraint) = try reduction(o, c)
            return .inProcessing(try ExponentiatedGradient(estimator: estimator, constraint: constraint, eps: try o.number("eps"),
                                                           maxIterations: try o.integer("max_iter"), nu: try o.ifPresent("nu", o.number),
                                                           eta0: try o.number("eta0"), runLinearProgram: try o.boolean("run_linprog_step")))
        },
        MitigationMethod("grid_search", "GridSearch",
                         "Agarwal et al.'s grid-search reduction (Fairlearn 0.15): one refitted estimator per Lagrange multiplier on a grid, the best trade-off kept.",
                         options: reductionOptions + [MethodOption("grid_size", .integer, .integer(10)), MethodOption("grid_limit", .number, .number(2)),
                                                      MethodOption("constraint_weight", .number, .number(0.5))]) { o, c in
            let (estimator, constraint) = try reduction(o, c)
            return .inProcessing(try GridSearch(estimator: estimator, constraint: constraint, gridSize: try o.integer("grid_size"),
                                                gridLimit: try o.number("grid_limit"), constraintWeight: try o.number("constraint_weight")))
        },
        MitigationMethod("prejudice_remover", "PrejudiceRemover",
                         "Kamishima et al.: logistic regression with η × the prejudice index (decision–group mutual information).",
                         options: [MethodOption("eta", .number, .number(1)), MethodOption("C", .number, .number(1)),
                                   MethodOption("steps", .integer, .integer(300))]) { o, _ in
            .inProcessing(try PrejudiceRemover(eta: try o.number("eta"), c: try o.number("C"), steps: try o.integer("steps")))
        },
        MitigationMethod("fair_regression", "FairRegression",
                         "Agarwal, Dudík & Wu (2019): regression under statistical parity (every threshold's P[f ≥ z] equal across groups) by exponentiated gradient over threshold classifiers on m thresholds; on 0/1 labels, scores with one distribution in every group.",
                         options: [MethodOption("eps", .number, .number(0.05)), MethodOption("grid_size", .integer, .integer(10)),
                                   MethodOption("loss", .choice(FairRegression.Loss.allCases.map(\.rawValue)), .text("square")),
                                   MethodOption("max_iter", .integer, .integer(50)), MethodOption("estimator", .estimator)]) { o, _ in
            .inProcessing(try FairRegression(estimator: try o.object("estimator", as: (any WeightedFitting).self), eps: try o.number("eps"),
                                             gridSize: try o.integer("grid_size"), loss: FairRegression.Loss(rawValue: try o.text("loss")) ?? .square,
                                             maxIterations: try o.integer("max_iter")))
        },
        MitigationMethod("fair_penalty", "FairPenalty",
                         "A network trained with nn.loss.FairnessConstraint in its loss (default model: logistic, one Dense(1)).",
                         options: [MethodOption("model", .network), MethodOption("constraint", .choice(FairnessConstraint.Kind.allCases.map(\.rawValue)), .text("demographic_parity")),
                                   MethodOption("weight", .number, .number(10)), MethodOption("form", .choice(["squared", "absolute"]), .text("squared")),
                                   MethodOption("epochs", .integer, .integer(5)), MethodOption("batch_size", .integer, .integer(256)),
                                   MethodOption("lr", .number, .number(1e-2)), MethodOption("seed", .integer, .integer(0))]) { o, _ in
            let penalty = try FairnessConstraint(constraint: try o.text("constraint"), weight: try o.number("weight"), form: try o.text("form"))
            return .inProcessing(try FairPenalty(network: try o.object("model", as: Sequential.self), penalty: penalty,
                                                 epochs: try o.integer("epochs"), batchSize: try o.integer("batch_size"),
                                                 learningRate: try o.number("lr"), seed: try o.seed()))
        },
        MitigationMethod("min_diff", "MinDiff",
                         "Prost et al.'s MinDiff: a network trained with nn.loss.MinDiff, the kernel MMD between the groups' predicted probabilities among the negatives (or positives, or all rows), in its loss (default model: logistic, one Dense(1)).",
                         options: [MethodOption("model", .network), MethodOption("kernel", .choice(MinDiff.Kernel.allCases.map(\.rawValue)), .text("gaussian")),
                                   MethodOption("weight", .number, .number(1.5)), MethodOption("length", .number, .number(0.1)),
                                   MethodOption("rows", .choice(MinDiff.Rows.allCases.map(\.rawValue)), .text("negatives")),
                                   MethodOption("epochs", .integer, .integer(5)), MethodOption("batch_size", .integer, .integer(256)),
                                   MethodOption("lr", .number, .number(1e-2)), MethodOption("seed", .integer, .integer(0))]) { o, _ in
            let penalty = try MinDiff(kernel: try o.text("kernel"), weight: try o.number("weight"), length: try o.number("length"), rows: try o.text("rows"))
            return .inProcessing(try FairPenalty(network: try o.object("model", as: Sequential.self), penalty: penalty,
                                                 epochs: try o.integer("epochs"), batchSize: try o.integer("batch_size"),
                                                 learningRate: try o.number("lr"), seed: try o.seed()))
        },
        MitigationMethod("adversarial_training", "AdversarialTraining",
                         "Madry et al.'s adversarial training: a network trained on batches whose share ratio is replaced by PGD adversarial rows (radius eps, step eps/4 unless given, 7 steps, numeric features only unless features = 'all'; default model: logistic, one Dense(1)).",
                         options: [MethodOption("model", .network), MethodOption("eps", .number, .number(0.1)), MethodOption("step", .number),
                                   MethodOption("steps", .integer, .integer(7)), MethodOption("norm", .choice(Attack.Norm.allCases.map(\.rawValue)), .text("inf")),
                                   MethodOption("features", .choice(["numeric", "all"]), .text("numeric")), MethodOption("ratio", .number, .number(0.5)),
                                   MethodOption("epochs", .integer, .integer(5)), MethodOption("batch_size", .integer, .integer(256)),
                                   MethodOption("lr", .number, .number(1e-2)), MethodOption("seed", .integer, .integer(0))]) { o, _ in
            let attack = try Attack.pgd(eps: try o.number("eps"), step: try o.ifPresent("step", o.number), steps: try o.integer("steps"),
                                        norm: try Attack.named(try o.text("norm"), "norm"), seed: try o.seed(),
                                        features: try Attack.Features.from(features: try o.text("features"), columns: nil, mask: nil))
            return .inProcessing(try AdversarialRobustness(network: try o.object("model", as: Sequential.self),
                                                           adversarial: try AdversarialTraining(attack: attack, ratio: try o.number("ratio")),
                                                           epochs: try o.integer("epochs"), batchSize: try o.integer("batch_size"),
                                                           learningRate: try o.number("lr"), seed: try o.seed()))
        },
        MitigationMethod("adversarial_debiasing", "AdversarialDebiasing",
                         "Zhang et al.'s adversarial debiasing (AIF360's training): the classifier's gradient loses its component that helps an adversary predict the group.",
                         options: [MethodOption("classifier", .network), MethodOption("adversary_loss_weight", .number, .number(0.1)),
                                   MethodOption("debias", .boolean, .boolean(true)),
                                   MethodOption("constraint", .choice(AdversarialDebiasing.Target.allCases.map(\.rawValue)), .text("equalized_odds")),
                                   MethodOption("epochs", .integer, .integer(50)), MethodOption("batch_size", .integer, .integer(128)),
                                   MethodOption("lr", .number, .number(0.001)), MethodOption("adversary_lr", .number),
                                   MethodOption("include_sensitive", .boolean, .boolean(false)), MethodOption("seed", .integer, .integer(0))]) { o, _ in
            .inProcessing(try AdversarialDebiasing(
                classifier: try o.object("classifier", as: Sequential.self), adversaryWeight: try o.number("adversary_loss_weight"),
                debias: try o.boolean("debias"), target: AdversarialDebiasing.Target(rawValue: try o.text("constraint")) ?? .equalizedOdds,
                epochs: try o.integer("epochs"), batchSize: try o.integer("batch_size"), learningRate: try o.number("lr"),
                adversaryLearningRate: try o.ifPresent("adversary_lr", o.number), seed: try o.seed(), includeSensitive: try o.boolean("include_sensitive")))
        },
        MitigationMethod("sensr", "SenSR",
                         "Yurochkin et al.'s sensitive subspace robustness (inFairness / AIF360 0.6): trained on each batch's worst-case moves along the groups' logistic-regression directions.",
                         options: individualFairnessOptions + [MethodOption("eps", .number, .number(0.1)), MethodOption("lr_lamb", .number, .number(1)),
                                                               MethodOption("lr_param", .number, .number(1))]) { o, _ in
            .inProcessing(try SenSR(training: try individualFairness(o, method: "SenSR"), eps: try o.number("eps"),
                                    lambdaRate: try o.number("lr_lamb"), lossScale: try o.number("lr_param")))
        },
        MitigationMethod("sensei", "SenSeI",
                         "Yurochkin & Sun's sensitive set invariance (inFairness / AIF360 0.6): the loss plus rho × the squared logit change at each row's worst-case comparable row.",
                         options: individualFairnessOptions + [MethodOption("rho", .number, .number(5)), MethodOption("eps", .number, .number(0.1))]) { o, _ in
            .inProcessing(try SenSeI(training: try individualFairness(o, method: "SenSeI"), rho: try o.number("rho"), eps: try o.number("eps")))
        },
    ] }

    /// Post-processing methods.
    public static var postprocessors: [MitigationMethod] { [
        MitigationMethod("threshold_optimizer", "ThresholdOptimizer", "Hardt et al. as Fairlearn does it: per-group randomised thresholds.",
                         options: [MethodOption("constraint", .choice(ThresholdOptimizer.constraints.keys.sorted()), .text("demographic_parity")),
                                   MethodOption("objective", .text, .text("accuracy")), MethodOption("grid_size", .integer, .integer(1000)),
                                   MethodOption("flip", .boolean, .boolean(false)), MethodOption("seed", .integer, .integer(0))]) { o, c in
            let objective = try o.text("objective")
            let plugin = ThresholdOptimizer.objectives[objective] == nil ? try c.metric(objective) : nil
            return .post(try ThresholdOptimizer(constraint: try o.text("constraint"), objective: objective,
                                                gridSize: try o.integer("grid_size"), flip: try o.boolean("flip"), plugin: plugin))
        },
        MitigationMethod("constrained_thresholds", "ConstrainedThresholds",
                         "OxonFair's constrained thresholds (Delaney et al. 2024), searched exactly: a threshold per group maximising an objective of the confusion counts under a bound on a rate's difference, ratio or minimum.",
                         options: [MethodOption("constraint", .text, .text("demographic_parity")),
                                   MethodOption("form", .choice(RateConstraint.Form.allCases.map(\.rawValue)), .text("difference")),
                                   MethodOption("tolerance", .number, .number(parityBound)), MethodOption("minimum", .number),
                                   MethodOption("objective", .text, .text("accuracy")), MethodOption("costs", .pair, .pair(1, 1)),
                                   MethodOption("randomized", .boolean, .boolean(false)), MethodOption("inferred", .boolean, .boolean(false)),
                                   MethodOption("group_estimator", .estimator), MethodOption("seed", .integer, .integer(0))]) { o, c in
            let constraint = try RateConstraint(try o.text("constraint"), form: RateConstraint.Form(rawValue: try o.text("form")) ?? .difference,
                                                tolerance: try o.number("tolerance"), minimum: try o.ifPresent("minimum", o.number))
            let costs = try o.pair("costs")
            let objective = try ThresholdObjective.named(try o.text("objective"), costs: (costs.0, costs.1), metric: c.metric)
            let inferred = try o.boolean("inferred") ? try GroupClassifier(template: try o.object("group_estimator", as: (any WeightedFitting).self)) : nil
            return .post(try ConstrainedThresholds(constraint: constraint, objective: objective, randomized: try o.boolean("randomized"), inferred: inferred))
        },
        MitigationMethod("fair_ranking", "RankedSelection",
                         "Fair re-ranking as selection (Geyik et al. 2019, AIF360's DeterministicReranking; or exposure parity): of the rows decided together, the top share after re-ranking the scores so that every prefix gives each group its training share.",
                         options: [MethodOption("share", .number), MethodOption("ranker", .choice(FairRanking.Method.allCases.map(\.rawValue)), .text(FairRanking.defaultMethod.rawValue))]) { o, _ in
            .post(try RankedSelection(share: try o.ifPresent("share", o.number), ranker: FairRanking.Method(rawValue: try o.text("ranker")) ?? FairRanking.defaultMethod))
        },
        MitigationMethod("eq_odds", "EqOdds", "Hardt et al.'s equalized odds by AIF360's linear programme (solved exactly) on decisions score ≥ 0.5.",
                         options: [MethodOption("privileged", .text, required: true), MethodOption("seed", .integer, .integer(0))]) { o, _ in
            .post(EqOddsPostprocessing(privileged: try o.text("privileged")))
        },
        MitigationMethod("calibrated_eq_odds", "CalibratedEqOdds", "Pleiss et al.'s calibrated equalized odds (AIF360's mixing with the group's base rate).",
                         options: [MethodOption("privileged", .text, required: true),
                                   MethodOption("cost", .choice(["fpr", "fnr", "weighted"]), .text("weighted")), MethodOption("seed", .integer, .integer(0))]) { o, _ in
            .post(try CalibratedEqOdds(cost: try o.text("cost"), privileged: try o.text("privileged")))
        },
        MitigationMethod("reject_option", "RejectOption", "Kamiran et al.'s reject-option classification, grid as AIF360's RejectOptionClassification.",
                         options: [MethodOption("privileged", .text, required: true),
                                   MethodOption("metric", .text, .text("statistical_parity")),
                                   MethodOption("bounds", .pair, .pair(-0.05, 0.05)), MethodOption("num_class_thresh", .integer, .integer(100)),
                                   MethodOption("num_ROC_margin", .integer, .integer(50))]) { o, _ in
            guard let metric = RejectOption.Metric(rawValue: try o.text("metric")) else {
                throw FairnessError.invalid("option 'metric': one of \(RejectOption.Metric.allCases.map(\.rawValue).joined(separator: ", ")) expected")
            }
            return .post(try RejectOption(privileged: try o.text("privileged"), metric: metric,
                                   bounds: try o.pair("bounds"),
                                   thresholds: (0.01, 0.99, try o.integer("num_class_thresh")), margins: try o.integer("num_ROC_margin")))
        },
    ] }

    /// Every method, pre-processing first.
    public static var all: [MitigationMethod] { preprocessors + inProcessors + postprocessors }

    /// The method called `name`, or an error listing them.
    public static func method(_ name: String) throws -> MitigationMethod {
        guard let m = all.first(where: { $0.name == name }) else {
            throw FairnessError.invalid("unknown method '\(name)'; methods: \(all.map(\.name).joined(separator: ", "))")
        }
        return m
    }
}
