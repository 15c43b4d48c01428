import Datasets
import Learning
import Tensors

/// Constrained thresholding in the manner of OxonFair (Delaney et al., "OxonFair: A Flexible Toolkit for
/// Algorithmic Fairness", NeurIPS 2024): one threshold per group on a model's score, chosen to maximise an
/// objective of the pooled weighted confusion counts subject to a constraint on a rate of the groups' counts.
/// Where OxonFair searches a coarse grid of thresholds, this search is exact over every distinct score of every
/// group (`ThresholdSearch`); a nonlinear objective (F1, MCC, a plugin) is linearised at the current point and
/// the exact linear search repeated until the point repeats (Dinkelbach's iteration for F1). With `randomized`
/// each group may mix two neighbouring thresholds, which reaches Fairlearn's ThresholdOptimizer operating points
/// (Hardt et al. 2016) as the case difference → 0. With `inferred` the group is not needed at prediction time:
/// a classifier of the group from the other features assigns each row its threshold, while the constraint is
/// still measured on the true groups of the training rows (`InferredThresholdSearch`).
public struct ConstrainedThresholds {
    /// The constraint.
    public let constraint: RateConstraint
    /// The objective.
    public let objective: ThresholdObjective
    /// Whether each group may mix two thresholds.
    public let randomized: Bool
    /// The group classifier when membership is inferred (nil: the sensitive column decides).
    public private(set) var groupClassifier: GroupClassifier?

    /// Rates that mix linearly (a mix of two thresholds has the mixed rate), so randomisation may reach them.
    public static let linearRates: Set<String> = ["selection_rate", "tpr", "fpr", "tnr", "fnr", "accuracy", "error_rate", "balanced_accuracy"]

    /// Each group's rule, after `fit` (groups of the classifier's output when inferred).
    public private(set) var rules: [String: ThresholdOptimizer.Rule] = [:]
    /// Each (true) group's constrained rate at the chosen thresholds.
    public private(set) var rates: [String: Double] = [:]
    /// The objective's value at the chosen thresholds.
    public private(set) var value = Double.nan
    /// The constraint's value at the chosen thresholds (difference, ratio or lowest rate).
    public private(set) var constraintValue = Double.nan
    /// Whether the constraint holds; when it cannot, the thresholds are those of the nearest bound that can.
    public private(set) var satisfied = false
    /// The bound actually met: the asked one, or the nearest achievable when infeasible.
    public private(set) var achievedBound = Double.nan

    /// The fitted curves and search (known groups only), kept for the frontier.
    var fitted: (curves: [GroupScoreCurve], search: ThresholdSearch, names: [String])?

    /// A thresholding of `objective` under `constraint`; `inferred` supplies the group classifier.
    public init(constraint: RateConstraint, objective: ThresholdObjective, randomized: Bool = false, inferred: GroupClassifier? = nil) throws {
        if randomized {
            guard Self.linearRates.contains(constraint.rate) else {
                throw FairnessError.invalid("ConstrainedThresholds: randomized thresholds mix rates linearly, which \(constraint.rate) is not; rates: \(Self.linearRates.sorted().joined(separator: ", "))")
            }
            guard inferred == nil else { throw FairnessError.invalid("ConstrainedThresholds: randomized thresholds need the true groups (inferred = false)") }
        }
        self.constraint = constraint
        self.objective = objective
        self.randomized = randomized
        groupClassifier = inferred
    }

    /// A group's counts under a choice: a cut, or the weighted mix of two.
    static func counts(_ curve: GroupScoreCurve, _ c: ThresholdChoice) -> ConfusionCounts {
        let a = curve.counts(c.k0)
        guard c.p0 < 1 else { return a }
        let b = curve.counts(c.k1), p = c.p0, q = 1 - c.p0
        var m = ConfusionCounts()
        (m.wtp, m.wfp, m.wtn, m.wfn) = (p * a.wtp + q * b.wtp, p * a.wfp + q * b.wfp, p * a.wtn + q * b.wtn, p * a.wfn + q * b.wfn)
        let mix = { (x: Int, y: Int) in Int((p * Double(x) + q * Double(y)).rounded()) }
        (m.tp, m.fp, m.tn, m.fn) = (mix(a.tp, b.tp), mix(a.fp, b.fp), mix(a.tn, b.tn), mix(a.fn, b.fn))
        return m
    }

