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

}

/// A partial-dependence result boxed for Lua.
final class PartialObject {
    let result: PartialDependence
    let feature: String, kind: String
    let groups: [(level: String, average: [Double])]
    init(_ result: PartialDependence, feature: String, kind: String, groups: [(level: String, average: [Double])]) {
        self.result = result
        self.feature = feature
        self.kind = kind
        self.groups = groups
    }
}

/// `explain`: which features a model's accuracy, or its disparity, depends on.
enum ExplainBindings {
    static var module: LuaModule {
        LuaModule("explain", "Explanations: permutation importance of any performance or fairness metric, partial dependence, TreeSHAP.")
            .function("partial_dependence", "model, ds: Dataset, feature: string, opts: {grid_resolution: integer?, percentiles: number[]?, kind: 'average'|'individual'|'both'?, by_group: string?}?",
                      returns: "PartialDependence", "The mean prediction (and ICE curves) as one feature varies over a grid; one curve per group with by_group.") { call in
                call.push(try partialDependence(call), partialClass)
            }
            .function("disparity_attribution", "model, ds: Dataset|ImageFolderDataset, opts: {metric: string?, repeats: integer?, seed: integer?, patch: integer?, fill: number|number[]?}?", returns: "Importance|Occlusion",
                      "How much each feature contributes to a gap: the drop in the fairness measure when the feature is shuffled across all rows (breaking its link with the group); on an image folder, the drop in the groups' accuracy gap as each region is occluded.") { call in
                ImageFairnessBindings.isFolder(call, 2) ? try OcclusionBindings.importance(call)
                    : call.push(try importance(call, defaultMetric: "demographic_parity_difference"), importanceClass)
            }
            .function("shap", SHAPBindings.params, returns: "SHAP", SHAPBindings.summary, SHAPBindings.shap)
            .function("robustness", AttackBindings.robustnessParams, returns: "Robustness", AttackBindings.robustnessSummary, AttackBindings.robustness)
            .function("permutation_importance", "model, data: Dataset|ImageFolderDataset|{X: Tensor, y: Tensor, sensitive: any?}, opts: {metric: string?, repeats: integer?, seed: integer?, features: string[]?, patch: integer?, fill: number|number[]?}?",
                      returns: "Importance|Occlusion", "The drop in a metric when each feature (one-hot groups together) is shuffled; with a fairness metric, what drives the disparity. On an image folder (a network over classes), the drop in accuracy overall, by group and in the groups' gap as each patch × patch region is occluded (filled with each channel's mean, or fill).") { call in
                ImageFairnessBindings.isFolder(call, 2) ? try OcclusionBindings.importance(call) : call.push(try importance(call), importanceClass)
            }
    }

    /// `explain.partial_dependence(model, ds, feature, {grid_resolution=, percentiles=, kind=, by_group=})`.
    static func partialDependence(_ call: LuaCall) throws -> PartialObject {
        let box = try DetectionBindings.model(call, 1)
        let ds = try call.object(2, DatasetObject.self, expected: "Dataset").dataset
        let features: [String]
        if call.type(3) == .table {
            guard case let .array(items) = try call.value(3), (1...2).contains(items.count), items.allSatisfy({ $0.stringValue != nil }) else {
                throw call.argumentError(3, "a feature name or {feature1, feature2} expected")
            }
            features = items.compactMap(\.stringValue)
        } else {
            features = [try call.string(3)]
        }
        let settings = try call.settings(4, PartialDependence.Settings(), partialSettings).0
        let x = try ModelInputs.encode(ds, box)
        guard let encoder = box.encoder else { throw call.argumentError(1, "a model fitted on a dataset expected") }
        let (result, groups) = try PartialDependence.of(x: x, dataset: ds, encoder: encoder, features: features, settings: settings) {
            try box.classifier.predictProbability($0)
        }
        return PartialObject(result, feature: features.joined(separator: ", "), kind: settings.kind.rawValue, groups: groups)
    }

    /// The options of `explain.partial_dependence`, which set the library's `PartialDependence.Settings`.
    static var partialSettings: [LuaSetting<PartialDependence.Settings>] { [
        .choice("kind", \.kind), .field("grid_resolution", \.gridResolution), .field("by_group", \.byGroup),
        .custom("percentiles", \.percentiles) { o in
            guard case let .array(p)? = try o.value("percentiles") else { return nil }
            guard p.count == 2, let low = p[0].doubleValue, let high = p[1].doubleValue else { throw LuaError.message("option 'percentiles': {low, high} expected") }
            return (low, high)
        },
    ] }

    /// The model's original features and the encoded columns of each (one-hot columns together).
    static func featureGroups(_ box: ModelBox) -> (names: [String], columns: [[Int]]) {
        box.encoder?.featureGroups ?? ([], [])
    }

