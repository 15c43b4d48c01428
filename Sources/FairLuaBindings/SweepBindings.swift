import Datasets
import Fairness
import Learning
import LuaHost
import Reports

/// A sweep's results boxed for Lua.
final class SweepObject {
    let sweep: Sweep
    init(_ sweep: Sweep) { self.sweep = sweep }
}

/// `fair.sweep` and its result.
enum SweepBindings {
    /// `fair.sweep{model=, train=, test=, methods=, grid=, options=, measure=, seed=, consistency=}`.
    static func sweep(_ call: LuaCall) throws -> SweepObject {
        let o = try call.options(1, allowed: ["model", "train", "test", "methods", "grid", "options", "measure", "seed", "consistency"])
        guard let train = try o.object("train", DatasetObject.self, expected: "Dataset")?.dataset,
              let test = try o.object("test", DatasetObject.self, expected: "Dataset")?.dataset else {
            throw call.argumentError(1, "train and test datasets are required")
        }
        let given = try o.object("model", AnyObject.self, expected: "LogisticRegression or DecisionTree")
        guard given == nil || given is WeightedModelBox else { throw call.argumentError(1, "option 'model': LogisticRegression or DecisionTree expected") }
        let base = try given as? WeightedModelBox ?? LogisticObject(LogisticRegression())
        var grids: [String: [Double]] = [:]
        if case let .table(g)? = try o.value("grid") {
            for (k, v) in g { if case let .array(values) = v { grids[k] = values.compactMap(\.doubleValue) } }
        }
        let fixed = try o.withField("options") { try MitigatorOptions.byMethod(call, $0, option: "options", of: 1) } ?? [:]
        var bar: Progress?
        defer { bar?.finish() }
        return SweepObject(try Sweep.run(baseline: BoxBaseline(box: base, retrain: { try base.refitted(on: $0) }), train: train, test: test,
                                         methods: try o.texts("methods"), grids: grids, options: fixed, measure: try o.string("measure"), seed: try o.seed() ?? 0,
                                         context: MitigatorOptions.context(call, consistency: try o.boolean("consistency")), progress: { done, total in
                                             bar = bar ?? Progress(label: "sweep", total: total)
                                             bar?.update(done)
                                         }))
    }

    static let sweepClass: LuaClass<SweepObject> = {
        LuaClass<SweepObject>("Sweep", "Accuracy and fairness per method and parameter, with the Pareto front.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, SweepObject.self, expected: "Sweep").sweep.description) }
            .method("points", returns: "table[]", "Every point: {method=, parameter=, value=, accuracy=, gap=, consistency=}.") { s, call in
                call.returns(LuaValue.array(s.sweep.points.map { LuaValue($0.json) }))
            }
            .method("front", returns: "table[]", "The Pareto-optimal points, by increasing gap.") { s, call in
                call.returns(LuaValue.array(s.sweep.front.map { LuaValue(s.sweep.points[$0].json) }))
            }
            .chart("The trade-off: accuracy against the gap per method, and the Pareto front") { $0.sweep.chart() }
            .htmlFile("the sweep")
    }()
}
