/// What constrained thresholding maximises: a function of the pooled weighted confusion counts of every row
/// (accuracy, balanced accuracy, F1, Matthews correlation, any count-based plugin metric), or the negated mean
/// cost of a cost matrix (Elkan 2001: c_tp·TP + c_fp·FP + c_tn·TN + c_fn·FN over the total weight).
public struct ThresholdObjective: Sendable {
    /// The name shown in tables (`accuracy`, `cost`).
    public let name: String
    /// Whether the reported value is minimised (a cost) rather than maximised.
    public let minimised: Bool
    /// The value to maximise (a cost negated).
    let score: @Sendable (ConfusionCounts) throws -> Double

    /// The objective `metric` (count-based: computed from a confusion matrix).
    public init(metric: Metric) throws {
        guard metric.isCountBased else {
            throw FairnessError.invalid("objective '\(metric.name)' must be computed from confusion counts (a per_group metric)")
        }
        name = metric.name
        minimised = false
        score = { c in
            guard case let .counts(f) = metric.kind else { return .nan }
            return try f(c)
        }
    }

    /// Matthews correlation (a built-in objective that is not in the metric catalogue).
    public static let mcc = ThresholdObjective(name: "mcc", minimised: false) { $0.mcc }

    /// The mean cost of the cost matrix (tp, fp, tn, fn), minimised.
    public static func cost(tp: Double, fp: Double, tn: Double, fn: Double) throws -> ThresholdObjective {
        guard [tp, fp, tn, fn].allSatisfy(\.isFinite) else { throw FairnessError.invalid("cost: the cost matrix must hold finite numbers") }
        return ThresholdObjective(name: "cost", minimised: true) { c in
            -(tp * c.wtp + fp * c.wfp + tn * c.wtn + fn * c.wfn) / c.total
        }
    }

    /// The objective called `name`: `mcc`, `cost` (false positives cost `costs.fp`, false negatives `costs.fn`,
    /// correct decisions nothing), or a count-based metric that `metric` finds (built in or a plugin).
    public static func named(_ name: String, costs: (fp: Double, fn: Double), metric: (String) throws -> Metric) throws -> ThresholdObjective {
        switch name {
        case "mcc": return .mcc
        case "cost": return try .cost(tp: 0, fp: costs.fp, tn: 0, fn: costs.fn)
        default: return try ThresholdObjective(metric: try metric(name))
        }
    }

    init(name: String, minimised: Bool, score: @escaping @Sendable (ConfusionCounts) throws -> Double) {
        self.name = name
        self.minimised = minimised
        self.score = score
    }

    /// The reported value of counts `c` (a cost as a cost).
    public func value(_ c: ConfusionCounts) throws -> Double {
        let s = try score(c)
        return minimised ? -s : s
    }

    /// The pooled matrix of weighted label-1 selections `tp` and label-0 selections `fp` out of `positives` and
    /// `negatives` (integer cells rounded).
    static func counts(tp: Double, fp: Double, positives: Double, negatives: Double) -> ConfusionCounts {
        var c = ConfusionCounts()
        (c.wtp, c.wfp, c.wtn, c.wfn) = (tp, fp, negatives - fp, positives - tp)
        (c.tp, c.fp, c.tn, c.fn) = (Int(tp.rounded()), Int(fp.rounded()), Int((negatives - fp).rounded()), Int((positives - tp).rounded()))
        return c
    }

    /// The objective's slopes (∂/∂TP, ∂/∂FP) at the pooled point (tp, fp), by central differences: a linear
    /// objective (accuracy, balanced accuracy, a cost) is its own linearisation, and for a ratio of linear
    /// functions (F1) maximising the slopes at the optimum is Dinkelbach's (1967) step. NaN slopes (an
    /// empty margin) fall back to accuracy's (1, −1).
    func slopes(tp: Double, fp: Double, positives: Double, negatives: Double) -> (tp: Double, fp: Double) {
        let h = max(positives + negatives, 1) * 1e-6
        func f(_ a: Double, _ b: Double) -> Double {
            (try? score(Self.counts(tp: a, fp: b, positives: positives, negatives: negatives))) ?? .nan
        }
        let dtp = (f(tp + h, fp) - f(tp - h, fp)) / (2 * h), dfp = (f(tp, fp + h) - f(tp, fp - h)) / (2 * h)
        return dtp.isFinite && dfp.isFinite && (dtp != 0 || dfp != 0) ? (dtp, dfp) : (1, -1)
    }
}
