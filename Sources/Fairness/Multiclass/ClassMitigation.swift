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
/// the way `Trainer.fit` last trained the given one, on reweighted or group-balanced training rows.
public enum ClassMitigation {
    /// The methods that apply to multiclass image models.
    public static let methods = ["reweighing", "group_balanced_sampling", "fair_penalty"]

    /// Why a tabular method does not apply here.
    static let refusals = [
        "threshold_optimizer": "it post-processes binary scores; a 10-class model has no single score to threshold (train a one-vs-rest network for a binary question such as 'is it a 3?' and use it on a table)",
        "adversarial_debiasing": "its adversary reads one sigmoid output; it is not generalised to softmax logits yet",
    ]

    /// The given network and its mitigated copy compared on `test`; the copy's initial weights are drawn with `seed`.
    /// `fair_penalty` adds `penalty` (default: demographic parity, weight 1, squared) on the softmax logits to the
    /// recipe's loss: every class's mean probability equalised across the groups (`FairnessConstraint`).
    public static func mitigate(_ method: String, network: Sequential, train: ImageFolder, test: ImageFolder, seed: UInt64 = 0,
                                penalty: FairnessConstraint? = nil) throws -> ClassComparison {
        guard methods.contains(method) else {
            let why = refusals[method].map { "'\(method)' does not apply to multiclass image models: \($0)" } ?? "unknown method '\(method)'"
            throw FairnessError.invalid("\(why); methods for image folders: \(methods.joined(separator: ", "))")
        }
        guard let recipe = network.recipe else {
            throw FairnessError.invalid("mitigate retrains a fresh copy of the network as nn.Trainer's fit last trained it; fit the network first")
        }
        let rows = try GroupedClasses(train), testRows = try GroupedClasses(test)
        let x = try train.tensor(), testX = try test.tensor()
        guard penalty == nil || method == "fair_penalty" else { throw FairnessError.invalid("a penalty is an option of fair_penalty only, not of \(method)") }
        let data: TrainingData
        var extra: [any TrainingTerm] = []
        switch method {
        case "reweighing":
            data = try TrainingData(x: x, y: rows.labels.map(Float.init), weights: try ClassReweighing(rows).rowWeights(rows).map(Float.init))
        case "fair_penalty":
            data = try TrainingData(x: x, y: rows.labels.map(Float.init), groups: rows.codes(in: rows.groups.levels.sorted()).map(Int32.init))
            extra = [try penalty ?? FairnessConstraint(constraint: nil, weight: nil, form: nil)]
        default:
            let picked = try TrainingData(x: x, y: rows.labels.map(Float.init)).batch(groupBalancedSample(rows, seed: seed)[...])
            data = try TrainingData(x: picked.x, y: picked.y.storage)
        }
        // The copy's initial weights (and any dropout) draw from `seed`, not from wherever the session's stream is.
        let saved = Tensor.defaultGenerator
        defer { Tensor.defaultGenerator = saved }
        Tensor.seed(seed)
        let fresh = try LayerFactory.blankCopy(of: network)
        try recipe.train(fresh, on: data, adding: extra)
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
