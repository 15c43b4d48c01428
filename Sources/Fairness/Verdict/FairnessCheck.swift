import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// fairmodels' fairness check (Wiśniewski & Biecek 2022, The R Journal 14(1); the Python port is dalex 1.8's
/// `Explainer.model_fairness(...).fairness_check(epsilon)`): for each criterion of `FairnessCriterion` and each
/// group g other than the privileged group p, the ratio r = M(g) / M(p) of the criterion's rate M; g passes the
/// criterion when ε ≤ r ≤ 1/ε (default ε = 0.8, the four-fifths rule). A criterion fails when any group fails it.
/// The verdict counts the failed criteria: none is fair, one cannot be called fair, two or more is not fair.
///
/// dalex's conventions, kept so the verdicts agree: a row is a positive decision when its score is ≥ the cutoff
/// (default 0.5; 0/1 predictions pass through); each rate is rounded to 3 decimals before the ratio (NumPy's
/// `round`, halves to even; `digits = nil` keeps full precision); a ratio of 0 or ±∞ is NaN, and a NaN ratio
/// neither passes nor fails.
public struct FairnessCheck: Sendable {
    /// What the count of failed criteria means (dalex's wording).
    public enum Verdict: String, Sendable {
        /// No criterion failed: "fair in terms of checked fairness criteria".
        case fair
        /// One criterion failed: the model "cannot be called fair", nor called unfair.
        case undecided = "cannot be called fair"
        /// Two or more criteria failed: "not fair".
        case notFair = "not fair"
    }

    /// The sensitive feature(s) the groups come from.
    public let attribute: String
    /// The group keys, sorted (the privileged group among them).
    public let groups: [String]
    /// Rows per group.
    public let sizes: [Int]
    /// The privileged group's key.
    public let privileged: String
    /// The band's lower edge ε; the band is [ε, 1/ε].
    public let epsilon: Double
    /// The score at or above which a row is a positive decision.
    public let cutoff: Double
    /// Decimals each rate is rounded to before the ratio (nil: not rounded).
    public let digits: Int?
    /// `rates[g][c]`: group g's rate for criterion `FairnessCriterion.allCases[c]` (rounded as `digits` says).
    public let rates: [[Double]]
    /// `ratios[g][c]` = rates[g][c] / rates[privileged][c] (NaN for 0, ±∞ or undefined).
    public let ratios: [[Double]]

    /// dalex's defaults: the band edge ε, the score cutoff of a decision and the rates' rounding (decimals).
    public static let defaultEpsilon = 0.8, defaultCutoff = 0.5, defaultDigits = 3

    /// The criteria, in dalex's order (TPR, ACC, PPV, FPR, STP).
    public static let criteria = FairnessCriterion.allCases

    /// Checks `scores` (probabilities or 0/1 decisions) against 0/1 `labels` for the groups of `groups`, against
    /// `privileged` (nil: the largest group, the first of the largest in sorted order).
    public init(labels: [UInt8], scores: [Double], groups: GroupIndex, privileged: String? = nil, epsilon: Double = defaultEpsilon,
                cutoff: Double = defaultCutoff, digits: Int? = defaultDigits) throws {
        let counts = try Self.counts(labels: labels, scores: scores, groups: groups, cutoff: cutoff)
        let p = try privileged.map(groups.index(ofPrivileged:)) ?? Disparities.largest(counts.map(\.n))
        try self.init(counts: counts, groups: groups.names, attribute: groups.features.joined(separator: "|"), privileged: p,
                      epsilon: epsilon, cutoff: cutoff, digits: digits)
    }

    /// Checks groups given by their confusion counts (`fairlua audit --check`, whose decisions are already made), against
    /// the group at index `privileged`.
    public init(counts: [ConfusionCounts], groups: [String], attribute: String, privileged p: Int, epsilon: Double = defaultEpsilon,
                cutoff: Double = 0.5, digits: Int? = 3) throws {
        guard epsilon > 0 && epsilon < 1 else { throw FairnessError.invalid("epsilon must be in (0, 1), got \(epsilon)") }
        if let digits, !(0...15).contains(digits) { throw FairnessError.invalid("digits must be from 0 to 15, got \(digits)") }
        guard counts.count == groups.count, groups.indices.contains(p) else { throw FairnessError.invalid("fairness check: no privileged group") }
        guard groups.count >= 2 else { throw FairnessError.invalid("comparing groups needs at least two; found only \(groups.joined())") }
        let rates = counts.map { c in Self.criteria.map { Self.rounded($0.rate(c), digits) } }
        self.attribute = attribute
        self.groups = groups
        self.sizes = counts.map(\.n)
        self.privileged = groups[p]
        self.epsilon = epsilon
        self.cutoff = cutoff
        self.digits = digits
        self.rates = rates
        self.ratios = rates.map { row in row.indices.map { c in
            let r = row[c] / rates[p][c]
            return r == 0 || r.isInfinite ? .nan : r
        } }
    }

    /// Each group's confusion counts of the decisions score ≥ cutoff, after checking the inputs agree.
    static func counts(labels: [UInt8], scores: [Double], groups: GroupIndex, cutoff: Double) throws -> [ConfusionCounts] {
        guard cutoff > 0 && cutoff < 1 else { throw FairnessError.invalid("cutoff must be in (0, 1), got \(cutoff)") }
        guard labels.count == scores.count else { throw FairnessError.lengthMismatch("labels", labels.count, "predictions", scores.count) }
        guard groups.rowCount == scores.count else { throw FairnessError.lengthMismatch("sensitive", groups.rowCount, "predictions", scores.count) }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) { throw FairnessError.invalid("prediction \(bad + 1) is not a number") }
        guard groups.count >= 2 else { throw FairnessError.invalid("comparing groups needs at least two; found only \(groups.names.joined())") }
        let decisions = scores.map { $0 >= cutoff ? UInt8(1) : 0 }
        return ConfusionCounts.byGroup(labels: labels, decisions: decisions, groups: groups.codes, groupCount: groups.count, weights: nil)
    }

    /// `x` rounded to `digits` decimals as NumPy rounds (x·10^d to the nearest integer, halves to even, ÷ 10^d).
    static func rounded(_ x: Double, _ digits: Int?) -> Double {
        guard let digits, x.isFinite else { return x }
        let scale = pow(10.0, Double(digits))
        return (x * scale).rounded(.toNearestOrEven) / scale
    }

    /// The groups compared with the privileged group, as indices into `groups`.
    public var compared: [Int] { groups.indices.filter { groups[$0] != privileged } }

    /// Whether group `g` fails criterion `c` (its ratio outside [ε, 1/ε]; a NaN ratio does not fail).
    public func fails(group g: Int, criterion c: Int) -> Bool {
        let r = ratios[g][c]
        return r > 1 / epsilon || epsilon > r
    }

    /// The criteria some compared group fails, in dalex's order.
    public var failed: [FairnessCriterion] {
        Self.criteria.indices.filter { c in compared.contains { fails(group: $0, criterion: c) } }.map { Self.criteria[$0] }
    }

    /// Whether any compared group has a NaN ratio (dalex warns: check the rates themselves).
    public var hasUndefinedRatios: Bool { compared.contains { g in ratios[g].contains { $0.isNaN } } }

    /// Fair with no failed criterion, undecided with one, not fair with two or more.
    public var verdict: Verdict {
        switch failed.count {
        case 0: .fair
        case 1: .undecided
        default: .notFair
        }
    }
}
