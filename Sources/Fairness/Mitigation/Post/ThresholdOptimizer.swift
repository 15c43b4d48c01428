import Learning
import Tensors

/// Hardt et al.'s post-processing as Fairlearn's ThresholdOptimizer does it: per group, the upper convex
/// hull of the (constraint rate, objective) points of every threshold on the scores, interpolated on a
/// grid; the grid point that maximises the group-size-weighted objective is chosen (for equalized odds,
/// the best point under every group's ROC hull), and each group decides by a random mix of two thresholds.
public struct ThresholdOptimizer {
    /// Constraint names (Fairlearn's) and the rate each equalises.
    public static let constraints = ["demographic_parity": "selection_rate", "selection_rate_parity": "selection_rate",
                                     "true_positive_rate_parity": "tpr", "false_positive_rate_parity": "fpr",
                                     "true_negative_rate_parity": "tnr", "false_negative_rate_parity": "fnr",
                                     "equalized_odds": "fpr"]
    /// Objectives, by FairLua's names (Fairlearn's names are accepted too).
    public static let objectives = ["accuracy": "accuracy", "accuracy_score": "accuracy", "balanced_accuracy": "balanced_accuracy",
                                    "balanced_accuracy_score": "balanced_accuracy", "selection_rate": "selection_rate",
                                    "tpr": "tpr", "true_positive_rate": "tpr", "tnr": "tnr", "true_negative_rate": "tnr"]

    /// One threshold rule: `score > threshold` (or `<` when flipped).
    public struct Operation: Equatable, Sendable {
        /// ">" or "<".
        public let greater: Bool
        /// The threshold (midway between neighbouring distinct scores; ±∞ at the ends).
        public let threshold: Double
        /// The rule's decision for `score`.
        func decide(_ score: Double) -> Double { (greater ? score > threshold : score < threshold) ? 1 : 0 }
    }

    /// A group's randomised rule: with probability p0 use operation0, else operation1; for equalized
    /// odds, with probability pIgnore predict positive with the constant rate instead.
    public struct Rule: Sendable {
        public let p0: Double, operation0: Operation, p1: Double, operation1: Operation
        /// Equalized odds only: the weight of the constant predictor.
        public let pIgnore: Double
        /// The constant predictor's positive rate.
        public let constant: Double
        /// P(decision = 1) for `score`.
        public func probability(_ score: Double) -> Double {
            let mixed = p0 * operation0.decide(score) + p1 * operation1.decide(score)
            return pIgnore * constant + (1 - pIgnore) * mixed
        }
    }

    /// The constraint.
    public let constraint: String
    /// The objective.
    public let objective: String
    /// Grid points in [0, 1] (Fairlearn's grid_size).
    public let gridSize: Int
    /// Whether decisions may be flipped (score below the threshold is positive).
    public let flip: Bool
    /// The chosen value of the equalised rate.
    public private(set) var best = Double.nan
    /// Each group's rule, after `fit`.
    public private(set) var rules: [String: Rule] = [:]
    /// Each group's hull (x = constraint rate, y = objective; ROC for equalized odds), for plots.
    public private(set) var hulls: [String: [(x: Double, y: Double)]] = [:]
    /// Each group's operating point as its randomized decisions reach it: the chosen hull point, and for
    /// equalized odds that point mixed with the constant predictor (weight pIgnore), so every group sits at
    /// the common (FPR, TPR) the mixture equalises rather than at its pre-mixing hull point.
    public private(set) var chosen: [String: (x: Double, y: Double)] = [:]
    /// The hull axes' names: (x, y).
    public var axes: (x: String, y: String) {
        constraint == "equalized_odds" ? ("fpr", "tpr") : (Self.constraints[constraint] ?? "rate", objective)
    }

    /// A count-based plugin metric used as the objective, when the objective is not built in.
    let plugin: Metric?

    /// An optimiser; unknown names list the valid ones. `plugin` supplies an objective computed from
    /// confusion counts (a registered per-group metric) under its own name.
    public init(constraint: String = "demographic_parity", objective: String = "accuracy", gridSize: Int = 1000, flip: Bool = false,
                plugin: Metric? = nil) throws {
        guard Self.constraints[constraint] != nil else {
            throw FairnessError.invalid("ThresholdOptimizer: unknown constraint '\(constraint)'; constraints: \(Self.constraints.keys.sorted().joined(separator: ", "))")
        }
        if let plugin {
            guard plugin.isCountBased else { throw FairnessError.invalid("ThresholdOptimizer: objective '\(plugin.name)' must be computed from confusion counts (per_group)") }
            guard constraint != "equalized_odds" else { throw FairnessError.invalid("ThresholdOptimizer: equalized_odds supports the objectives accuracy and balanced_accuracy") }
        }
        guard let o = plugin?.name ?? Self.objectives[objective] else {
            throw FairnessError.invalid("ThresholdOptimizer: unknown objective '\(objective)'; objectives: accuracy, balanced_accuracy, selection_rate, tpr, tnr, or a registered per-group metric")
        }
        self.plugin = plugin
        if constraint == "equalized_odds" && !(o == "accuracy" || o == "balanced_accuracy") {
            throw FairnessError.invalid("ThresholdOptimizer: equalized_odds supports the objectives accuracy and balanced_accuracy")
        }
        guard (1...10_000_000).contains(gridSize) else { throw FairnessError.invalid("ThresholdOptimizer: grid_size must be in 1...10000000, got \(gridSize)") }
        self.constraint = constraint
        self.objective = o
        self.gridSize = gridSize
        self.flip = flip
    }

