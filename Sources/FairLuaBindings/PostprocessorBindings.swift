import Fairness
import Learning
import LuaHost
import Reports
import Tensors

/// A post-processing mitigator boxed for Lua, with the seed its randomised decisions use by default and how it
/// prints (`MitigationMethod.description`).
final class PostprocessorObject {
    var mitigator: any Postprocessor
    let seed: UInt64
    let description: String
    init(_ mitigator: any Postprocessor, seed: UInt64, description: String) {
        self.mitigator = mitigator
        self.seed = seed
        self.description = description
    }
}

/// A threshold frontier boxed for Lua.
final class FrontierObject {
    let frontier: ThresholdFrontier
    init(_ frontier: ThresholdFrontier) { self.frontier = frontier }
}

/// `fair.post`: one constructor per registered post-processing method.
enum PostprocessorBindings {
    static var module: LuaModule {
        let module = LuaModule("fair.post", "Post-processing mitigators: fit(scores, y, sensitive) on validation data, then predict.")
        for method in MitigationRegistry.postprocessors {
            module.function(method.className, method.signature, returns: "Postprocessor", method.summary) { call in
                let options = try method.options(try MitigatorOptions.read(call, 1, for: [method]).given)
                let seed = try options.ifPresent("seed") { _ in try options.seed() } ?? 0
                guard case let .post(p) = try method.make(options.given, context: MitigatorOptions.context(call)) else { return 0 }
                return call.push(PostprocessorObject(p, seed: seed, description: method.description(options.given)), postClass)
            }
        }
        return module
    }

