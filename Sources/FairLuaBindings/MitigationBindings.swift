import CLua
import Datasets
import Fairness
import Learning
import LuaBridgeC
import LuaHost
import Reports
import Tensors

/// A pre-processing mitigator boxed for Lua.
final class PreprocessorObject {
    enum Kind {
        case reweighing(Reweighing), correlationRemover(CorrelationRemover), massaging(Massaging)
        case preferentialSampling(PreferentialSampling), dropProxies(DropProxies), disparateImpactRemover(DisparateImpactRemover)
    }
    var kind: Kind
    init(_ kind: Kind) { self.kind = kind }

    func fit(_ ds: Dataset) throws {
        switch kind {
        case var .reweighing(r): try r.fit(ds); kind = .reweighing(r)
        case var .correlationRemover(c): try c.fit(ds); kind = .correlationRemover(c)
        case var .dropProxies(d): try d.fit(ds); kind = .dropProxies(d)
        case .massaging, .preferentialSampling, .disparateImpactRemover: break   // they work on the dataset they transform
        }
    }

    func transform(_ ds: Dataset) throws -> Dataset {
        switch kind {
        case let .reweighing(r): return try r.transform(ds)
        case let .correlationRemover(c): return try c.transform(ds)
        case var .massaging(m):
            let out = try m.transform(ds)
            kind = .massaging(m)
            return out
        case let .preferentialSampling(p): return try p.transform(ds)
        case let .dropProxies(d): return try d.transform(ds)
        case let .disparateImpactRemover(d): return try d.transform(ds)
        }
    }

    /// Builds the mitigator `name` from options (fair.mitigate's pre-processing methods).
    static func named(_ name: String, _ o: LuaOptions, sensitive: String) throws -> PreprocessorObject? {
        switch name {
        case "reweighing": return PreprocessorObject(.reweighing(Reweighing(sensitive: [sensitive])))
        case "correlation_remover": return PreprocessorObject(.correlationRemover(try CorrelationRemover(alpha: try o.number("alpha") ?? 1)))
        case "massaging": return PreprocessorObject(.massaging(Massaging()))
        case "preferential_sampling": return PreprocessorObject(.preferentialSampling(PreferentialSampling(seed: (try o.seed() ?? 0))))
        case "drop_proxies": return PreprocessorObject(.dropProxies(try DropProxies(threshold: try o.number("threshold") ?? 0.3)))
        case "disparate_impact_remover": return PreprocessorObject(.disparateImpactRemover(try DisparateImpactRemover(repairLevel: try o.number("repair_level") ?? 1)))
        default: return nil
        }
    }
}

/// `fair.pre`, `fair.post` and `fair.mitigate`.
enum MitigationBindings {
    static func pushPre(_ kind: PreprocessorObject.Kind, _ call: LuaCall) -> Int32 {
        return call.push(PreprocessorObject(kind), preClass)
    }

