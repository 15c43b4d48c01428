import Datasets

/// The Pareto frontier of a constrained thresholding: the best objective at each bound on the constraint (as
/// OxonFair's `plot_frontier` shows it), with the dominated points removed: a row stays only when no other
/// has both a better objective and a better constraint value.
public struct ThresholdFrontier: CustomStringConvertible {
    /// One optimum: the bound asked, the constraint value and objective reached, each group's threshold.
    public struct Row: Sendable {
        public let bound: Double, constraint: Double, objective: Double
        /// Each group's (first) threshold, in the order of `groups`.
        public let thresholds: [Double]
    }

    /// The non-dominated optima, by constraint value from the fairest.
    public let rows: [Row]
    /// The groups, in the order of each row's thresholds.
    public let groups: [String]
    /// The constraint and objective.
    public let constraint: RateConstraint, objective: ThresholdObjective
    /// The fitted point (constraint value, objective).
    public let chosen: (constraint: Double, objective: Double)

    /// The frontier of `rows` (dominated and repeated points dropped).
    init(rows: [Row], groups: [String], constraint: RateConstraint, objective: ThresholdObjective, chosen: (Double, Double)) {
        // Fairer: a smaller difference, a larger ratio or minimum; better: a larger objective (a smaller cost).
        let fairer = { (a: Double, b: Double) in constraint.form == .difference ? a < b : a > b }
        let better = { (a: Double, b: Double) in objective.minimised ? a < b : a > b }
        let kept = rows.filter { r in
            !rows.contains { o in
                (fairer(o.constraint, r.constraint) || o.constraint == r.constraint) && (better(o.objective, r.objective) || o.objective == r.objective)
                    && (fairer(o.constraint, r.constraint) || better(o.objective, r.objective))
            }
        }
        var unique: [Row] = []
        for r in kept.sorted(by: { fairer($0.constraint, $1.constraint) }) where !unique.contains(where: { $0.constraint == r.constraint && $0.objective == r.objective }) {
            unique.append(r)
        }
        self.rows = unique
        self.groups = groups
        self.constraint = constraint
        self.objective = objective
        self.chosen = chosen
    }

    /// A table: bound, constraint value, objective, and each group's threshold.
    public var description: String {
        let name = "\(constraint.rate) \(constraint.form.rawValue)"
        var t = TextTable(header: ["bound", name, objective.name] + groups.map { "threshold \($0)" })
        for r in rows {
            t.rows.append([TextTable.format(r.bound), TextTable.format(r.constraint), TextTable.format(r.objective)] + r.thresholds.map(TextTable.format))
        }
        return "Pareto frontier: \(objective.name) against \(name) (\(rows.count) points)\n" + t.description
    }
}
