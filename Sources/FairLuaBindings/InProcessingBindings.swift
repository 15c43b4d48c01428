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
            .function("FairPenalty", "opts: {model: Sequential?, constraint: string?, weight: number?, form: string?, epochs: integer?, batch_size: integer?, lr: number?, seed: integer?}?",
                      returns: "FairPenalty", "A network trained with nn.loss.FairnessConstraint in its loss (default model: logistic, one Dense(1)).") { call in
                call.push(try penalty(try call.options(1, allowed: ["model", "constraint", "weight", "form", "epochs", "batch_size", "lr", "seed"])), penaltyClass)
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
                             learningRate: try o.number("lr") ?? 1e-2, seed: UInt64(truncatingIfNeeded: try o.integer("seed") ?? 0))
    }

    static var prejudiceClass: LuaClass<PrejudiceObject> {
        ModelInputs.addPrediction(LuaClass<PrejudiceObject>("PrejudiceRemover", "Logistic regression with a prejudice-index regulariser.")
            .method("fit", "ds: Dataset", returns: "PrejudiceRemover", "Fits on a dataset (its first sensitive column); returns self.") { m, call in
                try m.fit(try call.object(2, DatasetObject.self, expected: "Dataset").dataset)
                return call.returnsSelf()
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
                                         "prejudice_remover": [0, 1, 5, 25], "fair_penalty": [0, 2, 10, 50]]
        if case let .table(g)? = try o.value("grid") {
            for (k, v) in g { if case let .array(values) = v { grids[k] = values.compactMap(\.doubleValue) } }
        }
        guard let sensitive = test.sensitive.first else { throw call.argumentError(1, "the test dataset has no sensitive column") }
        let groups = try GroupIndex(test, sensitive: sensitive)
        let labels = try test.labels().map(Double.init)
        let seed = UInt64(truncatingIfNeeded: try o.integer("seed") ?? 0)
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
            case "threshold_optimizer":
                var to = try ThresholdOptimizer(constraint: "demographic_parity")
                try to.fit(scores: try fitted.classifier.predictProbability(try ModelInputs.encode(train, fitted)), labels: try train.labels().map(Double.init),
                           groups: try GroupIndex(train, sensitive: sensitive))
                points.append(try point(method, "-", 0, try to.predict(scores: baseline, groups: groups, seed: seed)))
            default:
                throw call.argumentError(1, "unknown method '\(method)'; sweep methods: baseline, reweighing, disparate_impact_remover, correlation_remover, prejudice_remover, fair_penalty, threshold_optimizer")
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