    static var preModule: LuaModule {
        LuaModule("pre", "Pre-processing mitigators: fit(ds) then transform(ds) → a new dataset.")
            .function("Reweighing", "opts: {sensitive: string[]?}?", returns: "Preprocessor",
                      "Kamiran & Calders: weights P(g)P(y)/P(g,y) per (group, label) cell; several columns give intersections.") { call in
                let o = try call.options(1, allowed: ["sensitive"])
                return pushPre(.reweighing(Reweighing(sensitive: try DataBindings.texts(o.value("sensitive"), option: "sensitive"))), call)
            }
            .function("Massaging", "opts: {sensitive: string?, privileged: string?}?", returns: "Preprocessor",
                      "Kamiran & Calders: relabels the rows nearest the boundary until the groups' base rates are equal.") { call in
                let o = try call.options(1, allowed: ["sensitive", "privileged"])
                return pushPre(.massaging(Massaging(sensitive: try o.string("sensitive"), privileged: try o.string("privileged"))), call)
            }
            .function("PreferentialSampling", "opts: {sensitive: string?, privileged: string?, seed: integer?}?", returns: "Preprocessor",
                      "Kamiran & Calders: resizes each (group, label) cell to independence, duplicating or dropping boundary rows first.") { call in
                let o = try call.options(1, allowed: ["sensitive", "privileged", "seed"])
                return pushPre(.preferentialSampling(PreferentialSampling(sensitive: try o.string("sensitive"), privileged: try o.string("privileged"),
                                                                         seed: (try o.seed() ?? 0))), call)
            }
            .function("DropProxies", "opts: {threshold: number?, method: 'cramers_v'|'mutual_information'?}?", returns: "Preprocessor",
                      "Drops features associated with a sensitive column at or above threshold (0.3); :dropped() says why.") { call in
                let o = try call.options(1, allowed: ["threshold", "method"])
                return pushPre(.dropProxies(try DropProxies(threshold: try o.number("threshold") ?? 0.3, method: try o.string("method") ?? "cramers_v")), call)
            }
            .function("DisparateImpactRemover", "opts: {repair_level: number?, features: string[]?, sensitive: string?}?", returns: "Preprocessor",
                      "Feldman et al.: moves each numeric feature toward the groups' median distribution (repair_level 0…1).") { call in
                let o = try call.options(1, allowed: ["repair_level", "features", "sensitive"])
                return pushPre(.disparateImpactRemover(try DisparateImpactRemover(repairLevel: try o.number("repair_level") ?? 1,
                                                                                  features: try DataBindings.texts(o.value("features"), option: "features"),
                                                                                  sensitive: try o.string("sensitive"))), call)
            }
            .function("CorrelationRemover", "opts: {alpha: number?}?", returns: "Preprocessor",
                      "Fairlearn's CorrelationRemover: removes the linear dependence of numeric features on the sensitive columns.") { call in
                pushPre(.correlationRemover(try CorrelationRemover(alpha: try call.options(1, allowed: ["alpha"]).number("alpha") ?? 1)), call)
            }
    }

    static var preClass: LuaClass<PreprocessorObject> {
        LuaClass<PreprocessorObject>("Preprocessor", "A pre-processing mitigator.")
            .method("fit", "ds: Dataset", returns: "Preprocessor", "Learns from a dataset; returns self.") { p, call in
                try p.fit(try call.object(2, DatasetObject.self, expected: "Dataset").dataset)
                return call.returnsSelf()
            }
            .method("transform", "ds: Dataset", returns: "Dataset", "The mitigated dataset (new weights or features).") { p, call in
                DataBindings.push(try p.transform(try call.object(2, DatasetObject.self, expected: "Dataset").dataset), call)
            }
            .method("dropped", returns: "table[]", "DropProxies: {feature=, sensitive=, value=} for each dropped feature.") { p, call in
                guard case let .dropProxies(d) = p.kind else { throw call.argumentError(1, "only DropProxies drops features") }
                return call.returns(LuaValue.array(d.dropped.map { .table(["feature": .string($0.feature), "sensitive": .string($0.sensitive), "value": .number($0.value)]) }))
            }
            .method("weights", returns: "table", "Reweighing's weights: {group = {w(y=0), w(y=1)}}.") { p, call in
                guard case let .reweighing(r) = p.kind else { throw call.argumentError(1, "only Reweighing has weights") }
                return call.returns(LuaValue.table(r.weights.mapValues { .array($0.map { .number($0) }) }))
            }
    }