    /// The best choices for `constraint` over known groups, and whether it holds (else the nearest bound's).
    func solve(_ curves: [GroupScoreCurve], _ search: ThresholdSearch, _ constraint: RateConstraint) throws -> (choices: [ThresholdChoice], satisfied: Bool, bound: Double) {
        let positives = curves.reduce(0) { $0 + $1.weightedPositives }, negatives = curves.reduce(0) { $0 + $1.weightedNegatives }
        let run = { (values: [[Double]], c: RateConstraint) in randomized ? search.bestRandomized(values, c) : search.best(values, c) }
        var slopes = (tp: 1.0, fp: -1.0)
        var values = curves.map { $0.values(tp: 1, fp: -1) }
        var target = constraint, feasible = true
        var next = run(values, constraint)
        if next == nil {
            (target, feasible) = (search.closest(constraint), false)
            next = run(values, target)
        }
        var best: (score: Double, choices: [ThresholdChoice])?
        var seen: [[ThresholdChoice]] = []
        for _ in 0..<30 {
            guard let choices = next, !seen.contains(choices) else { break }
            seen.append(choices)
            let pooled = zip(curves, choices).reduce(ConfusionCounts()) { $0 + Self.counts($1.0, $1.1) }
            let score = try objective.score(pooled)
            if best == nil || score > best?.score ?? -.infinity { best = (score, choices) }
            let d = objective.slopes(tp: pooled.wtp, fp: pooled.wfp, positives: positives, negatives: negatives)
            // Slopes proportional to the last ones (a linear objective) give the same choices again.
            if abs(d.tp * slopes.fp - d.fp * slopes.tp) <= 1e-9 * abs(d.tp * slopes.fp) && d.tp * slopes.tp > 0 { break }
            slopes = d
            values = curves.map { $0.values(tp: slopes.tp, fp: slopes.fp) }
            next = run(values, target)
        }
        guard let best else { throw FairnessError.invalid("ConstrainedThresholds: no thresholds meet \(target.description)") }
        return (best.choices, feasible, target.bound)
    }

