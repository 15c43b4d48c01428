import Datasets
import Fairness
import LuaHost

/// `fair.metric`: streaming metric objects with update / get / reset / merge / state.
enum StreamingBindings {
    static var module: LuaModule {
        var m = LuaModule("fair.metric", "Streaming fairness metrics: update in batches, merge shards, save and restore state.")
        for kind in StreamingMetric.Kind.allCases {
            let params = kind == .byGroup ? "opts: {metrics: string[]}" : ""
            m = m.function(kind.rawValue, params, returns: "StreamingMetric", "A streaming \(kind.rawValue) metric.") { call in
                var metrics: [Metric] = []
                if kind == .byGroup {
                    let o = try call.options(1, allowed: ["metrics"])
                    let names = try o.withField("metrics") { try FairnessInputs.names(call, $0, name: "metrics") } ?? []
                    metrics = try names.map { try MetricPlugins.metric($0, call.L) }
                }
                return push(try StreamingMetric(kind, metrics: metrics), call)
            }
        }
        return m.function("from_state", "state: table", returns: "StreamingMetric", "A metric restored from :state().") { call in
            guard case let .table(t) = try call.value(1), let kind = t["kind"]?.stringValue else {
                throw call.argumentError(1, "a state table from :state() expected ({kind=, groups=})")
            }
            var names: [String] = []
            if case let .array(items)? = t["metrics"] { names = items.compactMap(\.stringValue) }
            var groups: [(String, [Int])] = []
            if case let .table(g)? = t["groups"] {
                for key in g.keys.sorted() {
                    guard case let .array(cells)? = g[key] else { throw call.argumentError(1, "group '\(key)': {tp, fp, tn, fn} expected") }
                    groups.append((key, try cells.map { v in
                        guard case let .integer(i) = v else { throw call.argumentError(1, "group '\(key)': integer counts expected") }
                        return i
                    }))
                }
            }
            return push(try StreamingMetric(state: kind, metrics: names, groups: groups) { try MetricPlugins.metric($0, call.L) }, call)
        }
    }

    static func push(_ metric: StreamingMetric, _ call: LuaCall) -> Int32 {
        return call.push(metric, metricClass)
    }

    static let metricClass: LuaClass<StreamingMetric> = {
        LuaClass<StreamingMetric>("StreamingMetric", "A fairness metric updated batch by batch; mergeable across shards.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, StreamingMetric.self, expected: "StreamingMetric").description) }
            .method("update", "y_true, y_pred, sensitive", "Adds a batch (returns self).") { m, call in
                let (data, groups) = try FairnessBindings.inputs(call, from: 2)
                try m.update(yTrue: data.yTrue, yPred: data.yPred, groups: groups)
                return call.returnsSelf()
            }
            .method("get", returns: "string, number|table", "The metric's name and value (ByGroup: a table by group).") { m, call in
                let (name, value) = m.value()
                call.stack.push(name)
                if m.kind == .byGroup {
                    let names = m.metrics.map(\.name)
                    call.stack.pushPrintable(.table(Dictionary(uniqueKeysWithValues: try m.byGroup().map { ($0.group, FairnessInputs.table(names, $0.values)) })))
                } else {
                    call.stack.push(value)
                }
                return 2
            }
            .method("reset", "", "Forgets every update (returns self).") { m, call in
                m.reset()
                return call.returnsSelf()
            }
            .method("merge", "other: StreamingMetric", "Adds another shard's counts (returns self).") { m, call in
                try m.merge(try call.object(2, StreamingMetric.self, expected: "StreamingMetric"))
                return call.returnsSelf()
            }
            .method("state", returns: "table", "JSON-safe sufficient statistics: {kind=, metrics=, groups={key={tp, fp, tn, fn}}}.") { m, call in
                let s = m.state
                return call.returns(LuaValue.table([
                    "kind": .string(s.kind), "metrics": .array(s.metrics.map { .string($0) }),
                    "groups": .table(Dictionary(uniqueKeysWithValues: s.groups.map { ($0.0, LuaValue.array($0.1.map { .integer($0) })) })),
                ]))
            }
    }()
}
