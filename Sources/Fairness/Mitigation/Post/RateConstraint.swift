import Datasets

/// A fairness constraint on one rate of the groups' confusion matrices (OxonFair's constraints, Delaney et al.
/// 2024): the difference max_g r_g − min_g r_g ≤ tolerance, the ratio min_g r_g / max_g r_g ≥ 1 − tolerance, or
/// a minimum ("levelling up", Mittelstadt et al. 2023): every group's r_g ≥ minimum. The rate is any count-based
/// metric (selection_rate, tpr, fpr, ppv, …) or a constraint of Fairlearn's ThresholdOptimizer by name.
public struct RateConstraint: Sendable {
    /// How the groups' rates are bounded.
    public enum Form: String, Sendable, CaseIterable {
        case difference, ratio, minimum
    }

    /// The rate's name (`selection_rate`).
    public let rate: String
    /// The form.
    public let form: Form
    /// The bound: the largest difference, the smallest ratio, or the smallest rate.
    public private(set) var bound: Double
    /// The count-based metric of the rate.
    private let metric: Metric

    /// The constraint on `name` (a rate, or a Fairlearn constraint such as `demographic_parity`): a difference
    /// of at most `tolerance`, a ratio of at least 1 − `tolerance`, or every group at least `minimum`.
    /// A tolerance ≤ 0 (or ≥ 1 for a ratio) and a minimum outside (0, 1] are refused.
    public init(_ name: String, form: Form, tolerance: Double, minimum: Double?) throws {
        let rate = ThresholdOptimizer.constraints[name] ?? Metrics.aliases[name] ?? name
        guard name != "equalized_odds" else {
            throw FairnessError.invalid("ConstrainedThresholds: equalized_odds bounds two rates; constrain tpr or fpr, or use ThresholdOptimizer")
        }
        guard let metric = Metrics.builtIn(rate), metric.isCountBased, rate != "count" else {
            let rates = Metrics.builtIn.filter { $0.isCountBased && $0.name != "count" }.map(\.name)
            throw FairnessError.invalid("ConstrainedThresholds: unknown constraint '\(name)'; rates: \(rates.joined(separator: ", ")), or \(ThresholdOptimizer.constraints.keys.sorted().filter { $0 != "equalized_odds" }.joined(separator: ", "))")
        }
        switch form {
        case .minimum:
            guard let minimum else { throw FairnessError.invalid("ConstrainedThresholds: form 'minimum' needs the option minimum (every group's \(rate) ≥ minimum)") }
            guard minimum > 0 && minimum <= 1 else { throw FairnessError.invalid("ConstrainedThresholds: minimum must be in (0, 1], got \(minimum)") }
            bound = minimum
        case .difference, .ratio:
            guard tolerance > 0 && tolerance.isFinite else { throw FairnessError.invalid("ConstrainedThresholds: tolerance must be > 0, got \(tolerance)") }
            guard form == .difference || tolerance < 1 else { throw FairnessError.invalid("ConstrainedThresholds: a ratio's tolerance must be < 1 (ratio ≥ 1 − tolerance), got \(tolerance)") }
            bound = form == .difference ? tolerance : 1 - tolerance
        }
        self.rate = rate
        self.form = form
        self.metric = metric
    }

    /// The rate of a group's counts (NaN where undefined).
    func rateOf(_ c: ConfusionCounts) -> Double {
        guard case let .counts(f) = metric.kind else { return .nan }
        return (try? f(c)) ?? .nan
    }

    /// The rate at every cut of a group's score curve.
    func rates(_ curve: GroupScoreCurve) -> [Double] {
        guard case let .counts(f) = metric.kind else { return [Double](repeating: .nan, count: curve.cuts) }
        return (0..<curve.cuts).map { (try? f(curve.counts($0))) ?? .nan }
    }

    /// The same constraint with another bound (the nearest one some choice meets, or a point of the frontier).
    func relaxed(to bound: Double) -> RateConstraint {
        var c = self
        c.bound = bound
        return c
    }

    /// The highest rate a band starting at `low` admits (difference and ratio forms).
    func upper(_ low: Double) -> Double { form == .difference ? low + bound : low / bound }

    /// The constraint's value over the groups' rates: max − min, min / max, or min (NaN when a rate is NaN).
    public func value(_ rates: [Double]) -> Double {
        guard !rates.contains(where: \.isNaN), let lo = rates.min(), let hi = rates.max() else { return .nan }
        switch form {
        case .difference: return hi - lo
        case .ratio: return hi == 0 ? 1 : lo / hi
        case .minimum: return lo
        }
    }

    /// Whether a constraint value meets the bound (within 1e-12 for rounding).
    public func holds(_ value: Double) -> Bool {
        form == .difference ? value <= bound + 1e-12 : value >= bound - 1e-12
    }

    /// `selection_rate difference ≤ 0.01`.
    public var description: String {
        switch form {
        case .difference: return "\(rate) difference ≤ \(formatNumber(bound))"
        case .ratio: return "\(rate) ratio ≥ \(formatNumber(bound))"
        case .minimum: return "every group's \(rate) ≥ \(formatNumber(bound))"
        }
    }
}
