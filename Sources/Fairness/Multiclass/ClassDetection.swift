/// `fair.detect` for multiclass models (image folders and any classifier over classes): the training rows'
/// class balance by group, the model on test rows by group, chi-square tests (Holm-adjusted) and findings by
/// the rules of the tabular detection (four-fifths on rates, significant tests, small groups left out).
public struct ClassDetection {
    /// The training rows by group and class.
    public let data: ClassDataBias
    /// The model on the test rows by group.
    public let model: ClassModelBias
    /// The group × class test on the training rows, and the group × {right, wrong} test on the test rows.
    public let tests: [TestResult]
    /// Holm-adjusted p-values of `tests`.
    public let adjusted: [Double]
    /// What the rules flagged, data first.
    public let findings: [Finding]
    /// Small groups, rows without a group.
    public let notes: [String]

    /// Detects bias in `train` and in `probabilities` (class probabilities per test row) on `test`; of the detection
    /// options, `minGroupSize` and `includeSmall` apply.
    public init(train: GroupedClasses, test: GroupedClasses, probabilities: [[Double]], options: Detection.Options = Detection.Options()) throws {
        guard train.classes == test.classes else {
            throw FairnessError.invalid("train and test have different classes: \(train.classes.joined(separator: ", ")) and \(test.classes.joined(separator: ", "))")
        }
        let groups = Set(train.groups.levels + test.groups.levels).sorted()
        let data = ClassDataBias(train, groups: groups)
        let model = try ClassModelBias(test: test, probabilities: probabilities, groups: groups)
        var notes: [String] = [], findings: [Finding] = [], tests: [TestResult] = [], kinds: [Finding.Kind] = []
        for (what, n) in [("training", data.ungrouped), ("test", test.ungrouped)] where n > 0 {
            notes.append("\(n) \(what) rows have no group and are left out of the group figures")
        }
        let trainKept = Detection.kept(data.sizes, groups, options, what: "group (training data)", notes: &notes).filter { data.sizes[$0] > 0 }
        for (c, name) in data.classes.enumerated() {
            if let f = ClassDetection.fourFifths(trainKept.map { data.distributions[$0][c] }, trainKept.map { groups[$0] },
                                                 what: "training share of class '\(name)'", kind: .label, whose: "have class '\(name)' in the training data") {
                findings.append(f)
            }
        }
        if let t = ClassDataBias(train, groups: trainKept.map { groups[$0] }).test {
            tests.append(t)
            kinds.append(.label)
        }
        let kept = Detection.kept(model.sizes, groups, options, what: "group (test data)", notes: &notes).filter { model.sizes[$0] > 0 }
        if let f = ClassDetection.fourFifths(kept.map { model.byGroup[$0].accuracy }, kept.map { groups[$0] },
                                             what: "accuracy", kind: .errorRate, whose: "are classified correctly") { findings.append(f) }
        for (c, name) in model.classes.enumerated() {
            if let f = ClassDetection.fourFifths(kept.map { model.byGroup[$0].recall[c] }, kept.map { groups[$0] },
                                                 what: "recall of class '\(name)'", kind: .errorRate, whose: "of class '\(name)' are recognised") {
                findings.append(f)
            }
        }
        let errors = kept.map { g in [Double(model.sizes[g]) * model.byGroup[g].accuracy, Double(model.sizes[g]) * (1 - model.byGroup[g].accuracy)] }
        if let t = try? StatisticalTests.chiSquare(table: errors, correction: true) {
            tests.append(TestResult(test: t.test, hypothesis: "the model's errors are independent of group", statistic: t.statistic, pValue: t.pValue, dof: t.dof))
            kinds.append(.errorRate)
        }
        adjusted = try StatisticalTests.adjust(tests.map(\.pValue), method: .holm)
        findings += Rules.significant(tests, adjusted, kinds: kinds)
        self.data = data
        self.model = model
        self.tests = tests
        self.findings = findings
        self.notes = notes
    }

    /// The four-fifths rule on `rates` of the groups `keys`: the smallest over the largest below 0.8; `whose` completes
    /// "<group> … at r times the rate of <group>".
    static func fourFifths(_ rates: [Double], _ keys: [String], what: String, kind: Finding.Kind, whose: String) -> Finding? {
        let lo = MetricFrame.extreme(rates, <), hi = MetricFrame.extreme(rates, >)
        guard hi > 0, lo / hi < 0.8, let worst = rates.firstIndex(of: lo), let best = rates.firstIndex(of: hi) else { return nil }
        let f = Rules.format
        return Finding(kind: kind, rule: "four-fifths rule",
                       message: "\(what) ratio \(f(lo / hi)) is below 0.8 (\(keys[worst]): \(f(lo)), \(keys[best]): \(f(hi)))",
                       evidence: .init("\(what) ratio", lo / hi),
                       reading: "\(keys[worst]) images \(whose) at \(f(lo / hi)) times the rate of \(keys[best]), below the four-fifths (0.8) line.",
                       severity: 1 - lo / hi)
    }
}
