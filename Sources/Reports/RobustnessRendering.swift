import Fairness
import Learning
import Tensors

extension ConfusionCounts {
    /// `{accuracy=, selection_rate=, tpr=, fpr=, count=}`.
    public var ratesJSON: JSONValue {
        .object(["accuracy": .number(accuracy), "selection_rate": .number(selectionRate), "tpr": .number(tpr), "fpr": .number(fpr), "count": .integer(n)])
    }
}

extension Robustness {
    /// Clean and adversarial rates overall and by group, the share of decisions changed, the two gaps under
    /// attack, and the group that loses most.
    public var json: JSONValue {
        let byGroup = Dictionary(uniqueKeysWithValues: groups.indices.map { k in
            (groups[k], JSONValue.object(["clean": cleanByGroup[k].ratesJSON, "adversarial": adversarialByGroup[k].ratesJSON]))
        })
        var t: [String: JSONValue] = [
            "attack": .string(attack.description), "clean": clean.ratesJSON, "adversarial": adversarial.ratesJSON,
            "by_group": .object(byGroup), "changed": .number(changed),
            "demographic_parity_difference": .object(["clean": .number(demographicParity.clean), "adversarial": .number(demographicParity.adversarial)]),
            "equalized_odds_difference": .object(["clean": .number(equalizedOdds.clean), "adversarial": .number(equalizedOdds.adversarial)]),
        ]
        if let losesMost { t["loses_most"] = .string(losesMost) }
        return .object(t)
    }
}