    static var postModule: LuaModule {
        LuaModule("post", "Post-processing mitigators: fit(scores, y, sensitive) on validation data, then predict.")
            .function("RejectOption", "opts: {privileged: string, metric: 'statistical_parity'|'average_odds'|'equal_opportunity'?, bounds: number[]?, num_class_thresh: integer?, num_ROC_margin: integer?}",
                      returns: "RejectOption", "Kamiran et al.'s reject-option classification, grid as AIF360's RejectOptionClassification.") { call in
                call.push(RejectObject(try rejectOption(try call.options(1, allowed: ["privileged", "metric", "bounds", "num_class_thresh", "num_ROC_margin"]), call)), rejectClass)
            }
            .function("EqOdds", "opts: {privileged: string, seed: integer?}", returns: "EqOdds",
                      "Hardt et al.'s equalized odds by AIF360's linear programme (solved exactly) on decisions score ≥ 0.5.") { call in
                let o = try call.options(1, allowed: ["privileged", "seed"])
                guard let p = try DataBindings.texts(o.value("privileged"), option: "privileged")?.first else { throw call.argumentError(1, "option 'privileged' is required") }
                return call.push(OddsObject(.plain(EqOddsPostprocessing(privileged: p)), seed: (try o.seed() ?? 0)), oddsClass)
            }
            .function("CalibratedEqOdds", "opts: {privileged: string, cost: 'fpr'|'fnr'|'weighted'?, seed: integer?}", returns: "EqOdds",
                      "Pleiss et al.'s calibrated equalized odds (AIF360's mixing with the group's base rate).") { call in
                let o = try call.options(1, allowed: ["privileged", "cost", "seed"])
                guard let p = try DataBindings.texts(o.value("privileged"), option: "privileged")?.first else { throw call.argumentError(1, "option 'privileged' is required") }
                return call.push(OddsObject(.calibrated(try CalibratedEqOdds(cost: try o.string("cost") ?? "weighted", privileged: p)),
                                            seed: (try o.seed() ?? 0)), oddsClass)
            }
            .function("ThresholdOptimizer", "opts: {constraint: string?, objective: string?, grid_size: integer?, flip: boolean?}?",
                      returns: "ThresholdOptimizer", "Hardt et al. as Fairlearn does it: per-group randomised thresholds.") { call in
                let o = try call.options(1, allowed: ["constraint", "objective", "grid_size", "flip"])
                let objective = try o.string("objective") ?? "accuracy"
                let plugin = ThresholdOptimizer.objectives[objective] == nil ? try MetricPlugins.metric(objective, call.L) : nil
                let to = try ThresholdOptimizer(constraint: try o.string("constraint") ?? "demographic_parity", objective: objective,
                                                gridSize: try o.integer("grid_size") ?? 1000, flip: try o.boolean("flip") ?? false, plugin: plugin)
                return call.push(ThresholdObject(to), thresholdClass)
            }
    }

    static func rejectOption(_ o: LuaOptions, _ call: LuaCall) throws -> RejectOption {
        guard let p = try DataBindings.texts(o.value("privileged"), option: "privileged")?.first else { throw call.argumentError(1, "option 'privileged' is required") }
        let name = try o.string("metric") ?? "statistical_parity"
        guard let metric = RejectOption.Metric(rawValue: name) else {
            throw call.argumentError(1, "option 'metric': one of \(RejectOption.Metric.allCases.map(\.rawValue).joined(separator: ", ")) expected")
        }
        var bounds = (-0.05, 0.05)
        if case let .array(b)? = try o.value("bounds") {
            guard b.count == 2, let lo = b[0].doubleValue, let hi = b[1].doubleValue else { throw call.argumentError(1, "option 'bounds': {low, high} expected") }
            bounds = (lo, hi)
        }
        return try RejectOption(privileged: p, metric: metric, bounds: bounds, thresholds: (0.01, 0.99, try o.integer("num_class_thresh") ?? 100),
                                margins: try o.integer("num_ROC_margin") ?? 50)
    }

    static var rejectClass: LuaClass<RejectObject> {
        LuaClass<RejectObject>("RejectOption", "Reject-option classification: favourable decisions for the unprivileged near the threshold.")
            .method("fit", "scores: Tensor, y: Tensor, sensitive", returns: "RejectOption", "Searches the threshold and margin; returns self.") { r, call in
                try r.model.fit(scores: try FairnessBindings.vector(call, 2, "scores"), labels: try FairnessBindings.vector(call, 3, "y_true"),
                                groups: try FairnessInputs.groups(call, 4))
                if !r.model.satisfied { Console.error("RejectOption: no grid point meets the bounds; using the one with the smallest metric") }
                return call.returnsSelf()
            }
            .method("predict", "scores: Tensor, sensitive", returns: "Tensor", "0/1 decisions.") { r, call in
                TensorBindings.push(Tensor(try r.model.predict(scores: try FairnessBindings.vector(call, 2, "scores"),
                                                              groups: try FairnessInputs.groups(call, 3)).map(Float.init)), call)
            }
            .method("best", returns: "number, number", "The chosen threshold and margin.") { r, call in
                call.stack.push(r.model.threshold)
                call.stack.push(r.model.margin)
                return 2
            }
    }