    /// Anchoring of `box` on `test` (permutation importance, and a one-feature model trained on `train`).
    static func anchoring(_ box: ModelBox, train: Dataset, test: Dataset, seed: UInt64) throws -> Anchoring {
        let (x, t) = (try ModelInputs.encode(train, box), try ModelInputs.encode(test, box))
        let (names, columns) = featureGroups(box)
        return try Anchoring(model: box.classifier, train: (x, try train.labels().map(Double.init)), test: (t, try test.labels().map(Double.init)),
                             features: names, columns: columns, seed: seed)
    }

    static func importance(_ call: LuaCall, defaultMetric: String = "accuracy") throws -> ImportanceObject {
        let box = try DetectionBindings.model(call, 1)
        let o = try call.options(3, allowed: ["metric", "repeats", "seed", "features"])
        let metricName = try o.string("metric") ?? defaultMetric
        var x: Tensor, y: [Double], groups: GroupIndex?
        var names: [String], columns: [[Int]]
        if let ds = call.stack.object(at: 2, as: DatasetObject.self)?.dataset {
            x = try ModelInputs.encode(ds, box)
            y = try ds.labels().map(Double.init)
            if !ds.sensitive.isEmpty { groups = try GroupIndex(ds) }
            (names, columns) = featureGroups(box)
        } else {
            guard call.type(2) == .table else { throw call.typeError(2, expected: "Dataset or {X=, y=, sensitive=}") }
            guard let t = call.stack.withRawField(2, "X", { call.stack.object(at: $0, as: Tensor.self) }), t.dim == 2 else {
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
        if groups == nil, PermutationImportance.needsGroups(metricName) { throw call.argumentError(2, "metric '\(metricName)' needs a sensitive column") }
        let score = try PermutationImportance.score(box.classifier, metric: metricName, labels: y, groups: groups) { try MetricPlugins.metric($0, call.L) }
        let repeats = try o.integer("repeats") ?? PermutationImportance.defaultRepeats
        let bar = Progress(label: "permutation importance", total: names.count)
        defer { bar.finish() }
        let result = try PermutationImportance(x: x, features: names, columns: columns, repeats: repeats,
                                               seed: (try o.seed() ?? 0), progress: bar.update, score: score)
        return ImportanceObject(result, metric: metricName)
    }

    static let partialClass: LuaClass<PartialObject> = {
        LuaClass<PartialObject>("PartialDependence", "Partial dependence: .grid, .average, .individual (ICE), .groups.")
            .metamethod("__tostring") { call in
                let p = try call.object(1, PartialObject.self, expected: "PartialDependence")
                return call.returns(p.result.text(feature: p.feature, groups: p.groups))
            }
            .chart("The average curve (and one per group) as lines") { $0.result.chart(feature: $0.feature, groups: $0.groups) }
            .index { p, call in
                switch try call.string(2) {
                case "grid": return call.returns(LuaValue.array(p.result.labels.map { l in Double(l).map { .number($0) } ?? .string(l) }))
                case "average": return TensorBindings.push(Tensor(p.result.average.map(Float.init)), call)
                case "individual":
                    guard let ice = p.result.individual else { return 0 }
                    return TensorBindings.push(try Tensor(shape: [ice.count, p.result.grid.count], storage: ice.flatMap { $0.map(Float.init) }), call)
                case "groups": return call.returns(LuaValue.table(Dictionary(uniqueKeysWithValues: p.groups.map { ($0.level, LuaValue.array($0.average.map { .number($0) })) })))
                default: return 0
                }
            }
    }()

    static let importanceClass: LuaClass<ImportanceObject> = {
        LuaClass<ImportanceObject>("Importance", "Permutation importance: .mean, .std (tensors in feature order), .features, .baseline.")
            .metamethod("__tostring") { call in
                let i = try call.object(1, ImportanceObject.self, expected: "Importance")
                return call.returns(i.result.text(metric: i.metric))
            }
            .method("ranking", returns: "table[]", "Features by decreasing mean drop: {feature=, mean=, std=}.") { i, call in
                call.returns(LuaValue.array(i.result.ranking.map { .table(["feature": .string($0.feature), "mean": .number($0.mean), "std": .number($0.std)]) }))
            }
            .chart("The mean drops as bars with ±1 std whiskers, largest first") { $0.result.chart(metric: $0.metric) }
            .index { i, call in
                switch try call.string(2) {
                case "mean": return TensorBindings.push(Tensor(i.result.mean.map(Float.init)), call)
                case "std": return TensorBindings.push(Tensor(i.result.std.map(Float.init)), call)
                case "features": return call.returns(LuaValue.array(i.result.features.map { .string($0) }))
                case "baseline": return call.returns(i.result.baseline)
                default: return 0
                }
            }
    }()
}