    static let postClass: LuaClass<PostprocessorObject> = {
        LuaClass<PostprocessorObject>("Postprocessor", "A post-processing mitigator: per-group rules on a model's scores.")
            .metamethod("__tostring") { call in
                let p = try call.object(1, PostprocessorObject.self, expected: "Postprocessor")
                return call.returns((p.mitigator as? CustomStringConvertible)?.description ?? p.description)
            }
            .method("fit", "y_score: Tensor, y_true: Tensor, sensitive", returns: "Postprocessor", "Learns the rules; returns self.") { p, call in
                try p.mitigator.fit(scores: try FairnessBindings.vector(call, 2, "y_score"), labels: try FairnessBindings.vector(call, 3, "y_true"),
                                    groups: try FairnessInputs.groups(call, 4))
                if let r = p.mitigator as? RejectOption, !r.satisfied { Console.error("RejectOption: no grid point meets the bounds; using the one with the smallest metric") }
                if let c = p.mitigator as? ConstrainedThresholds, !c.satisfied {
                    Console.error("ConstrainedThresholds: no thresholds meet \(c.constraint.description); using the closest feasible point (\(c.constraint.rate) \(c.constraint.form.rawValue) \(c.constraintValue))")
                }
                return call.returnsSelf()
            }
            .method("model", "model, opts: {sensitive: string|string[]?}?", returns: "Model",
                    "The fitted model with these rules applied by the groups of `sensitive` (default its first sensitive column): predict, evaluate or save it as one file.") { p, call in
                let box = try DetectionBindings.model(call, 2)
                let o = try call.options(3, allowed: ["sensitive"])
                guard let rules = p.mitigator as? any SavablePostprocessor else { throw call.argumentError(1, "this post-processor cannot wrap a model") }
                let model = try PostprocessedModel.wrapping(box.fittedModel, rules,
                                                            sensitive: try DataBindings.texts(o.value("sensitive"), option: "sensitive"))
                return call.push(FittedModelObject(model), ModelInputs.modelClass)
            }
            .method("predict_proba", "y_score: Tensor, sensitive", returns: "Tensor", "P(decision = 1) per row.") { p, call in
                TensorBindings.push(Tensor(try p.mitigator.probabilities(scores: try FairnessBindings.vector(call, 2, "y_score"),
                                                                         groups: try FairnessInputs.groups(call, 3)).map(Float.init)), call)
            }
            .method("predict", "y_score: Tensor, sensitive, opts: {seed: integer?}?", returns: "Tensor", "0/1 decisions (randomised ones seeded).") { p, call in
                let seed = try call.options(4, allowed: ["seed"]).seed() ?? p.seed
                return TensorBindings.push(Tensor(try p.mitigator.predict(scores: try FairnessBindings.vector(call, 2, "y_score"),
                                                                          groups: try FairnessInputs.groups(call, 3), seed: seed).map(Float.init)), call)
            }
            .method("rates", returns: "table", "The mixing rates: EqOdds {p2p, n2p} per group; CalibratedEqOdds the mix per group.") { p, call in
                if let e = p.mitigator as? EqOddsPostprocessing { return call.returns(LuaValue(e.ratesJSON)) }
                guard let c = p.mitigator as? CalibratedEqOdds else { throw call.argumentError(1, "only EqOdds and CalibratedEqOdds have mixing rates") }
                return call.returns(LuaValue(c.ratesJSON))
            }
            .method("rules", returns: "table", "ThresholdOptimizer, ConstrainedThresholds: each group's rule {p0=, threshold0=, p1=, threshold1=, p_ignore=}.") { p, call in
                if let c = p.mitigator as? ConstrainedThresholds { return call.returns(LuaValue(c.rulesJSON)) }
                return call.returns(LuaValue(try threshold(p, call).rulesJSON))
            }
            .method("point", returns: "table", "ConstrainedThresholds: the fitted point {value=, constraint=, satisfied=, rates={group = rate}}.") { p, call in
                call.returns(LuaValue(try constrained(p, call).pointJSON))
            }
            .method("frontier", "points: integer?", returns: "ThresholdFrontier", "ConstrainedThresholds: the Pareto frontier of the objective against the constraint (exact optima at `points` bounds, default 20).") { p, call in
                let points = call.isNone(2) ? 20 : try call.integer(2)
                return call.push(FrontierObject(try constrained(p, call).frontier(points: points)), frontierClass)
            }
            .method("best", returns: "number, number?", "ThresholdOptimizer: the equalised rate; RejectOption: the threshold and the margin.") { p, call in
                if let r = p.mitigator as? RejectOption {
                    call.stack.push(r.threshold)
                    call.stack.push(r.margin)
                    return 2
                }
                return call.returns(try threshold(p, call).best)
            }
            .method("plot", "path: string?", "ThresholdOptimizer: each group's convex hull with its chosen point (SVG; with no path shown in a notebook, else returned as text).") { p, call in
                return try ReportBindings.emit(try threshold(p, call).chart(), call, path: call.isNone(2) ? nil : try call.string(2))
            }
    }()

    /// The ConstrainedThresholds in `p`, or the error saying the method needs one.
    static func constrained(_ p: PostprocessorObject, _ call: LuaCall) throws -> ConstrainedThresholds {
        guard let c = p.mitigator as? ConstrainedThresholds else { throw call.argumentError(1, "only ConstrainedThresholds has a frontier") }
        return c
    }

    static let frontierClass: LuaClass<FrontierObject> = {
        LuaClass<FrontierObject>("ThresholdFrontier", "The Pareto frontier of a ConstrainedThresholds: the best objective at each bound.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, FrontierObject.self, expected: "ThresholdFrontier").frontier.description) }
            .method("rows", returns: "table[]", "Each point {bound=, constraint=, objective=, thresholds={group = threshold}}, fairest first.") { f, call in
                call.returns(LuaValue(f.frontier.rowsJSON))
            }
            .method("plot", "path: string?", "The objective against the constraint along the frontier, the fitted point marked (SVG; with no path shown in a notebook, else returned as text).") { f, call in
                try ReportBindings.emit(f.frontier.chart(), call, path: call.isNone(2) ? nil : try call.string(2))
            }
    }()

    /// The ThresholdOptimizer in `p`, or the error saying the method needs one.
    static func threshold(_ p: PostprocessorObject, _ call: LuaCall) throws -> ThresholdOptimizer {
        guard let t = p.mitigator as? ThresholdOptimizer else { throw call.argumentError(1, "only ThresholdOptimizer has rules") }
        return t
    }
}
