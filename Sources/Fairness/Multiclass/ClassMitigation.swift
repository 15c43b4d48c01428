import Datasets
import Learning
import Tensors

/// Before and after mitigating a multiclass model: the same test rows measured by group.
public struct ClassComparison: CustomStringConvertible {
    /// The method's name.
    public let method: String
    /// The given model and the mitigated one on the test rows.
    public let before: ClassModelBias, after: ClassModelBias
    /// The mitigated network.
    public let network: Sequential

    /// Rows of (measure, before, after): accuracy overall and per group, the accuracy gap, the multiclass demographic
    /// parity and equalized odds differences, and the gap in calibration error.
    public var rows: [(measure: String, before: Double, after: Double)] {
        func gap(_ v: [Double]) -> Double { MetricFrame.extreme(v, >) - MetricFrame.extreme(v, <) }
        return [("accuracy", before.overall.accuracy, after.overall.accuracy)]
            + before.groups.indices.map { ("accuracy (\(before.groups[$0]))", before.accuracy[$0], after.accuracy[$0]) }
            + [("accuracy difference", gap(before.accuracy), gap(after.accuracy)),
               ("macro recall difference", gap(before.byGroup.map(\.macro.recall)), gap(after.byGroup.map(\.macro.recall))),
               ("demographic parity difference", before.demographicParityDifference, after.demographicParityDifference),
               ("equalized odds difference", before.equalizedOddsDifference, after.equalizedOddsDifference),
               ("calibration error difference", gap(before.calibrationError), gap(after.calibrationError))]
    }

    /// Accuracy before minus after (positive: what the mitigation cost).
    public var accuracyCost: Double { before.overall.accuracy - after.overall.accuracy }

    /// A text table: each measure before, after and its change.
    public var description: String {
        var t = TextTable(header: [method, "before", "after", "change"])
        for r in rows { t.rows.append([r.measure, TextTable.format(r.before), TextTable.format(r.after), TextTable.format(r.after - r.before)]) }
        return t.description
    }
}

/// `fair.mitigate` for networks over image folders: a fresh copy of the network (same layers, new weights) trained
/// the way `Trainer.fit` last trained the given one, on reweighted or group-balanced training rows, with a fairness
/// penalty on its softmax logits, or against an adversary.
public enum ClassMitigation {
    /// The methods that apply to multiclass image models.
    public static let methods = ["reweighing", "group_balanced_sampling", "fair_penalty", "adversarial_debiasing"]

    /// Why a tabular method does not apply here.
    static let refusals = [
        "threshold_optimizer": "it post-processes one binary score: name the class of a one-vs-rest question, {method = 'threshold_optimizer', positive = '3'} for 'is it a 3?'",
    ]

    /// The settings of the methods that have any; nil means the method's default.
    public struct Options {
        /// The seed of the copy's initial weights and of group-balanced sampling.
        public var seed: UInt64 = 0
        /// fair_penalty: a `FairnessConstraint.Kind` (default demographic parity); adversarial_debiasing: an
        /// `AdversarialDebiasing.Target` (default equalized odds).
        public var constraint: String?
        /// fair_penalty's weight (default 1) and form (squared or absolute, default squared).
        public var weight: Double?, form: String?
        /// adversarial_debiasing's α (default 0.1).
        public var adversaryWeight: Double?
        /// Every option at its default.
        public init() {}
    }

