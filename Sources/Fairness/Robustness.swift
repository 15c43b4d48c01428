import Datasets
import Learning
import Tensors

/// A network's decisions on clean and on adversarial rows, overall and by group: which group loses more
/// accuracy under attack, and how the group gaps (demographic parity, equalised odds) move.
public struct Robustness {
    /// The attack applied.
    public let attack: Attack
    /// The groups' names (the dataset's first sensitive column).
    public let groups: [String]
    /// Confusion counts over every row: clean, then under attack.
    public let clean: ConfusionCounts, adversarial: ConfusionCounts
    /// Confusion counts by group (in `groups`' order): clean, then under attack.
    public let cleanByGroup: [ConfusionCounts], adversarialByGroup: [ConfusionCounts]
    /// The share of rows whose decision the attack changed.
    public let changed: Double

    /// Attacks `model` (a network, or an in-processor that is one: adversarial training, SenSR, …) on `dataset`
    /// with `attack` (cross-entropy of its logits against the 0/1 labels) and decides both versions at P(y = 1) ≥ 0.5.
    public init(model: FittedModel, dataset: Dataset, attack: Attack) throws {
        guard let net = model.estimator as? Sequential ?? (model.estimator as? any TrainedNetwork)?.trainedNetwork else {
            throw FairnessError.invalid("robustness: the model must be a network (nn.Sequential) — attacks need input gradients; got \(type(of: model.estimator))")
        }
        let x = try model.features(dataset)
        let labels = try dataset.labels()
        guard labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw FairnessError.invalid("robustness: labels must be 0 or 1") }
        let index = try GroupIndex(dataset)
        let movable = try attack.movable(columns: x.shape[1], blocks: model.encoder?.blocks)
        let perturbed = try attack.perturb(net, x, Tensor(labels.map(Float.init)), loss: .sigmoidBCE, movable: movable)
        let before = try net.predictProbability(x).map { $0 >= 0.5 ? 1 : 0 }
        let after = try net.predictProbability(perturbed).map { $0 >= 0.5 ? 1 : 0 }
        var cleanCells = [ConfusionCounts](repeating: ConfusionCounts(), count: index.count), attackedCells = cleanCells
        var all = ConfusionCounts(), attackedAll = ConfusionCounts()
        for i in 0..<labels.count {
            let y = Int(labels[i])
            all.add(label: y, decision: before[i])
            attackedAll.add(label: y, decision: after[i])
            let g = Int(index.codes[i])
            guard g >= 0 else { continue }
            cleanCells[g].add(label: y, decision: before[i])
            attackedCells[g].add(label: y, decision: after[i])
        }
        self.attack = attack
        groups = index.names
        clean = all
        adversarial = attackedAll
        cleanByGroup = cleanCells
        adversarialByGroup = attackedCells
        changed = Double(zip(before, after).filter { $0 != $1 }.count) / Double(Swift.max(labels.count, 1))
    }

    /// The group whose accuracy drops most under attack (clean − adversarial accuracy).
    public var losesMost: String? {
        let drops = zip(cleanByGroup, adversarialByGroup).map { $0.accuracy - $1.accuracy }
        return drops.indices.filter { drops[$0].isFinite }.max { drops[$0] < drops[$1] }.map { groups[$0] }
    }

    /// max − min over groups of a rate (Fairlearn's between-groups difference).
    public static func difference(_ cells: [ConfusionCounts], _ rate: (ConfusionCounts) -> Double) -> Double {
        let values = cells.map(rate).filter(\.isFinite)
        guard let high = values.max(), let low = values.min() else { return .nan }
        return high - low
    }

    /// Demographic parity difference (max − min selection rate), clean and under attack.
    public var demographicParity: (clean: Double, adversarial: Double) {
        (Self.difference(cleanByGroup, \.selectionRate), Self.difference(adversarialByGroup, \.selectionRate))
    }

    /// Equalised odds difference, max(ΔTPR, ΔFPR) over groups, clean and under attack.
    public var equalizedOdds: (clean: Double, adversarial: Double) {
        func odds(_ c: [ConfusionCounts]) -> Double { Swift.max(Self.difference(c, \.tpr), Self.difference(c, \.fpr)) }
        return (odds(cleanByGroup), odds(adversarialByGroup))
    }
}
