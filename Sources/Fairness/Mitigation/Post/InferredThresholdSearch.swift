import Tensors

/// The threshold search when the groups deciding the rows (a classifier's prediction) are not the groups the
/// constraint is measured on: each true group's counts sum over the predicted groups, so the groups no longer
/// separate. Starting from the exact search on the predicted groups, each predicted group's threshold in turn
/// is set to the best of all its distinct scores with the others fixed (coordinate ascent, exact in each
/// coordinate, on the true objective and constraint), until a round changes nothing. Feasible points rank
/// above infeasible ones, which rank by their violation.
struct InferredThresholdSearch {
    /// Curves of each predicted group's rows (its candidate thresholds).
    let applied: [GroupScoreCurve]
    /// Curves of the rows of each (predicted group h, true group g), at index h·G + g.
    let split: [GroupScoreCurve]
    /// The number of true groups.
    let trueGroups: Int

    /// The search's curves from the rows.
    init(scores: [Double], labels: [UInt8], weights: [Double]?, truth: GroupIndex, applied: GroupIndex) throws {
        let h = applied.count, g = truth.count
        guard h * g <= 1 << 20 else { throw FairnessError.invalid("ConstrainedThresholds: too many (inferred, true) group pairs") }
        self.applied = GroupScoreCurve.curves(scores: scores, labels: labels, weights: weights, codes: applied.codes, groupCount: h)
        let codes = zip(applied.codes, truth.codes).map { $0 * Int32(g) + $1 }
        split = GroupScoreCurve.curves(scores: scores, labels: labels, weights: weights, codes: codes, groupCount: h * g)
        trueGroups = g
    }

    /// The chosen threshold per predicted group, each true group's counts, and whether the constraint holds
    /// (else the thresholds of least violation, `bound` the value they reach).
    func solve(_ constraint: RateConstraint, _ objective: ThresholdObjective) throws -> (thresholds: [Double], counts: [ConfusionCounts], satisfied: Bool, bound: Double) {
        let g = trueGroups
        // Start: the exact search with the predicted groups taken as the true ones.
        let search = ThresholdSearch(rates: applied.map(constraint.rates))
        let values = applied.map { $0.values(tp: 1, fp: -1) }
        let start = search.best(values, constraint) ?? search.best(values, search.closest(constraint)) ?? applied.map { _ in ThresholdChoice(0) }
        var thresholds = zip(applied, start).map { $0.threshold($1.k0) }
        // The cut of a split curve at threshold t: its distinct scores above t.
        func cut(_ c: GroupScoreCurve, _ t: Double) -> Int {
            var lo = 0, hi = c.scores.count
            while lo < hi { let mid = (lo + hi) / 2; if c.scores[mid] > t { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        func rank(_ counts: [ConfusionCounts]) throws -> (feasible: Bool, score: Double) {
            let value = constraint.value(counts.map(constraint.rateOf))
            if constraint.holds(value) { return (true, try objective.score(counts.reduce(ConfusionCounts(), +))) }
            let violation = value.isNaN ? Double.infinity : abs(value - constraint.bound)
            return (false, -violation)
        }
        func better(_ a: (feasible: Bool, score: Double), _ b: (feasible: Bool, score: Double)) -> Bool {
            a.feasible != b.feasible ? a.feasible : a.score > b.score + 1e-12
        }
        // Each true group's counts, summed over the predicted groups (but `excluded`).
        func counts(_ thresholds: [Double], excluding excluded: Int? = nil) -> [ConfusionCounts] {
            (0..<g).map { t in
                thresholds.indices.reduce(ConfusionCounts()) { acc, h in
                    h == excluded ? acc : acc + split[h * g + t].counts(cut(split[h * g + t], thresholds[h]))
                }
            }
        }
        var current = try rank(counts(thresholds))
        for _ in 0..<20 {
            var changed = false
            for h in applied.indices {
                try Cancellation.check()
                // The other predicted groups' contribution to each true group.
                let base = counts(thresholds, excluding: h)
                var pointers = [Int](repeating: 0, count: g)
                var bestCut: Int?
                for k in 0..<applied[h].cuts {
                    let t = applied[h].threshold(k)
                    var c = base
                    for j in 0..<g {
                        let s = split[h * g + j]
                        while pointers[j] < s.scores.count && s.scores[pointers[j]] > t { pointers[j] += 1 }
                        c[j] = c[j] + s.counts(pointers[j])
                    }
                    let r = try rank(c)
                    if better(r, current) { (current, bestCut) = (r, k) }
                }
                if let bestCut {
                    thresholds[h] = applied[h].threshold(bestCut)
                    changed = true
                }
            }
            if !changed { break }
        }
        let final = counts(thresholds)
        return (thresholds, final, current.feasible, constraint.value(final.map(constraint.rateOf)))
    }
}
