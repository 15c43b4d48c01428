import Datasets

/// `fair.detect`: bias in the training data, bias of a model's decisions on test data (a MetricFrame
/// with bootstrap intervals per sensitive column), tests of the differences, and findings by rule.
public struct Detection {
    /// What to compute.
    public struct Options: Sendable {
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
        /// Groups with fewer rows are flagged and left out of the findings and tests.
        public var minGroupSize = 30
        /// Keep groups below `minGroupSize` in the findings and tests.
        public var includeSmall = false
        /// Level of the power analysis behind "no finding" notes.
        public var alpha = 0.05
        /// Power the tests should have to make "no finding" meaningful.
        public var power = 0.8
        /// Groups' shares in the population, per sensitive column (selection bias); without them train is compared with test.
        public var population: [String: [String: Double]] = [:]
        /// Features that may justify a difference in labels (label bias is measured within their strata).
        public var legitimate: [String] = []
        /// Look for anchoring (a model leaning on one feature that stands in for a sensitive column); the
        /// search itself lives in Explain, which runs it for the callers that ask.
        public var anchoring = true
        /// Share of the importance one feature must carry to count as anchoring.
        public var anchoringShare = 0.5
        /// Features of the test data to scan for subgroups (the exhaustive depth-2 scan of selection rates and the
        /// MDSS scan of the probabilities in both directions); none: no scan.
        public var scan: [String] = []
        /// Add SageMaker Clarify's catalogue per sensitive column: its pre-training measures on the training labels
        /// and its post-training measures on the test decisions (each facet value against the rest).
        public var clarify = false
        /// Options with defaults.
        public init() {}
        /// The defaults, for callers that only read them (the audit applies the same group-size and power rules).
        public static let defaults = Options()
    }

    /// One sensitive column's view of the model.
    public struct ModelBias {
        /// The sensitive column.
        public let attribute: String
        /// Metrics by group.
        public let frame: MetricFrame
        /// Their bootstrap intervals.
        public let intervals: Intervals?
        /// Rows per group, in the frame's group order.
        public let sizes: [Int]
        /// Groups below the minimum size (left out of findings and tests unless asked).
        public let small: [String]
        /// fairmodels' fairness check of the decisions against the privileged group (default the largest); nil with one group.
        public let check: FairnessCheck?
    }

    /// Bias in the training labels.
    public let dataBias: DataBias
    /// Representation of the training data's groups against the population (or, without one, the test data).
    public let selection: SelectionBias
    /// The model's metrics per sensitive column.
    public let model: [ModelBias]
    /// Tests of decision × group per sensitive column.
    public let tests: [TestResult]
    /// Holm-adjusted p-values of `tests`.
    public let adjusted: [Double]
    /// SageMaker Clarify's reports when asked (`Options.clarify`): per sensitive column, pre-training then post-training.
    public let clarify: [ClarifyBias]
    /// What the rules flagged, data first.
    public private(set) var findings: [Finding]
    /// What the findings leave out: small groups, and "no finding"s the data is too small to support.
    public let notes: [String]