    static var oddsClass: LuaClass<OddsObject> {
        LuaClass<OddsObject>("EqOdds", "AIF360's equalized-odds post-processors (Hardt's LP, or Pleiss' calibrated mixing).")
            .method("fit", "scores: Tensor, y: Tensor, sensitive", returns: "EqOdds", "Learns the mixing rates; returns self.") { e, call in
                try e.fit(scores: try FairnessBindings.vector(call, 2, "scores"), labels: try FairnessBindings.vector(call, 3, "y_true"),
                          groups: try FairnessInputs.groups(call, 4))
                return call.returnsSelf()
            }
            .method("predict_proba", "scores: Tensor, sensitive", returns: "Tensor", "P(decision = 1) per row.") { e, call in
                TensorBindings.push(Tensor(try e.probabilities(scores: try FairnessBindings.vector(call, 2, "scores"),
                                                               groups: try FairnessInputs.groups(call, 3)).map(Float.init)), call)
            }
            .method("predict", "scores: Tensor, sensitive, opts: {seed: integer?}?", returns: "Tensor", "Randomised 0/1 decisions (seeded).") { e, call in
                let seed = try call.options(4, allowed: ["seed"]).seed() ?? e.seed
                return TensorBindings.push(Tensor(try e.predict(scores: try FairnessBindings.vector(call, 2, "scores"),
                                                                groups: try FairnessInputs.groups(call, 3), seed: seed).map(Float.init)), call)
            }
            .method("rates", returns: "table", "The mixing rates: EqOdds {p2p, n2p} per group; CalibratedEqOdds the mix per group.") { e, call in
                call.returns(e.rates)
            }
    }

    static var thresholdClass: LuaClass<ThresholdObject> {
        LuaClass<ThresholdObject>("ThresholdOptimizer", "Per-group randomised thresholds on scores.")
            .method("fit", "scores: Tensor, y: Tensor, sensitive", returns: "ThresholdOptimizer", "Chooses the rules; returns self.") { t, call in
                try t.optimizer.fit(scores: try FairnessBindings.vector(call, 2, "scores"), labels: try FairnessBindings.vector(call, 3, "y_true"),
                                    groups: try FairnessInputs.groups(call, 4))
                return call.returnsSelf()
            }
            .method("predict_proba", "scores: Tensor, sensitive", returns: "Tensor", "P(decision = 1) per row.") { t, call in
                let p = try t.optimizer.probabilities(scores: try FairnessBindings.vector(call, 2, "scores"), groups: try FairnessInputs.groups(call, 3))
                return TensorBindings.push(Tensor(p.map(Float.init)), call)
            }
            .method("predict", "scores: Tensor, sensitive, opts: {seed: integer?}?", returns: "Tensor", "Randomised 0/1 decisions (seeded).") { t, call in
                let seed = (try call.options(4, allowed: ["seed"]).seed() ?? 0)
                let d = try t.optimizer.predict(scores: try FairnessBindings.vector(call, 2, "scores"), groups: try FairnessInputs.groups(call, 3), seed: seed)
                return TensorBindings.push(Tensor(d.map(Float.init)), call)
            }
            .method("rules", returns: "table", "Each group's rule: {p0=, threshold0=, p1=, threshold1=, p_ignore=}.") { t, call in
                call.returns(LuaValue.table(t.optimizer.rules.mapValues { r in
                    .table(["p0": .number(r.p0), "threshold0": .number(r.operation0.threshold), "p1": .number(r.p1),
                            "threshold1": .number(r.operation1.threshold), "p_ignore": .number(r.pIgnore)])
                }))
            }
            .method("best", returns: "number", "The chosen value of the equalised rate.") { t, call in call.returns(t.optimizer.best) }
            .method("plot", "path: string", "Draws each group's convex hull with its chosen point (SVG).") { t, call in
                let o = t.optimizer
                guard !o.rules.isEmpty else { throw call.argumentError(1, "call fit first") }
                let series = o.hulls.keys.sorted().map { key in
                    SVGChart.Line(name: key, points: o.hulls[key] ?? [], markers: o.chosen[key].map { [$0] } ?? [])
                }
                try ReportBindings.write(SVGChart.lines(title: "ThresholdOptimizer (\(o.constraint), \(o.objective))", series: series,
                                                        xLabel: o.axes.x, yLabel: o.axes.y), try call.string(2))
                return 0
            }
    }

