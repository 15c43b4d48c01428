import Datasets
import Explain
import Fairness
import LuaHost
import Reports
import Tensors

/// A permutation-importance result boxed for Lua.
final class ImportanceObject {
    let result: PermutationImportance
    let metric: String
    init(_ result: PermutationImportance, metric: String) {
        self.result = result
        self.metric = metric
    }

    var text: String {
        var t = TextTable(header: ["feature", "mean drop", "std"])
        for r in result.ranking { t.rows.append([r.feature, TextTable.format(r.mean), TextTable.format(r.std)]) }
        return "permutation importance of \(metric) (baseline \(TextTable.format(result.baseline)), \(result.drops.first?.count ?? 0) repeats)\n" + t.description
    }
}

/// `explain`: which features a model's accuracy, or its disparity, depends on.
enum ExplainBindings {
    static var module: LuaModule {
        LuaModule("explain", "Explanations: permutation importance of any performance or fairness metric.")
            .function("permutation_importance", "model, data: Dataset|{X: Tensor, y: Tensor, sensitive: any?}, opts: {metric: string?, repeats: integer?, seed: integer?, features: string[]?}?",
                      returns: "Importance", "The drop in a metric when each feature (one-hot groups together) is shuffled; with a fairness metric, what drives the disparity.") { call in
                call.push(try importance(call), importanceClass)
            }
    }

    static func importance(_ call: LuaCall) throws -> ImportanceObject {
        let box = try DetectionBindings.model(call, 1)
        let o = try call.options(3, allowed: ["metric", "repeats", "seed", "features"])
        let metricName = try o.string("metric") ?? "accuracy"
        var x: Tensor, y: [Double], groups: GroupIndex?
        var names: [String], columns: [[Int]]
        if let ds = call.stack.object(at: 2, as: DatasetObject.self)?.dataset {
            x = try ModelInputs.encode(ds, box)
            y = try ds.labels().map(Double.init)
            if let s = ds.sensitive.first {
                let c = try ds.sensitiveColumn(s)
                groups = try GroupIndex(features: [(s, c.levels, c.codes)])
            }
            let sources = box.encoder?.sources ?? []
            names = []
            for s in sources where !names.contains(s) { names.append(s) }
            columns = names.map { name in sources.indices.filter { sources[$0] == name } }
        } else {
            guard call.type(2) == .table else { throw call.typeError(2, expected: "Dataset or {X=, y=, sensitive=}") }
            guard let t = try call.stack.withRawField(2, "X", { call.stack.object(at: $0, as: Tensor.self) }), t.dim == 2 else {
                throw call.argumentError(2, "X (a rows × features tensor) is required")
            }
            x = t
            y = try call.stack.withRawField(2, "y") { try FairnessInputs.numbers(call, $0, name: "y") }
            groups = try call.stack.withRawField(2, "sensitive") { slot in call.type(slot) == .nil ? nil : try FairnessInputs.groups(call, slot) }
            names = (1...max(1, t.shape[1])).map { "x\($0)" }
            columns = (0..<t.shape[1]).map { [$0] }
        }
        if case let .array(wanted)? = try o.value("features") {
            let keep = Set(wanted.compactMap(\.stringValue))
            let unknown = keep.subtracting(names)
            guard unknown.isEmpty else { throw call.argumentError(3, "unknown feature(s) \(unknown.sorted().joined(separator: ", ")); features: \(names.joined(separator: ", "))") }
            let chosen = names.indices.filter { keep.contains(names[$0]) }
            names = chosen.map { names[$0] }
            columns = chosen.map { columns[$0] }
        }
        let score: (Tensor) throws -> Double
        if GroupFairness.names.contains(metricName) {
            guard let groups else { throw call.argumentError(2, "metric '\(metricName)' needs a sensitive column") }
            score = { features in
                let decisions = try box.classifier.predict(features)
                return try GroupFairness.measure(metricName, try Predictions(yTrue: y, yPred: decisions), groups)
            }
        } else {
            let metric = try MetricPlugins.metric(metricName, call.L)
            score = { features in
                let p = try box.classifier.predictProbability(features)
                let data = try Predictions(yTrue: y, yPred: p.map { $0 >= 0.5 ? 1 : 0 }, score: p)
                return try metric.value(data, rows: Array(0..<y.count))
            }
        }
        let repeats = try o.integer("repeats") ?? 10
        let bar = Progress(label: "permutation importance", total: names.count)
        defer { bar.finish() }
        let result = try PermutationImportance(x: x, features: names, columns: columns, repeats: repeats,
                                               seed: UInt64(truncatingIfNeeded: try o.integer("seed") ?? 0), progress: bar.update, score: score)
        return ImportanceObject(result, metric: metricName)
    }

    static var importanceClass: LuaClass<ImportanceObject> {
        LuaClass<ImportanceObject>("Importance", "Permutation importance: .mean, .std (tensors in feature order), .features, .baseline.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, ImportanceObject.self, expected: "Importance").text) }
            .method("ranking", returns: "table[]", "Features by decreasing mean drop: {feature=, mean=, std=}.") { i, call in
                call.returns(LuaValue.array(i.result.ranking.map { .table(["feature": .string($0.feature), "mean": .number($0.mean), "std": .number($0.std)]) }))
            }
            .method("plot", "path: string", "The mean drops as bars with ±1 std whiskers, largest first (SVG).") { i, call in
                let r = i.result.ranking
                try ReportBindings.write(SVGChart.bars(title: "Permutation importance of \(i.metric)", categories: r.map(\.feature),
                                                       series: [.init(name: "mean drop", values: r.map(\.mean), intervals: r.map { ($0.mean - $0.std, $0.mean + $0.std) })],
                                                       yLabel: "drop in \(i.metric)"), try call.string(2))
                return 0
            }
            .index { i, call in
                switch try call.string(2) {
                case "mean": return TensorBindings.push(Tensor(i.result.mean.map(Float.init)), call)
                case "std": return TensorBindings.push(Tensor(i.result.std.map(Float.init)), call)
                case "features": return call.returns(LuaValue.array(i.result.features.map { .string($0) }))
                case "baseline": return call.returns(i.result.baseline)
                default: return 0
                }
            }
    }
}