    /// Learns the thresholds from scores, 0/1 labels, the rows' true groups and optional weights; `applied`
    /// gives the groups whose thresholds decide the rows (the group classifier's output) when they differ.
    public mutating func fit(scores: [Double], labels: [Double], groups: GroupIndex, weights: [Double]? = nil, applied: GroupIndex? = nil) throws {
        guard scores.count == labels.count else { throw FairnessError.lengthMismatch("scores", scores.count, "y_true", labels.count) }
        // The curves count rows in Int32 (and index them in 32 bits).
        guard scores.count < Int(Int32.max) else { throw FairnessError.invalid("ConstrainedThresholds: at most \(Int32.max - 1) rows, got \(scores.count)") }
        guard groups.rowCount == labels.count else { throw FairnessError.lengthMismatch("sensitive", groups.rowCount, "y_true", labels.count) }
        if let applied, applied.rowCount != labels.count { throw FairnessError.lengthMismatch("inferred groups", applied.rowCount, "y_true", labels.count) }
        if let weights, weights.count != labels.count { throw FairnessError.lengthMismatch("weights", weights.count, "y_true", labels.count) }
        if let i = scores.firstIndex(where: { !$0.isFinite }) { throw FairnessError.invalid("ConstrainedThresholds: score at row \(i + 1) is not finite") }
        if let i = weights?.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) { throw FairnessError.invalid("ConstrainedThresholds: weight at row \(i + 1) is not a finite number ≥ 0") }
        let y = try Predictions.binary(labels, name: "y_true")
        if let applied {
            let result = try InferredThresholdSearch(scores: scores, labels: y, weights: weights, truth: groups, applied: applied)
                .solve(constraint, objective)
            fitted = nil
            rules = Dictionary(uniqueKeysWithValues: zip(applied.names, result.thresholds).map { ($0, Self.rule($1, p0: 1, $1)) })
            rates = Dictionary(uniqueKeysWithValues: zip(groups.names, result.counts.map(constraint.rateOf)))
            value = try objective.value(result.counts.reduce(ConfusionCounts(), +))
            (satisfied, achievedBound) = (result.satisfied, result.bound)
        } else {
            let curves = GroupScoreCurve.curves(scores: scores, labels: y, weights: weights, codes: groups.codes, groupCount: groups.count)
            let search = ThresholdSearch(rates: curves.map(constraint.rates))
            if let g = search.rates.firstIndex(where: { $0.allSatisfy(\.isNaN) }) {
                throw FairnessError.invalid("ConstrainedThresholds: group '\(groups.names[g])' has no \(constraint.rate) at any threshold (its denominator is always 0)")
            }
            let result = try solve(curves, search, constraint)
            fitted = (curves, search, groups.names)
            let counts = zip(curves, result.choices).map { Self.counts($0, $1) }
            rules = Dictionary(uniqueKeysWithValues: groups.names.indices.map { g in
                let (c, curve) = (result.choices[g], curves[g])
                return (groups.names[g], Self.rule(curve.threshold(c.k0), p0: c.p0, curve.threshold(c.k1)))
            })
            rates = Dictionary(uniqueKeysWithValues: zip(groups.names, counts.map(constraint.rateOf)))
            value = try objective.value(counts.reduce(ConfusionCounts(), +))
            (satisfied, achievedBound) = (result.satisfied, result.bound)
        }
        constraintValue = constraint.value(groups.names.compactMap { rates[$0] })
    }

    /// The rule `score > t0` with probability p0, else `score > t1`.
    static func rule(_ t0: Double, p0: Double, _ t1: Double) -> ThresholdOptimizer.Rule {
        ThresholdOptimizer.Rule(p0: p0, operation0: .init(greater: true, threshold: t0), p1: 1 - p0,
                                operation1: .init(greater: true, threshold: t1), pIgnore: 0, constant: 0)
    }

    /// The fitted rules, as they apply to new scores (by the groups `ruleGroups` gives).
    public var fittedRules: GroupThresholdRules { GroupThresholdRules(method: "ConstrainedThresholds", rules: rules, drawsEveryRow: false) }

    /// P(decision = 1) for each row; a group not seen when fitting is an error.
    public func probabilities(scores: [Double], groups: GroupIndex) throws -> [Double] {
        try fittedRules.probabilities(scores: scores, groups: groups)
    }

    /// 0/1 decisions: deterministic thresholds, or seeded draws for mixed ones.
    public func predict(scores: [Double], groups: GroupIndex, seed: UInt64) throws -> [Double] {
        try fittedRules.predict(scores: scores, groups: groups, seed: seed)
    }

    /// The Pareto frontier of the objective against the constraint's value: the exact optimum at `points`
    /// bounds evenly spaced from the tightest achievable to the unconstrained optimum's, the dominated removed.
    public func frontier(points: Int = 20) throws -> ThresholdFrontier {
        guard let fitted else { throw FairnessError.invalid("ConstrainedThresholds: the frontier needs fit with the true groups (not inferred ones)") }
        guard (2...1000).contains(points) else { throw FairnessError.invalid("ConstrainedThresholds: points must be in 2...1000, got \(points)") }
        let loose = constraint.relaxed(to: constraint.form == .difference ? .infinity : 0)
        let free = try solve(fitted.curves, fitted.search, loose)
        let freeValue = constraint.value(zip(fitted.curves, free.choices).map { constraint.rateOf(Self.counts($0, $1)) })
        let tightest = fitted.search.closest(constraint.relaxed(to: constraint.form == .difference ? 0 : 1)).bound
        var rows: [ThresholdFrontier.Row] = []
        for i in 0..<points {
            let bound = tightest + (freeValue - tightest) * Double(i) / Double(points - 1)
            guard bound.isFinite else { continue }
            let r = try solve(fitted.curves, fitted.search, constraint.relaxed(to: bound))
            let counts = zip(fitted.curves, r.choices).map { Self.counts($0, $1) }
            rows.append(.init(bound: bound, constraint: constraint.value(counts.map(constraint.rateOf)),
                              objective: try objective.value(counts.reduce(ConfusionCounts(), +)),
                              thresholds: r.choices.enumerated().map { fitted.curves[$0].threshold($1.k0) }))
        }
        return ThresholdFrontier(rows: rows, groups: fitted.names, constraint: constraint, objective: objective, chosen: (constraintValue, value))
    }
}