    /// The given network and its mitigated copy compared on `test`. `fair_penalty` adds `FairnessConstraint` on the
    /// softmax logits to the recipe's loss (every class's mean probability equalised across the groups);
    /// `adversarial_debiasing` trains the copy against `ClassAdversarialDebiasing`'s adversary (the recipe's loss,
    /// optimiser, epochs, batch size and seed; its penalties and schedule are not used).
    public static func mitigate(_ method: String, network: Sequential, train: ImageFolder, test: ImageFolder,
                                options: Options = Options()) throws -> ClassComparison {
        guard methods.contains(method) else {
            let why = refusals[method].map { "'\(method)' does not apply to multiclass image models: \($0)" } ?? "unknown method '\(method)'"
            throw FairnessError.invalid("\(why); methods for image folders: \(methods.joined(separator: ", "))")
        }
        let given = [("constraint", options.constraint != nil, ["fair_penalty", "adversarial_debiasing"]), ("weight", options.weight != nil, ["fair_penalty"]),
                     ("form", options.form != nil, ["fair_penalty"]), ("adversary_loss_weight", options.adversaryWeight != nil, ["adversarial_debiasing"])]
        if let stray = given.first(where: { $0.1 && !$0.2.contains(method) }) {
            throw FairnessError.invalid("'\(stray.0)' is an option of \(stray.2.joined(separator: " and ")), not of \(method)")
        }
        guard let recipe = network.recipe else {
            throw FairnessError.invalid("mitigate retrains a fresh copy of the network as nn.Trainer's fit last trained it; fit the network first")
        }
        let rows = try GroupedClasses(train), testRows = try GroupedClasses(test)
        let x = try train.tensor(), testX = try test.tensor()
        let labels = rows.labels.map(Float.init), levels = rows.groups.levels.sorted()
        let codes = rows.codes(in: levels).map(Int32.init)
        var data = try TrainingData(x: x, y: labels)
        var extra: [any TrainingTerm] = []
        var adversary: ClassAdversarialDebiasing?
        switch method {
        case "reweighing":
            data = try TrainingData(x: x, y: labels, weights: try ClassReweighing(rows).rowWeights(rows).map(Float.init))
        case "fair_penalty":
            data = try TrainingData(x: x, y: labels, groups: codes)
            extra = [try FairnessConstraint(constraint: options.constraint, weight: options.weight, form: options.form)]
        case "adversarial_debiasing":
            let target = options.constraint ?? AdversarialDebiasing.Target.equalizedOdds.rawValue
            guard let kind = AdversarialDebiasing.Target(rawValue: target) else {
                throw FairnessError.invalid("adversarial_debiasing: unknown constraint '\(target)'; constraints: \(AdversarialDebiasing.Target.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            data = try TrainingData(x: x, y: labels, groups: codes)
            adversary = try ClassAdversarialDebiasing(adversaryWeight: options.adversaryWeight ?? 0.1, target: kind)
        default:
            let picked = try data.batch(groupBalancedSample(rows, seed: options.seed)[...])
            data = try TrainingData(x: picked.x, y: picked.y.storage)
        }
        // The copy's initial weights (and any dropout) draw from `seed`, not from wherever the session's stream is.
        let saved = Tensor.defaultGenerator
        defer { Tensor.defaultGenerator = saved }
        Tensor.seed(options.seed)
        let fresh = try LayerFactory.blankCopy(of: network)
        if let adversary {
            try adversary.train(fresh, on: data, groups: levels.count, recipe: recipe)
        } else {
            try recipe.train(fresh, on: data, adding: extra)
        }
        let groups = Set(rows.groups.levels + testRows.groups.levels).sorted()
        return ClassComparison(method: method,
                               before: try ClassModelBias(test: testRows, probabilities: try network.classProbabilities(testX), groups: groups),
                               after: try ClassModelBias(test: testRows, probabilities: try fresh.classProbabilities(testX), groups: groups),
                               network: fresh)
    }

    /// As many rows as `data` has, drawn (seeded, with replacement) so that every non-empty group × class cell holds the
    /// same number; rows without a group are kept once each.
    static func groupBalancedSample(_ data: GroupedClasses, seed: UInt64) -> [Int] {
        let groups = data.groups.levels.sorted()
        var cells: [[Int]: [Int]] = [:], kept: [Int] = []
        for (i, (g, c)) in zip(data.codes(in: groups), data.labels).enumerated() {
            if g < 0 { kept.append(i) } else { cells[[g, c], default: []].append(i) }
        }
        let keys = cells.keys.sorted { $0.lexicographicallyPrecedes($1) }
        let per = max(1, (data.labels.count - kept.count) / max(1, keys.count))
        var generator = RandomGenerator(seed: seed)
        for key in keys {
            guard let members = cells[key] else { continue }
            for _ in 0..<per { kept.append(members[generator.below(members.count)]) }
        }
        return kept
    }
}