    /// A rate of a confusion matrix given as counts (tp, fp, tn, fn).
    static func rate(_ name: String, _ tp: Double, _ fp: Double, _ tn: Double, _ fn: Double) -> Double {
        let positives = tp + fn, negatives = tn + fp, n = positives + negatives
        switch name {
        case "selection_rate": return (tp + fp) / n
        case "fpr": return fp / negatives
        case "fnr": return fn / positives
        case "tpr": return tp / positives
        case "tnr": return tn / negatives
        case "accuracy": return (tp + tn) / n
        default: return 0.5 * tp / positives + 0.5 * tn / negatives   // balanced accuracy
        }
    }

    /// The objective of counts (tp, fp, tn, fn): built in, or the plugin metric.
    func objectiveValue(_ name: String, _ tp: Double, _ fp: Double, _ tn: Double, _ fn: Double) throws -> Double {
        guard let plugin, case let .counts(f) = plugin.kind, name == plugin.name else { return Self.rate(name, tp, fp, tn, fn) }
        var c = ConfusionCounts()
        (c.tp, c.fp, c.tn, c.fn) = (Int(tp), Int(fp), Int(tn), Int(fn))
        (c.wtp, c.wfp, c.wtn, c.wfn) = (tp, fp, tn, fn)
        return try f(c)
    }

    /// The upper convex hull of every threshold's (x, y) point on one group's scores.
    func hull(scores: [Double], labels: [UInt8], x: String, y: String, flip: Bool, group: String) throws -> [(x: Double, y: Double, op: Operation)] {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let positives = Double(labels.reduce(0) { $0 + Int($1) }), negatives = Double(labels.count) - positives
        guard positives > 0 && negatives > 0 else {
            throw FairnessError.invalid("ThresholdOptimizer: group '\(group)' has only one label value, so no threshold trade-off exists")
        }
        var points: [(x: Double, y: Double, op: Operation)] = []
        var count = [0.0, 0.0]
        var i = 0
        let n = order.count
        var first = true
        while i < n {
            var threshold = Double.infinity
            if !first {
                threshold = scores[order[i]]
                while i < n && scores[order[i]] == threshold { count[Int(labels[order[i]])] += 1; i += 1 }
                threshold = (threshold + (i < n ? scores[order[i]] : -.infinity)) / 2
            }
            first = false
            let fp = count[0], tp = count[1], tn = negatives - count[0], fn = positives - count[1]
            points.append((Self.rate(x, tp, fp, tn, fn), try objectiveValue(y, tp, fp, tn, fn), Operation(greater: true, threshold: threshold)))
            if flip {
                points.append((Self.rate(x, fn, tn, fp, tp), try objectiveValue(y, fn, tn, fp, tp), Operation(greater: false, threshold: threshold)))
            }
        }
        // Sort by (x, y), keeping insertion order for ties (a stable sort, as pandas' lexsort).
        let sorted = points.indices.sorted { a, b in
            points[a].x != points[b].x ? points[a].x < points[b].x : points[a].y != points[b].y ? points[a].y < points[b].y : a < b
        }.map { points[$0] }
        var selected: [(x: Double, y: Double, op: Operation)] = []
        for r2 in sorted {
            while selected.count >= 2 {
                let r1 = selected[selected.count - 1], r0 = selected[selected.count - 2]
                if (r1.y - r0.y) * (r2.x - r0.x) <= (r2.y - r0.y) * (r1.x - r0.x) { selected.removeLast() } else { break }
            }
            selected.append(r2)
        }
        return selected
    }

    /// The hull interpolated at every grid point: (y, p0, op0, p1, op1).
    static func interpolate(_ hull: [(x: Double, y: Double, op: Operation)], grid: [Double]) throws -> [(y: Double, p0: Double, op0: Operation, p1: Double, op1: Operation)] {
        guard hull.count >= 2 else { throw FairnessError.invalid("ThresholdOptimizer: a group's scores give fewer than two operating points") }
        let xs = hull.map(\.x)
        return try grid.enumerated().map { k, g in
            // numpy.searchsorted(side="right") − 1, then one step left where the grid hits a hull point.
            var lo = 0, hi = xs.count
            while lo < hi { let mid = (lo + hi) / 2; if xs[mid] <= g { lo = mid + 1 } else { hi = mid } }
            var idx = lo - 1
            if k > 0 && idx >= 0 && g == xs[idx] { idx -= 1 }
            guard idx >= 0, idx + 1 < xs.count else { throw FairnessError.invalid("ThresholdOptimizer: the grid leaves the hull (scores outside [0, 1]?)") }
            let p0 = (xs[idx + 1] - g) / (xs[idx + 1] - xs[idx])
            let p1 = 1 - p0
            return (p0 * hull[idx].y + p1 * hull[idx + 1].y, p0, hull[idx].op, p1, hull[idx + 1].op)
        }
    }