    /// The methods `fair.mitigate` knows.
    static let methods = "reweighing, correlation_remover, disparate_impact_remover, massaging, preferential_sampling, drop_proxies, threshold_optimizer, "
        + "eq_odds, calibrated_eq_odds, reject_option, exponentiated_gradient, grid_search, prejudice_remover, fair_penalty, adversarial_debiasing"

    /// `fair.mitigate(model, train, test, {method=, …})`: the model before and after, on test.
    static func mitigate(_ call: LuaCall) throws -> ComparisonObject {
        let box = try DetectionBindings.model(call, 1)
        let train = try call.object(2, DatasetObject.self, expected: "Dataset").dataset
        let test = try call.object(3, DatasetObject.self, expected: "Dataset").dataset
        let o = try call.options(4, allowed: ["method", "metrics", "seed", "constraint", "objective", "alpha", "threshold", "fit", "privileged", "cost", "repair_level", "metric", "bounds", "num_class_thresh", "num_ROC_margin", "eps", "grid_size", "eta", "weight", "epochs", "adversary_loss_weight"])
        guard let method = try o.string("method") else {
            throw call.argumentError(4, "option 'method' is required; methods: \(methods)")
        }
        let names = try o.withField("metrics", { try FairnessInputs.names(call, $0, name: "metrics") }) ?? ["accuracy", "selection_rate", "tpr", "fpr"]
        let metrics = try names.map { try MetricPlugins.metric($0, call.L) }
        guard let sensitive = test.sensitive.first else { throw call.argumentError(3, "the test dataset has no sensitive column") }
        let groups = try GroupIndex(test, sensitive: sensitive)
        let labels = try test.labels().map(Double.init)
        func frame(_ probabilities: [Double], decisions: [Double]? = nil) throws -> MetricFrame {
            let data = try Predictions(yTrue: labels, yPred: decisions ?? probabilities.map { $0 >= 0.5 ? 1 : 0 }, score: probabilities)
            return try MetricFrame(metrics: metrics, data: data, groups: groups)
        }
        let before = try box.classifier.predictProbability(try ModelInputs.encode(test, box))
        let fitSlot = o.pushField("fit")
        defer { if let fitSlot { ls_remove(call.L, fitSlot) } }
        /// Retrains the model on a dataset: a fresh logistic regression, or the script's fit function.
        func retrain(_ ds: Dataset) throws -> ModelBox {
            if let fitSlot {
                try call.callFunction(at: fitSlot, nresults: 1) { DataBindings.push(ds, call) }
                defer { call.stack.pop(1) }
                if let m = call.stack.object(at: -1, as: LayerObject.self) { return m }
                if let m = call.stack.object(at: -1, as: LogisticObject.self) { return m }
                throw call.argumentError(4, "option 'fit' must return the trained model")
            }
            guard let lr = box as? LogisticObject else {
                throw call.argumentError(4, "retraining a network needs fit = function(train) … return net end")
            }
            return try lr.refitted(on: ds)
        }
        let after: MetricFrame
        if let pre = try PreprocessorObject.named(method, o, sensitive: sensitive) {
            try pre.fit(train)
            let model = try retrain(try pre.transform(train))
            // Methods that change features apply to the test rows too; the others only change training rows.
            let mitigatedTest: Dataset
            switch pre.kind {
            case .correlationRemover, .dropProxies, .disparateImpactRemover: mitigatedTest = try pre.transform(test)
            default: mitigatedTest = test
            }
            after = try frame(try model.classifier.predictProbability(try ModelInputs.encode(mitigatedTest, model)))
            return ComparisonObject(try Comparison(method: method, before: try frame(before), after: after))
        }
        /// The baseline's scores, the labels and the groups of the training rows, which post-processors fit on.
        func trainInputs() throws -> (scores: [Double], labels: [Double], groups: GroupIndex) {
            (try box.classifier.predictProbability(try ModelInputs.encode(train, box)), try train.labels().map(Double.init),
             try GroupIndex(train, sensitive: sensitive))
        }
        switch method {
        case "threshold_optimizer":
            var to = try ThresholdOptimizer(constraint: try o.string("constraint") ?? "demographic_parity", objective: try o.string("objective") ?? "accuracy")
            let fit = try trainInputs()
            try to.fit(scores: fit.scores, labels: fit.labels, groups: fit.groups)
            let p = try to.probabilities(scores: before, groups: groups)
            after = try frame(p, decisions: try to.predict(scores: before, groups: groups, seed: (try o.seed() ?? 0)))
        case "exponentiated_gradient", "grid_search":
            // The reduction refits the model's settings (a logistic regression) on train with the constraint.
            let estimator = try (box as? LogisticObject)?.model.blank() ?? LogisticRegression()
            let constraint = try ReductionConstraint.named(try o.string("constraint") ?? "demographic_parity", bound: try o.number("eps") ?? 0.01,
                                                           upperBound: nil, loss: .zeroOne)
            let reduction = method == "grid_search"
                ? ReductionObject(.gridSearch(try GridSearch(estimator: estimator, constraint: constraint, gridSize: try o.integer("grid_size") ?? 10)), seed: 0)
                : ReductionObject(.exponentiatedGradient(try ExponentiatedGradient(estimator: estimator, constraint: constraint, eps: try o.number("eps") ?? 0.01)), seed: 0)
            try reduction.fit(train)
            let x = try ModelInputs.encode(test, reduction)
            after = try frame(try reduction.classifier.predictProbability(x),
                              decisions: try reduction.predict(x, seed: (try o.seed() ?? 0)))
        case "reject_option":
            var ro = try rejectOption(o, call)
            let fit = try trainInputs()
            try ro.fit(scores: fit.scores, labels: fit.labels, groups: fit.groups)
            let d = try ro.predict(scores: before, groups: groups)
            after = try frame(d, decisions: d)
        case "eq_odds", "calibrated_eq_odds":
            guard let privileged = try o.string("privileged") else { throw call.argumentError(4, "method '\(method)' needs privileged = value") }
            let post = method == "eq_odds" ? OddsObject(.plain(EqOddsPostprocessing(privileged: privileged)), seed: 0)
                : OddsObject(.calibrated(try CalibratedEqOdds(cost: try o.string("cost") ?? "weighted", privileged: privileged)), seed: 0)
            let fit = try trainInputs()
            try post.fit(scores: fit.scores, labels: fit.labels, groups: fit.groups)
            after = try frame(try post.probabilities(scores: before, groups: groups),
                              decisions: try post.predict(scores: before, groups: groups, seed: (try o.seed() ?? 0)))
        case "prejudice_remover", "fair_penalty", "adversarial_debiasing":
            // In-processing: a new model trained on train with fairness in its objective.
            let model: ModelBox
            switch method {
            case "prejudice_remover":
                let m = PrejudiceObject(try PrejudiceRemover(eta: try o.number("eta") ?? 1))
                try m.fit(train)
                model = m
            case "fair_penalty":
                let m = try InProcessingBindings.penalty(o)
                try m.fit(train)
                model = m
            default:
                let m = try AdversarialObject.make(o)
                try m.fit(train)
                model = m
            }
            after = try frame(try model.classifier.predictProbability(try ModelInputs.encode(test, model)))
        default:
            throw call.argumentError(4, "unknown method '\(method)'; methods: \(methods)")
        }
        return ComparisonObject(try Comparison(method: method, before: try frame(before), after: after))
    }

