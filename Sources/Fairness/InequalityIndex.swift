/// The inequality indices of per-row benefits b = ŷ − y + 1 (Speicher et al. 2018, AIF360's definitions),
/// each declared once with its name and summary: the generalized entropy index GE(α) =
/// 1/(n α (α − 1)) Σ ((b/μ)^α − 1), the Theil index GE(1), the coefficient of variation √(2 GE(2)), and their
/// between-group forms, in which each row's benefit is replaced by its group's mean.
public struct InequalityIndex: Sendable {
    /// The name (`fair.<name>`).
    public let name: String
    /// One line for the docs.
    public let summary: String
    /// Whether the index is the between-group form (it reads the rows' groups).
    public let betweenGroups: Bool
    /// The α the index fixes (Theil 1, coefficient of variation 2); nil when the caller may choose it (default 2).
    public let fixedAlpha: Double?
    /// Whether the value is √(2 GE(2)) rather than GE itself.
    public let squareRootOfTwice: Bool

    /// The index of decisions `yPred` against labels `yTrue` (by `groups` for the between-group forms).
    public func value(yTrue: [Double], yPred: [Double], groups: GroupIndex?, alpha: Double?) throws -> Double {
        let a = fixedAlpha ?? alpha ?? 2
        let ge: Double
        if betweenGroups {
            guard let groups else { throw FairnessError.invalid("\(name): the rows' groups are needed") }
            ge = try IndividualFairness.betweenGroupEntropy(yTrue: yTrue, yPred: yPred, groups: groups, alpha: a)
        } else {
            ge = try IndividualFairness.generalizedEntropy(yTrue: yTrue, yPred: yPred, alpha: a)
        }
        return squareRootOfTwice ? (2 * ge).squareRoot() : ge
    }

    /// Every index, in the order the docs list them.
    public static let all: [InequalityIndex] = [
        InequalityIndex(name: "generalized_entropy_index", summary: "Inequality of benefits b = ŷ − y + 1 (alpha 2 by default; AIF360's definition).",
                        betweenGroups: false, fixedAlpha: nil, squareRootOfTwice: false),
        InequalityIndex(name: "theil_index", summary: "The generalized entropy index with alpha 1.", betweenGroups: false, fixedAlpha: 1, squareRootOfTwice: false),
        InequalityIndex(name: "coefficient_of_variation", summary: "sqrt(2 × generalized entropy index with alpha 2).",
                        betweenGroups: false, fixedAlpha: 2, squareRootOfTwice: true),
        InequalityIndex(name: "between_group_generalized_entropy_index", summary: "The generalized entropy index with every benefit replaced by its group's mean.",
                        betweenGroups: true, fixedAlpha: nil, squareRootOfTwice: false),
        InequalityIndex(name: "between_group_theil_index", summary: "Between-group part of the Theil index.", betweenGroups: true, fixedAlpha: 1, squareRootOfTwice: false),
        InequalityIndex(name: "between_group_coefficient_of_variation", summary: "Between-group coefficient of variation.",
                        betweenGroups: true, fixedAlpha: 2, squareRootOfTwice: true),
    ]
}
