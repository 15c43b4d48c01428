import Datasets

/// `fair.detect`: bias in the training data, bias of a model's decisions on test data (a MetricFrame
/// with bootstrap intervals per sensitive column), tests of the differences, and findings by rule.
public struct Detection {
    /// What to compute.
    public struct Options {
        /// Metrics of the model frames.
        public var metrics: [String] = ["selection_rate", "accuracy", "tpr", "fpr", "ppv", "roc_auc"]
        /// Bootstrap samples for the intervals (0: none).
        public var samples = 500
        /// Seed of the bootstrap.
        public var seed: UInt64 = 0
        /// Decision threshold on the probabilities.
        public var threshold = 0.5
        /// Privileged value per sensitive column (for AIF360's signed data-bias numbers).
        public var privileged: [String: String] = [:]
        /// Association above which a feature is reported as a proxy.
        public var proxyThreshold = 0.3
        /// Options with defaults.
        public init() {}
    }

    /// One sensitive column's view of the model.
    public struct ModelBias {
        /// The sensitive column.
        public let attribute: String
        /// Metrics by group.
        public let frame: MetricFrame
        /// Their bootstrap intervals.
        public let intervals: Intervals?
    }

    /// Bias in the training labels.
    public let dataBias: DataBias
    /// The model's metrics per sensitive column.
    public let model: [ModelBias]
    /// Tests of decision × group per sensitive column.
    public let tests: [TestResult]
    /// Holm-adjusted p-values of `tests`.
    public let adjusted: [Double]
    /// What the rules flagged, data first.
    public let findings: [Finding]

    /// Measures `train`'s labels and the decisions `probabilities ≥ threshold` on `test`.
    public init(train: Dataset, test: Dataset, probabilities: [Double], options: Options = Options(),
                metric: (String) throws -> Metric) throws {
        guard probabilities.count == test.count else {
            throw FairnessError.lengthMismatch("predictions", probabilities.count, "test rows", test.count)
        }
        guard !test.sensitive.isEmpty else { throw FairnessError.invalid("detect: the test dataset has no sensitive column") }
        dataBias = try DataBias(train, privileged: options.privileged)
        let labels = try test.labels().map(Double.init)
        let data = try Predictions(yTrue: labels, yPred: probabilities.map { $0 >= options.threshold ? 1 : 0 }, score: probabilities)
        let metrics = try options.metrics.map(metric)
        var model: [ModelBias] = [], tests: [TestResult] = []
        var findings: [Finding] = []
        for a in dataBias.attributes {
            if let f = Rules.fourFifths(a.baseRates, a.groups, what: "\(a.name): training base-rate") { findings.append(f) }
        }
        for p in dataBias.proxies where p.association >= options.proxyThreshold {
            let measure = p.measure == "cramers_v" ? "Cramér's V" : "correlation ratio"
            findings.append(Finding(rule: "proxy", message: "\(p.feature) is associated with \(p.sensitive) (\(measure) \(Rules.format(p.association)))"))
        }
        let y = try data.binaryLabels(), p = try data.binaryDecisions()
        for name in test.sensitive {
            let groups = try GroupIndex(test, sensitive: name)
            let frame = try MetricFrame(metrics: metrics, data: data, groups: groups)
            let intervals = options.samples > 1 ? try frame.intervals(samples: options.samples, level: 0.95, seed: options.seed) : nil
            model.append(ModelBias(attribute: name, frame: frame, intervals: intervals))
            let per = ConfusionCounts.byGroup(labels: y, decisions: p, groups: groups.codes, groupCount: groups.count, weights: nil)
            tests += Rules.tests(per, label: name)
            if let f = Rules.fourFifths(per.map(\.selectionRate), groups.names, what: "\(name): selection-rate") { findings.append(f) }
        }
        let adjusted = try StatisticalTests.adjust(tests.map(\.pValue), method: .holm)
        findings += Rules.significant(tests, adjusted)
        self.model = model
        self.tests = tests
        self.adjusted = adjusted
        self.findings = findings
    }
}