extension ConstrainedThresholds: CustomStringConvertible {
    /// The constraint and objective, the point reached (or why it is not feasible, and the nearest point that
    /// is), then each group's rule and rate.
    public var description: String {
        var lines = ["ConstrainedThresholds: maximise \(objective.name)\(objective.minimised ? " (minimised)" : "") subject to \(constraint.description)"
                     + (randomized ? ", randomized" : "") + (groupClassifier == nil ? "" : ", groups inferred from the features")]
        guard !rules.isEmpty else { return lines[0] + "\n(not fitted)" }
        if satisfied {
            lines.append("\(objective.name) \(TextTable.format(value)), \(constraint.rate) \(constraint.form.rawValue) \(TextTable.format(constraintValue))")
        } else {
            lines.append("infeasible: no thresholds meet \(constraint.description); the closest feasible point has \(constraint.rate) \(constraint.form.rawValue) \(TextTable.format(constraintValue)) and \(objective.name) \(TextTable.format(value))")
        }
        var t = TextTable(header: ["group", "threshold", "p", "threshold 2", constraint.rate])
        for key in Set(rules.keys).union(rates.keys).sorted() {
            let r = rules[key]
            let mixed = r.map { $0.p0 < 1 } ?? false
            t.rows.append([key, r.map { TextTable.format($0.operation0.threshold) } ?? "-", r.map { TextTable.format($0.p0) } ?? "-",
                           mixed ? TextTable.format(r?.operation1.threshold ?? .nan) : "-", rates[key].map(TextTable.format) ?? "-"])
        }
        return (lines + [t.description]).joined(separator: "\n")
    }
}

extension ConstrainedThresholds: Postprocessor {
    /// Learns from scores, labels and groups; inferred membership needs the dataset (`fit(scores:labels:dataset:sensitive:)`).
    public mutating func fit(scores: [Double], labels: [Double], groups: GroupIndex) throws {
        guard groupClassifier == nil else {
            throw FairnessError.invalid("ConstrainedThresholds: inferred groups are learned from a dataset's features; use fair.mitigate or fair.sweep")
        }
        try fit(scores: scores, labels: labels, groups: groups, weights: nil)
    }

    /// Learns from a dataset's scores and labels: with inferred membership the group classifier is trained on the
    /// dataset's other features first and the thresholds apply to its predicted groups.
    public mutating func fit(scores: [Double], labels: [Double], dataset: Dataset, sensitive: String) throws {
        let truth = try GroupIndex(dataset, sensitive: sensitive)
        guard var classifier = groupClassifier else { return try fit(scores: scores, labels: labels, groups: truth) }
        try classifier.fit(dataset, sensitive: sensitive)
        groupClassifier = classifier
        try fit(scores: scores, labels: labels, groups: truth, weights: nil, applied: try classifier.predict(dataset))
    }

    /// The groups whose thresholds decide the rows of `ds`: its column `sensitive`, or the classifier's prediction.
    public func ruleGroups(_ ds: Dataset, sensitive: String) throws -> GroupIndex {
        guard let groupClassifier else { return try GroupIndex(ds, sensitive: sensitive) }
        return try groupClassifier.predict(ds)
    }
}

extension ConstrainedThresholds: SavablePostprocessor {
    /// Its rules (`GroupThresholdRules`, by the inferred groups' names when membership is inferred).
    public func archive() throws -> EstimatorArchive { try fittedRules.archive() }

    /// The group classifier, when membership is inferred.
    public var inferredGroups: GroupClassifier? { groupClassifier }
}