    /// Measures `train`'s labels and the decisions `probabilities ≥ threshold` on `test`.
    public init(train: Dataset, test: Dataset, probabilities: [Double], options: Options = Options(),
                metric: (String) throws -> Metric) throws {
        guard probabilities.count == test.count else {
            throw FairnessError.lengthMismatch("predictions", probabilities.count, "test rows", test.count)
        }
        guard !test.sensitive.isEmpty else { throw FairnessError.invalid("detect: the test dataset has no sensitive column") }
        dataBias = try DataBias(train, privileged: options.privileged, population: options.population, legitimate: options.legitimate)
        selection = try dataBias.selection ?? SelectionBias(train, against: test)
        let labels = try test.labels().map(Double.init)
        let data = try Predictions(yTrue: labels, yPred: probabilities.map { $0 >= options.threshold ? 1 : 0 }, score: probabilities)
        let metrics = try options.metrics.map(metric)
        var model: [ModelBias] = [], tests: [TestResult] = []
        var findings: [Finding] = [], notes: [String] = []
        var kinds: [Finding.Kind] = [], unequalSelection: Set<String> = []
        findings += selection.findings(minimumSize: options.includeSmall ? 0 : options.minGroupSize)
        findings += try dataBias.labels?.findings(minimumSize: options.includeSmall ? 0 : options.minGroupSize) ?? []
        for a in dataBias.attributes {
            let keep = Detection.kept(a.counts, a.groups, options, what: "\(a.name) (training data)", notes: &notes)
            if let f = Rules.fourFifths(keep.map { a.baseRates[$0] }, keep.map { a.groups[$0] }, what: "\(a.name): training base-rate", kind: .label) {
                findings.append(f)
            }
        }
        for p in dataBias.proxies where p.association >= options.proxyThreshold { findings.append(Rules.proxy(p)) }
        let y = try data.binaryLabels(), p = try data.binaryDecisions()
        for name in test.sensitive {
            let groups = try GroupIndex(test, sensitive: name)
            let frame = try MetricFrame(metrics: metrics, data: data, groups: groups)
            let intervals = options.samples > 1 ? try frame.intervals(samples: options.samples, level: 0.95, seed: options.seed) : nil
            let per = ConfusionCounts.byGroup(labels: y, decisions: p, groups: groups.codes, groupCount: groups.count, weights: nil)
            let sizes = groups.rows().map(\.count)
            let keep = Detection.kept(sizes, groups.names, options, what: name, notes: &notes)
            let privileged = try options.privileged[name].map(groups.index(ofPrivileged:)) ?? Disparities.largest(sizes)
            let check = try groups.count < 2 ? nil : FairnessCheck(counts: per, groups: groups.names, attribute: name, privileged: privileged)
            model.append(ModelBias(attribute: name, frame: frame, intervals: intervals, sizes: sizes,
                                   small: groups.names.indices.filter { sizes[$0] < options.minGroupSize }.map { groups.names[$0] }, check: check))
            let kept = keep.map { per[$0] }
            let (these, theirKinds) = Rules.tests(kept, label: name)
            tests += these
            kinds += theirKinds
            let fifths = Rules.fourFifths(kept.map(\.selectionRate), keep.map { groups.names[$0] }, what: "\(name): selection-rate")
            if let f = fifths { findings.append(f); unequalSelection.insert(name) }
            // The four-fifths finding already reports unequal selection rates; the check adds the other criteria.
            findings += check?.findings(minimumSize: options.includeSmall ? 0 : options.minGroupSize,
                                        excluding: fifths == nil ? [] : [.statisticalParity]) ?? []
            if fifths == nil, let note = try Detection.underpowered(name, kept, keep.map { groups.names[$0] }, options) { notes.append(note) }
        }
        let adjusted = try StatisticalTests.adjust(tests.map(\.pValue), method: .holm)
        findings += Rules.significant(tests, adjusted, kinds: kinds)
        if !options.scan.isEmpty {
            let (found, said) = try Detection.subgroups(test, data, options)
            findings += found
            notes += said
        }
        var clarify: [ClarifyBias] = []
        if options.clarify {
            let minimum = options.includeSmall ? 0 : options.minGroupSize
            for name in test.sensitive {
                let pre = try ClarifyBias(train, stage: .preTraining, facet: name)
                let post = try ClarifyBias(test, stage: .postTraining, facet: name, predictions: try data.binaryDecisions().map(Double.init))
                clarify += [pre, post]
                // Disparate impact restates a four-fifths finding on the same column's selection rates: only new ones are added.
                if !unequalSelection.contains(name) { findings += post.findings(minimumSize: minimum) }
                notes += (pre.notes(minimumSize: minimum) + post.notes(minimumSize: minimum)).filter { !notes.contains($0) }
            }
        }
        self.clarify = clarify
        self.model = model
        if !selection.againstPopulation {
            notes.append("selection: the training data was compared with the test data only, which checks their consistency, not that they represent the population; pass population = {column = {group = share, …}} for that")
        }
        self.notes = notes
        self.tests = tests
        self.adjusted = adjusted
        self.findings = findings
    }

