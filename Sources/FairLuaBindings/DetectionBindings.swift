import Datasets
import Fairness
import LuaHost
import Reports
import Tensors

/// A `fair.detect` report boxed for Lua.
final class DetectionObject {
    let detection: Detection
    let bias: DataBiasObject
    /// The train and test datasets (for the provenance of reports).
    let data: [Dataset]
    init(_ detection: Detection, data: [Dataset]) {
        self.detection = detection
        self.data = data
        bias = DataBiasObject(detection.dataBias)
    }

    func frame(_ m: Detection.ModelBias) -> MetricFrameObject {
        let box = MetricFrameObject(m.frame)
        box.intervals = m.intervals
        return box
    }
}

enum DetectionBindings {
    /// The model box at argument `i` (a network, a weighted estimator, a loaded model or a fitted in-processor).
    static func model(_ call: LuaCall, _ i: Int32) throws -> ModelBox {
        if let m = call.stack.object(at: i, as: LayerObject.self) { return m }
        if let m = call.stack.anyObject(at: i) as? WeightedModelBox { return m }
        if let m = call.stack.object(at: i, as: FittedModelObject.self) { return m }
        if let m = call.stack.object(at: i, as: InProcessorObject.self) { return m }
        throw call.typeError(i, expected: "model (nn.Sequential, nn.LogisticRegression, nn.DecisionTree, nn.GradientBoosting, a fitted fair.inproc model or a loaded Model)")
    }

    /// The options that set the library's `Detection.Options`.
    static func settings(_ call: LuaCall) -> [LuaSetting<Detection.Options>] { [
        .custom("metrics", \.metrics) { try $0.withField("metrics") { try FairnessInputs.names(call, $0, name: "metrics") } },
        .field("ci", \.samples), .field("seed", \.seed), .field("threshold", \.threshold), .field("proxy_threshold", \.proxyThreshold),
        .field("min_group_size", \.minGroupSize), .field("include_small", \.includeSmall), .field("alpha", \.alpha), .field("power", \.power),
        .custom("population", \.population, DataBiasBindings.population), .field("legitimate", \.legitimate), .field("scan", \.scan),
        .field("anchoring", \.anchoring), .field("anchoring_share", \.anchoringShare), .field("clarify", \.clarify),
    ] }

    /// `fair.detect(model, train, test, {metrics=, ci=, seed=, privileged=, threshold=, proxy_threshold=, min_group_size=, include_small=, alpha=, power=, population=, legitimate=, anchoring=true, anchoring_share=0.5, scan={cols…}, clarify=false})`.
    static func detect(_ call: LuaCall) throws -> DetectionObject {
        let box = try model(call, 1)
        let train = try call.object(2, DatasetObject.self, expected: "Dataset").dataset
        let test = try call.object(3, DatasetObject.self, expected: "Dataset").dataset
        let (given, o) = try call.settings(4, Detection.Options(), settings(call), extra: ["privileged"])
        var options = given
        options.privileged = try DataBiasBindings.privileged(o, train)
        let probabilities = try box.classifier.predictProbability(try ModelInputs.encode(test, box))
        var detection = try Detection(train: train, test: test, probabilities: probabilities, options: options) { try MetricPlugins.metric($0, call.L) }
        if options.anchoring {
            detection = detection.adding(try ExplainBindings.anchoring(box, train: train, test: test, seed: options.seed)
                .findings(share: options.anchoringShare, proxies: detection.dataBias.proxies, proxyThreshold: options.proxyThreshold))
        }
        return DetectionObject(detection, data: [train, test])
    }

    /// Share of decisions that change when the sensitive attribute is swapped (two levels: each row gets
    /// the other level; more levels: every other level, counted when any of them changes the decision).
    static func flipRate(_ call: LuaCall) throws -> Double {
        let box = try model(call, 1)
        let ds = try call.object(2, DatasetObject.self, expected: "Dataset").dataset
        let name = try call.optional(3, ds.sensitive.first ?? "", call.string)
        guard !name.isEmpty else { throw call.argumentError(3, "name the sensitive column to swap") }
        return try IndividualFairness.counterfactualFlipRate(ds, sensitive: name) { try box.classifier.predict(try ModelInputs.encode($0, box)) }
    }

    static let detectionClass: LuaClass<DetectionObject> = {
        LuaClass<DetectionObject>("Detection", "fair.detect's report: data bias, model bias by group, tests and findings.")
            .printing({ $0.detection }, json: "The report as JSON.")
            .method("findings", returns: "table[]", "The findings: {kind=, rule=, message=, reading=, severity=, evidence={statistic=, value=, p_value=?}}.") { d, call in
                call.returns(LuaValue.array(d.detection.findings.map { LuaValue($0.json) }))
            }
            .method("notes", returns: "string[]", "What the findings leave out: small groups, underpowered \"no finding\"s.") { d, call in
                call.returns(LuaValue.array(d.detection.notes.map { .string($0) }))
            }
            .method("frame", "attribute: string?", returns: "MetricFrame", "The model's MetricFrame for a sensitive column (default the first).") { d, call in
                let name = try call.optional(2, d.detection.model.first?.attribute ?? "", call.string)
                guard let m = d.detection.model.first(where: { $0.attribute == name }) else {
                    throw call.argumentError(2, "no frame for '\(name)'; sensitive columns: \(d.detection.model.map(\.attribute).joined(separator: ", "))")
                }
                return call.push(d.frame(m), MetricFrameBindings.frameClass)
            }
            .method("data_bias", returns: "DataBias", "The training data's bias report.") { d, call in
                return call.push(d.bias, DataBiasBindings.biasClass)
            }
            .htmlFile("the report")
    }()
}