    static var comparisonClass: LuaClass<ComparisonObject> {
        LuaClass<ComparisonObject>("Comparison", "A model before and after mitigation, on the same test rows.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, ComparisonObject.self, expected: "Comparison").text) }
            .method("before", returns: "MetricFrame", "The baseline's frame.") { c, call in
                return call.push(MetricFrameObject(c.comparison.before), MetricFrameBindings.frameClass)
            }
            .method("after", returns: "MetricFrame", "The mitigated model's frame.") { c, call in
                return call.push(MetricFrameObject(c.comparison.after), MetricFrameBindings.frameClass)
            }
            .method("html", "path: string", "Writes the before/after report as one self-contained HTML file.") { _, call in
                let path = try ReportBindings.writable(try call.string(2))
                try ReportBindings.write(try ReportBindings.html(call, 1), path)
                return 0
            }
            .method("to_json", "indent: integer?", returns: "string", "The comparison as JSON: method, rows and both frames.") { c, call in
                let rows: [LuaValue] = c.comparison.rows.map { .table(["measure": .string($0.measure), "before": .number($0.before), "after": .number($0.after)]) }
                let doc: LuaValue = .table(["method": .string(c.comparison.method), "rows": .array(rows),
                                            "before": MetricFrameObject(c.comparison.before).json, "after": MetricFrameObject(c.comparison.after).json])
                return call.returns(JSON.encode(doc, indent: try call.optional(2, 0, call.integer)))
            }
            .method("decisions", returns: "Tensor", "The mitigated model's 0/1 decisions on the test rows.") { c, call in
                TensorBindings.push(Tensor(c.comparison.after.data.yPred.map(Float.init)), call)
            }
            .method("method", returns: "string", "The mitigation's name.") { c, call in call.returns(c.comparison.method) }
            .method("table", returns: "table[]", "Rows {measure=, before=, after=}.") { c, call in
                call.returns(LuaValue.array(c.comparison.rows.map { .table(["measure": .string($0.measure), "before": .number($0.before), "after": .number($0.after)]) }))
            }
            .method("accuracy_cost", returns: "number?", "Accuracy before minus after.") { c, call in
                guard let change = c.comparison.accuracyChange else { return 0 }
                return call.returns(-change)
            }
    }
}

/// A RejectOption boxed for Lua.
final class RejectObject {
    var model: RejectOption
    init(_ model: RejectOption) { self.model = model }
}

/// EqOdds or CalibratedEqOdds boxed for Lua.
final class OddsObject {
    enum Kind { case plain(EqOddsPostprocessing), calibrated(CalibratedEqOdds) }
    var kind: Kind
    let seed: UInt64
    init(_ kind: Kind, seed: UInt64) {
        self.kind = kind
        self.seed = seed
    }