    /// The worst subgroups of the test data over `options.scan`: significant selection-rate gaps (depth 2, subgroups
    /// of at least min_group_size rows) and the MDSS subgroups the probabilities over- and underpredict.
    /// A note says when no gap is significant, and what the scan itself noted.
    static func subgroups(_ test: Dataset, _ data: Predictions, _ options: Options) throws -> (findings: [Finding], notes: [String]) {
        let features = try ScanFeatures(test, columns: options.scan)
        var o = SubgroupScan.Options()
        o.minSupport = max(1, options.minGroupSize)
        guard let rate = Metrics.builtIn("selection_rate"), let scores = data.score else { return ([], []) }
        let scan = try SubgroupScan(features: features, data: data, metric: rate, options: o)
        var out = scan.findings(alpha: options.alpha)
        var notes = scan.notes.map { "subgroup scan: " + $0 }
        if out.isEmpty {
            notes.append("subgroup scan over \(options.scan.joined(separator: ", ")): no subgroup's selection rate differs significantly from the rest's " +
                         "(\(scan.tested) subgroups of at least \(o.minSupport) rows tested, Benjamini–Hochberg at \(Rules.format(options.alpha))); " +
                         "\(scan.belowSupport) smaller subgroups were not tested")
        }
        let labels = try data.binaryLabels()
        for direction in MDSSScan.Direction.allCases {
            var m = MDSSScan.Options()
            m.direction = direction
            m.seed = UInt32(truncatingIfNeeded: options.seed)
            if let f = try MDSSScan(features: features, observations: labels, expectations: scores, options: m).finding { out.append(f) }
        }
        return (out, notes)
    }

    /// The detection with `more` findings (from detectors above this module, such as Explain's `Anchoring`).
    public func adding(_ more: [Finding]) -> Detection {
        var copy = self
        copy.findings += more
        return copy
    }

    /// Indices of the groups that enter findings (all with `includeSmall`); a note names the others and, when
    /// given, how to keep them.
    static func kept(_ sizes: [Int], _ names: [String], _ options: Options, what: String, keeping: String? = "include_small = true keeps them",
                     notes: inout [String]) -> [Int] {
        let small = sizes.indices.filter { sizes[$0] < options.minGroupSize }
        guard !small.isEmpty else { return Array(sizes.indices) }
        let list = small.map { "\(names[$0]) (n = \(sizes[$0]))" }.joined(separator: ", ")
        if options.includeSmall {
            notes.append("\(what): \(list) below min_group_size \(options.minGroupSize), kept in the findings (include_small): their rates are noisy")
            return Array(sizes.indices)
        }
        notes.append("\(what): \(list) below min_group_size \(options.minGroupSize): shown in the tables, left out of findings and tests" + (keeping.map { " (\($0))" } ?? ""))
        return sizes.indices.filter { sizes[$0] >= options.minGroupSize }
    }

    /// A note when no selection-rate finding was made but the smallest group against the rest could not have
    /// revealed a four-fifths violation (a fall of 20 % of the overall rate) with the wanted power.
    static func underpowered(_ name: String, _ per: [ConfusionCounts], _ names: [String], _ options: Options) throws -> String? {
        guard per.count >= 2, let smallest = per.indices.min(by: { per[$0].n < per[$1].n }) else { return nil }
        let total = per.reduce(ConfusionCounts(), +)
        let n1 = per[smallest].n, n2 = total.n - n1
        guard n1 > 0, n2 > 0, total.selectionRate > 0 else { return nil }
        let rate = total.selectionRate
        let detectable = try Power.detectableDifference(rate: rate, n1: n1, n2: n2, alpha: options.alpha, power: options.power)
        let violation = 0.2 * rate
        guard detectable.isNaN || detectable > violation else { return nil }
        let size = detectable.isNaN ? "no difference at all" : "only differences above \(Rules.format(detectable))"
        return "\(name): no selection-rate finding, but the test is underpowered: with \(names[smallest]) at n = \(n1) against \(n2) other rows, " +
            "\(size) in selection rate (around \(Rules.format(rate))) are detectable at alpha \(Rules.format(options.alpha)) with power \(Rules.format(options.power)), " +
            "while a four-fifths violation is a difference of \(Rules.format(violation))"
    }
}
