import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Scalar group-fairness measures by name. Without a privileged group they follow Fairlearn (max − min,
/// min / max over groups); with `privileged` they follow AIF360 (unprivileged − privileged, unprivileged /
/// privileged, where "unprivileged" is every row outside the privileged group).
public enum GroupFairness {
    /// How `equalized_odds_*` combines its TPR and FPR parts.
    public enum Aggregation: String, Sendable, CaseIterable {
        /// The larger gap (smaller ratio).
        case worstCase = "worst_case"
        /// The mean of the two.
        case mean
    }

    /// Options shared by the measures.
    public struct Options {
        /// The privileged group's key (`"Male"`, or `"White|Male"` for intersections), for the signed forms.
        public var privileged: String?
        /// How equalized odds combines TPR and FPR.
        public var aggregation: Aggregation = .worstCase
        /// Differences and ratios between groups or to the overall value.
        public var method: MetricFrame.Method = .betweenGroups
        /// Options with defaults.
        public init(privileged: String? = nil) { self.privileged = privileged }
    }

    /// The measures' names, as scripts call them.
    public static let names = [
        "demographic_parity_difference", "demographic_parity_ratio", "statistical_parity_difference", "disparate_impact",
        "equalized_odds_difference", "equalized_odds_ratio", "equal_opportunity_difference", "equal_opportunity_ratio",
        "average_odds_difference", "average_abs_odds_difference", "predictive_parity_difference",
        "false_discovery_rate_difference", "false_omission_rate_difference", "error_rate_difference",
    ]

    /// The measure called `name` on binary labels and decisions.
    public static func measure(_ name: String, _ data: Predictions, _ groups: GroupIndex, _ options: Options = Options()) throws -> Double {
        let y = try data.binaryLabels(), p = try data.binaryDecisions()
        guard groups.rowCount == data.count else { throw FairnessError.lengthMismatch("sensitive", groups.rowCount, "y_true", data.count) }
        let perGroup = ConfusionCounts.byGroup(labels: y, decisions: p, groups: groups.codes, groupCount: groups.count, weights: data.weights)
        let overall = perGroup.reduce(ConfusionCounts(), +)
        let signed = try options.privileged.map { try split(perGroup, groups, privileged: $0) }
        func gap(_ rate: (ConfusionCounts) -> Double) -> Double {
            if let (u, v) = signed { return rate(u) - rate(v) }
            return MetricFrame.difference(perGroup.map(rate), overall: rate(overall), options.method)
        }
        func ratio(_ rate: (ConfusionCounts) -> Double) -> Double {
            if let (u, v) = signed { return rate(u) / rate(v) }
            return MetricFrame.ratio(perGroup.map(rate), overall: rate(overall), options.method)
        }
        func combine(_ a: Double, _ b: Double, worst: (Double, Double) -> Double) -> Double {
            options.aggregation == .mean ? (a + b) / 2 : (a.isNaN || b.isNaN ? .nan : worst(a, b))
        }
        func needPrivileged() throws {
            if signed == nil { throw FairnessError.invalid("\(name) compares with a privileged group: give {privileged = value}; groups are: \(groups.names.joined(separator: ", "))") }
        }
        switch name {
        case "demographic_parity_difference": return gap(\.selectionRate)
        case "demographic_parity_ratio": return ratio(\.selectionRate)
        case "statistical_parity_difference": try needPrivileged(); return gap(\.selectionRate)
        case "disparate_impact": try needPrivileged(); return ratio(\.selectionRate)
        case "equalized_odds_difference": return combine(abs(gap(\.tpr)), abs(gap(\.fpr)), worst: max)
        case "equalized_odds_ratio": return combine(ratio(\.tpr), ratio(\.fpr), worst: min)
        case "equal_opportunity_difference": return gap(\.tpr)
        case "equal_opportunity_ratio": return ratio(\.tpr)
        case "average_odds_difference": return (gap(\.fpr) + gap(\.tpr)) / 2
        case "average_abs_odds_difference": return (abs(gap(\.fpr)) + abs(gap(\.tpr))) / 2
        case "predictive_parity_difference": return gap(\.ppv)
        case "false_discovery_rate_difference": return gap(\.fdr)
        case "false_omission_rate_difference": return gap(\.falseOmissionRate)
        case "error_rate_difference": return gap(\.errorRate)
        default: throw FairnessError.invalid("unknown fairness measure '\(name)'; known: \(names.joined(separator: ", "))")
        }
    }

    /// The unprivileged (all other rows) and privileged confusion matrices.
    static func split(_ perGroup: [ConfusionCounts], _ groups: GroupIndex, privileged: String) throws -> (ConfusionCounts, ConfusionCounts) {
        let k = try groups.index(ofPrivileged: privileged)
        let rest = perGroup.indices.filter { $0 != k }.map { perGroup[$0] }.reduce(ConfusionCounts(), +)
        return (rest, perGroup[k])
    }

    /// Foulds et al.'s ε-differential fairness of the decisions with Dirichlet smoothing (AIF360's
    /// `smoothed_empirical_differential_fairness`): the largest log-ratio of smoothed positive or negative
    /// rates between any two groups.
    public static func smoothedDifferentialFairness(decisions: [Double], groups: GroupIndex, concentration: Double = 1) throws -> Double {
        guard concentration >= 0 else { throw FairnessError.invalid("concentration must not be negative") }
        let p = try Predictions.binary(decisions, name: "y_pred")
        guard p.count == groups.rowCount else { throw FairnessError.lengthMismatch("y_pred", p.count, "sensitive", groups.rowCount) }
        var positive = [Double](repeating: 0, count: groups.count), total = positive
        for (i, g) in groups.codes.enumerated() { total[Int(g)] += 1; positive[Int(g)] += Double(p[i]) }
        let rates = (0..<groups.count).map { (positive[$0] + concentration / 2) / (total[$0] + concentration) }
        var epsilon = 0.0
        for i in rates.indices { for j in rates.indices where i != j {
            epsilon = max(epsilon, abs(log(rates[i]) - log(rates[j])), abs(log(1 - rates[i]) - log(1 - rates[j])))
        } }
        return epsilon
    }

    /// Demographic disparity conditioned on strata (Wachter et al.; AIF360's definition): per stratum,
    /// the share of rejections that fall on the unprivileged rows minus their share of acceptances,
    /// averaged with the strata's sizes as weights. A share over an empty set (a stratum without rejections or
    /// acceptances) is `undefinedShare`: NaN as AIF360, 0 as SageMaker Clarify.
    public static func conditionalDemographicDisparity(decisions: [Double], groups: GroupIndex, privileged: String,
                                                       strata: GroupIndex, undefinedShare: Double = .nan) throws -> Double {
        let p = try Predictions.binary(decisions, name: "y_pred")
        let k = try groups.index(ofPrivileged: privileged)
        guard strata.rowCount == p.count else { throw FairnessError.lengthMismatch("y_pred", p.count, "strata", strata.rowCount) }
        var cells = [Double](repeating: 0, count: strata.count * 4)  // [stratum][unprivileged][decision]
        for i in 0..<p.count {
            let u = groups.codes[i] == Int32(k) ? 0 : 1
            cells[Int(strata.codes[i]) * 4 + u * 2 + Int(p[i])] += 1
        }
        var sum = 0.0
        for s in 0..<strata.count {
            let rejected = cells[s * 4] + cells[s * 4 + 2], accepted = cells[s * 4 + 1] + cells[s * 4 + 3]
            let dd = (rejected == 0 ? undefinedShare : cells[s * 4 + 2] / rejected) - (accepted == 0 ? undefinedShare : cells[s * 4 + 3] / accepted)
            sum += (rejected + accepted) * dd
        }
        return sum / Double(p.count)
    }
}