    /// Chooses each group's rule from validation scores, labels and groups.
    public mutating func fit(scores: [Double], labels: [Double], groups: GroupIndex) throws {
        guard scores.count == labels.count else { throw FairnessError.lengthMismatch("scores", scores.count, "y_true", labels.count) }
        guard groups.rowCount == labels.count else { throw FairnessError.lengthMismatch("sensitive", groups.rowCount, "y_true", labels.count) }
        if let i = scores.firstIndex(where: { !$0.isFinite }) { throw FairnessError.invalid("ThresholdOptimizer: score at row \(i + 1) is not finite") }
        let y = try Predictions.binary(labels, name: "y_true")
        let grid = (0...gridSize).map { Double($0) / Double(gridSize) }
        let rows = groups.rows()
        let equalizedOdds = constraint == "equalized_odds"
        let xMetric = Self.constraints[constraint] ?? "selection_rate", yMetric = equalizedOdds ? "tpr" : objective
        var curves: [[(y: Double, p0: Double, op0: Operation, p1: Double, op1: Operation)]] = []
        var hulls: [String: [(x: Double, y: Double)]] = [:]
        for (g, key) in groups.names.enumerated() {
            let h = try hull(scores: rows[g].map { scores[$0] }, labels: rows[g].map { y[$0] }, x: xMetric, y: yMetric, flip: flip, group: key)
            hulls[key] = h.map { ($0.x, $0.y) }
            curves.append(try Self.interpolate(h, grid: grid))
        }
        self.hulls = hulls
        var chosen = 0
        var pIgnore = [Double](repeating: 0, count: groups.count)
        if !equalizedOdds {
            let n = Double(labels.count)
            var bestValue = -Double.infinity
            for k in grid.indices {
                var total = 0.0
                for g in 0..<groups.count { total += Double(rows[g].count) / n * curves[g][k].y }
                if total > bestValue { bestValue = total; chosen = k }
            }
            best = grid[chosen]
        } else {
            let positives = Double(y.reduce(0) { $0 + Int($1) }), negatives = Double(y.count) - positives
            let yMin = grid.indices.map { k in curves.map { $0[k].y }.min() ?? 0 }
            var bestValue = -Double.infinity
            for k in grid.indices {
                let tp = positives * yMin[k], fn = positives * (1 - yMin[k]), fp = negatives * grid[k], tn = negatives * (1 - grid[k])
                let value = (Self.rate(objective, tp, fp, tn, fn) * 1e15).rounded() / 1e15   // numpy.around(…, 15)
                if value > bestValue { bestValue = value; chosen = k }
            }
            best = grid[chosen]
            for g in 0..<groups.count {
                let yg = curves[g][chosen].y
                pIgnore[g] = yg == grid[chosen] ? 0 : (yg - yMin[chosen]) / (yg - grid[chosen])
            }
        }
        var rules: [String: Rule] = [:]
        self.chosen = [:]
        for (g, key) in groups.names.enumerated() {
            let c = curves[g][chosen]
            self.chosen[key] = (grid[chosen], pIgnore[g] * best + (1 - pIgnore[g]) * c.y)
            rules[key] = Rule(p0: c.p0, operation0: c.op0, p1: c.p1, operation1: c.op1, pIgnore: pIgnore[g], constant: best)
        }
        self.rules = rules
    }

    /// The fitted rules, as they apply to new scores.
    public var fittedRules: GroupThresholdRules { GroupThresholdRules(method: "ThresholdOptimizer", rules: rules, drawsEveryRow: true) }

    /// P(decision = 1) for each row; a group not seen when fitting is an error.
    public func probabilities(scores: [Double], groups: GroupIndex) throws -> [Double] {
        try fittedRules.probabilities(scores: scores, groups: groups)
    }

    /// Randomised 0/1 decisions: 1 when a seeded uniform draw is at most the probability.
    public func predict(scores: [Double], groups: GroupIndex, seed: UInt64) throws -> [Double] {
        try fittedRules.predict(scores: scores, groups: groups, seed: seed)
    }
}

extension ThresholdOptimizer: SavablePostprocessor {
    /// Its rules (`GroupThresholdRules`).
    public func archive() throws -> EstimatorArchive { try fittedRules.archive() }
}

