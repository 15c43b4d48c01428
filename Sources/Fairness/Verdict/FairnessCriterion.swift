/// The five group-fairness criteria of fairmodels' `fairness_check` (Wiśniewski & Biecek 2022, "fairmodels:
/// a flexible tool for bias detection, visualization, and mitigation in binary classification models", The R
/// Journal 14(1); dalex 1.8's `GroupFairnessClassification.fairness_check`), each a rate of one group's
/// confusion matrix that a fair model keeps about equal across groups. Raw values are dalex's metric names.
public enum FairnessCriterion: String, CaseIterable, Sendable, Codable {
    /// Equal opportunity (Hardt et al. 2016): TPR = TP / (TP + FN).
    case equalOpportunity = "TPR"
    /// Accuracy equality (Berk et al. 2021): ACC = (TP + TN) / n.
    case accuracyEquality = "ACC"
    /// Predictive parity (Chouldechova 2017): PPV = TP / (TP + FP).
    case predictiveParity = "PPV"
    /// Predictive equality (Corbett-Davies et al. 2017): FPR = FP / (FP + TN).
    case predictiveEquality = "FPR"
    /// Statistical parity (Dwork et al. 2012): STP = (TP + FP) / n.
    case statisticalParity = "STP"

    /// The criterion's name as fairmodels prints it ("Equal opportunity ratio     TP/(TP + FN)").
    public var title: String {
        switch self {
        case .equalOpportunity: "Equal opportunity"
        case .accuracyEquality: "Accuracy equality"
        case .predictiveParity: "Predictive parity"
        case .predictiveEquality: "Predictive equality"
        case .statisticalParity: "Statistical parity"
        }
    }

    /// The rate in `counts` (NaN when its denominator is 0), from the one confusion count every metric uses.
    public func rate(_ counts: ConfusionCounts) -> Double {
        switch self {
        case .equalOpportunity: counts.tpr
        case .accuracyEquality: counts.accuracy
        case .predictiveParity: counts.ppv
        case .predictiveEquality: counts.fpr
        case .statisticalParity: counts.selectionRate
        }
    }
}