    func fit(scores: [Double], labels: [Double], groups: GroupIndex) throws {
        switch kind {
        case var .plain(e): try e.fit(scores: scores, labels: labels, groups: groups); kind = .plain(e)
        case var .calibrated(c): try c.fit(scores: scores, labels: labels, groups: groups); kind = .calibrated(c)
        }
    }

    func probabilities(scores: [Double], groups: GroupIndex) throws -> [Double] {
        switch kind {
        case let .plain(e): return try e.probabilities(scores: scores, groups: groups)
        case let .calibrated(c): return try c.probabilities(scores: scores, groups: groups)
        }
    }

    func predict(scores: [Double], groups: GroupIndex, seed: UInt64) throws -> [Double] {
        switch kind {
        case let .plain(e): return try e.predict(scores: scores, groups: groups, seed: seed)
        case let .calibrated(c): return try c.predict(scores: scores, groups: groups, seed: seed)
        }
    }

    var rates: LuaValue {
        switch kind {
        case let .plain(e):
            guard e.rates.count == 4 else { return .nil }
            return .table(["privileged": .table(["p2p": .number(e.rates[0]), "n2p": .number(e.rates[1])]),
                           "other": .table(["p2p": .number(e.rates[2]), "n2p": .number(e.rates[3])])])
        case let .calibrated(c): return .table(["privileged": .number(c.mixRates.privileged), "other": .number(c.mixRates.other)])
        }
    }
}

/// A ThresholdOptimizer boxed for Lua.
final class ThresholdObject {
    var optimizer: ThresholdOptimizer
    init(_ optimizer: ThresholdOptimizer) { self.optimizer = optimizer }
}

/// A before/after comparison boxed for Lua.
final class ComparisonObject {
    let comparison: Comparison
    init(_ comparison: Comparison) { self.comparison = comparison }

    var text: String {
        var t = TextTable(header: ["\(comparison.method)", "before", "after", "change"])
        for r in comparison.rows {
            t.rows.append([r.measure, TextTable.format(r.before), TextTable.format(r.after), TextTable.format(r.after - r.before)])
        }
        return t.description
    }
}
