/// The ten group metrics of Aequitas (Saleiro et al. 2018, "Aequitas: A Bias and Fairness Audit Toolkit",
/// arXiv:1811.05577; aequitas 1.1's `Group` and `Bias` classes), each with the parity Aequitas names after it.
/// Raw values are Aequitas's column names; `\(rawValue)_disparity` is the disparity's.
public enum AequitasMetric: String, CaseIterable, Sendable {
    /// Predicted positive rate: the group's share of all positive decisions, PP(g) / PP(all). Statistical Parity.
    case ppr
    /// Predicted prevalence: PP(g) / n(g), the selection rate. Impact Parity.
    case pprev
    /// Precision: TP / (TP + FP). Precision Parity.
    case precision
    /// False discovery rate: FP / (TP + FP). FDR Parity.
    case fdr
    /// False omission rate: FN / (FN + TN). FOR Parity.
    case falseOmission = "for"
    /// False positive rate: FP / (FP + TN). FPR Parity.
    case fpr
    /// False negative rate: FN / (FN + TP). FNR Parity.
    case fnr
    /// True positive rate: TP / (TP + FN). TPR Parity.
    case tpr
    /// True negative rate: TN / (TN + FP). TNR Parity.
    case tnr
    /// Negative predictive value: TN / (TN + FN). NPV Parity.
    case npv

    /// The parity determined from this metric's disparity, by Aequitas's name.
    public var parity: String {
        switch self {
        case .ppr: "Statistical Parity"
        case .pprev: "Impact Parity"
        case .precision: "Precision Parity"
        case .fdr: "FDR Parity"
        case .falseOmission: "FOR Parity"
        case .fpr: "FPR Parity"
        case .fnr: "FNR Parity"
        case .tpr: "TPR Parity"
        case .tnr: "TNR Parity"
        case .npv: "NPV Parity"
        }
    }

    /// The metric of group `counts`, `positives` being the positive decisions over all groups (for ppr).
    public func value(_ counts: ConfusionCounts, positives: Double) -> Double {
        switch self {
        case .ppr: ConfusionCounts.rate(counts.wtp + counts.wfp, positives)
        case .pprev: counts.selectionRate
        case .precision: counts.ppv
        case .fdr: counts.fdr
        case .falseOmission: counts.falseOmissionRate
        case .fpr: counts.fpr
        case .fnr: counts.fnr
        case .tpr: counts.tpr
        case .tnr: counts.tnr
        case .npv: counts.npv
        }
    }
}
