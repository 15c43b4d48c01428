/// One group's decision rule as cuts of its score curve: cut `k0` with probability `p0`, else cut `k1`
/// (p0 = 1 is the deterministic cut k0).
struct ThresholdChoice: Equatable, Sendable {
    var k0: Int, p0: Double, k1: Int
    /// The deterministic cut `k`.
    init(_ k: Int) { (k0, p0, k1) = (k, 1, k) }
    /// A mix of two cuts.
    init(_ k0: Int, _ p0: Double, _ k1: Int) { (self.k0, self.p0, self.k1) = (k0, p0, k1) }
}

/// The exact search behind constrained thresholding when the groups are known and the objective is linear in
/// the pooled counts (each group contributes value[g][k] at cut k; nonlinear objectives are linearised by the
/// caller). A difference or ratio constraint confines every group's rate to a band [t, u(t)] (u(t) = t + ε, or
/// t / ρ); for a fixed band the groups are independent, each taking its best cut inside it, and the best band
/// starts at one of the groups' own rates. Sweeping t over every cut's rate, sorted, with a monotone queue per
/// group (the sliding-window maximum) visits every band in O(M) after an O(M log M) sort, M the number of cuts:
/// the optimum over all per-group thresholds, with no grid. With randomisation each group may mix two
/// neighbouring cuts, reaching the upper concave hull of its (rate, value) points (Hardt et al. 2016); the sum
/// of the groups' best values over a band is then concave in t with breakpoints at hull vertices, which are
/// evaluated exactly.
struct ThresholdSearch {
    /// Each group's rate at every cut (NaN where undefined).
    let rates: [[Double]]
    /// Every cut with a defined rate, sorted by rate: its group, its cut and its rate.
    let orderGroups: [Int32], orderCuts: [Int32], orderRates: [Double]
    /// The running count of the groups' cuts with a defined rate: group g's queue segment in `best` is
    /// segments[g]..<segments[g + 1].
    let segments: [Int]
    /// Cuts in rate order: each one's group, cut and rate.
    typealias Run = (groups: [Int32], cuts: [Int32], rates: [Double])

    /// A search over `rates`. Each group's cuts are put in rate order (rates monotone in the cut, as selection
    /// rate, TPR and FPR are, need no sort), then the groups' runs are merged pairwise, each cut carrying its rate.
    init(rates: [[Double]]) {
        self.rates = rates
        var runs: [Run] = rates.enumerated().map { g, r in
            var cuts: [Int32] = []
            cuts.reserveCapacity(r.count)
            var rising = true, falling = true, last = -Double.infinity, first = true
            r.withUnsafeBufferPointer { r in
                for k in r.indices where !r[k].isNaN {
                    if !first { rising = rising && last <= r[k]; falling = falling && last >= r[k] }
                    (last, first) = (r[k], false)
                    cuts.append(Int32(truncatingIfNeeded: k))
                }
            }
            if falling { cuts.reverse() } else if !rising { cuts.sort { r[Int($0)] < r[Int($1)] } }
            return ([Int32](repeating: Int32(g), count: cuts.count), cuts, cuts.map { r[Int($0)] })
        }
        var segments = [0]
        for run in runs { segments.append(segments[segments.count - 1] + run.cuts.count) }
        self.segments = segments
        while runs.count > 1 {
            var merged: [Run] = []
            for i in stride(from: 0, to: runs.count, by: 2) {
                guard i + 1 < runs.count else { merged.append(runs[i]); continue }
                merged.append(Self.merge(runs[i], runs[i + 1]))
            }
            runs = merged
        }
        (orderGroups, orderCuts, orderRates) = runs.first ?? ([], [], [])
    }

    /// Two runs in rate order merged into one (ties: the first run's cut first).
    static func merge(_ a: Run, _ b: Run) -> Run {
        let (na, nb) = (a.rates.count, b.rates.count), n = na + nb
        var groups = [Int32](repeating: 0, count: n), cuts = [Int32](repeating: 0, count: n), rates = [Double](repeating: 0, count: n)
        groups.withUnsafeMutableBufferPointer { og in
        cuts.withUnsafeMutableBufferPointer { oc in
        rates.withUnsafeMutableBufferPointer { or in
        a.groups.withUnsafeBufferPointer { ag in a.cuts.withUnsafeBufferPointer { ac in a.rates.withUnsafeBufferPointer { ar in
        b.groups.withUnsafeBufferPointer { bg in b.cuts.withUnsafeBufferPointer { bc in b.rates.withUnsafeBufferPointer { br in
            var (x, y) = (0, 0)
            for o in 0..<n {
                if y >= nb || (x < na && ar[x] <= br[y]) {
                    (og[o], oc[o], or[o]) = (ag[x], ac[x], ar[x]); x += 1
                } else {
                    (og[o], oc[o], or[o]) = (bg[y], bc[y], br[y]); y += 1
                }
            }
        }}}}}}}}}
        return (groups, cuts, rates)
    }

    /// The best deterministic cut per group for `values` under `constraint`, nil when no choice meets it.
    func best(_ values: [[Double]], _ constraint: RateConstraint) -> [ThresholdChoice]? {
        let groups = rates.count
        if constraint.form == .minimum {
            var out: [ThresholdChoice] = []
            for g in 0..<groups {
                var best: Int?
                for k in rates[g].indices where rates[g][k] >= constraint.bound - 1e-12 && (best == nil || values[g][k] > values[g][best ?? 0]) { best = k }
                guard let best else { return nil }
                out.append(ThresholdChoice(best))
            }
            return out
        }
        // The sorted cuts' values (gathered from one flat copy of the groups'), and one queue segment per group
        // (`segments`: a group's queue never holds more than its own cuts).
        let n = orderRates.count
        var starts = [Int](repeating: 0, count: groups)
        for g in 1..<max(groups, 1) { starts[g] = starts[g - 1] + values[g - 1].count }
        let flat = Array(values.joined())
        let value = [Double](unsafeUninitializedCapacity: n) { out, count in
            flat.withUnsafeBufferPointer { flat in
                orderGroups.withUnsafeBufferPointer { g in
                    orderCuts.withUnsafeBufferPointer { k in
                        for i in 0..<n { out[i] = flat[starts[Int(g[i])] + Int(k[i])] }
                    }
                }
            }
            count = n
        }
        var queue = [Int](repeating: 0, count: n)
        var heads = Array(segments[0..<groups]), tails = heads
        var bestTotal = -Double.infinity, bestLow = Double.nan
        queue.withUnsafeMutableBufferPointer { q in
        heads.withUnsafeMutableBufferPointer { heads in
        tails.withUnsafeMutableBufferPointer { tails in
        value.withUnsafeBufferPointer { value in
        orderRates.withUnsafeBufferPointer { rate in
        orderGroups.withUnsafeBufferPointer { group in
            var hi = 0, lo = 0, covered = 0, total = 0.0
            while lo < n {
                let t = rate[lo], u = constraint.upper(t) + 1e-12
                while hi < n && rate[hi] <= u {
                    let g = Int(group[hi]), v = value[hi]
                    let wasEmpty = heads[g] == tails[g]
                    let oldFront = wasEmpty ? 0 : value[q[heads[g]]]
                    var tail = tails[g]
                    while tail > heads[g] && value[q[tail - 1]] <= v { tail -= 1 }
                    q[tail] = hi
                    tails[g] = tail + 1
                    if wasEmpty { covered += 1 }
                    total += value[q[heads[g]]] - oldFront
                    hi += 1
                }
                if covered == groups && total > bestTotal { (bestTotal, bestLow) = (total, t) }
                // Leave every cut at this rate before the band moves up.
                while lo < n && rate[lo] == t {
                    let g = Int(group[lo])
                    if heads[g] < tails[g] && q[heads[g]] == lo {
                        let old = value[lo]
                        heads[g] += 1
                        if heads[g] == tails[g] { covered -= 1; total -= old } else { total += value[q[heads[g]]] - old }
                    }
                    lo += 1
                }
            }
        }}}}}}
        guard !bestLow.isNaN else { return nil }
        let u = constraint.upper(bestLow) + 1e-12
        return (0..<groups).map { g in
            var best = -1
            rates[g].withUnsafeBufferPointer { r in
                values[g].withUnsafeBufferPointer { v in
                    for k in r.indices where r[k] >= bestLow && r[k] <= u && (best < 0 || v[k] > v[best]) { best = k }
                }
            }
            return ThresholdChoice(max(best, 0))
        }
    }

    /// The constraint relaxed to the bound nearest the asked one that some choice meets: the narrowest band
    /// holding a cut of every group (difference, ratio), or the lowest of the groups' highest rates (minimum).
    func closest(_ constraint: RateConstraint) -> RateConstraint {
        if constraint.form == .minimum {
            return constraint.relaxed(to: rates.map { $0.filter { !$0.isNaN }.max() ?? 0 }.min() ?? 0)
        }
        let groups = rates.count
        var counts = [Int](repeating: 0, count: groups), covered = 0
        var best = constraint.form == .difference ? Double.infinity : 0
        var hi = 0
        let rate = orderRates
        for lo in rate.indices {
            while hi < rate.count && covered < groups {
                let g = Int(orderGroups[hi])
                if counts[g] == 0 { covered += 1 }
                counts[g] += 1
                hi += 1
            }
            guard covered == groups else { break }
            let (a, b) = (rate[lo], rate[hi - 1])
            best = constraint.form == .difference ? min(best, b - a) : max(best, b == 0 ? 1 : a / b)
            let g = Int(orderGroups[lo])
            counts[g] -= 1
            if counts[g] == 0 { covered -= 1 }
        }
        return constraint.relaxed(to: best)
    }

    /// The upper concave hull of one group's (rate, value) points: vertex cuts by increasing rate.
    func hull(_ g: Int, _ values: [Double]) -> [Int] {
        let cuts = rates[g].indices.filter { !rates[g][$0].isNaN }.sorted {
            rates[g][$0] != rates[g][$1] ? rates[g][$0] < rates[g][$1] : values[$0] < values[$1]
        }
        var out: [Int] = []
        for k in cuts {
            // Equal rates: the higher value (sorted last) replaces the lower.
            if let last = out.last, rates[g][last] == rates[g][k] { out.removeLast() }
            while out.count >= 2 {
                let (a, b) = (out[out.count - 2], out[out.count - 1])
                let cross = (rates[g][b] - rates[g][a]) * (values[k] - values[a]) - (values[b] - values[a]) * (rates[g][k] - rates[g][a])
                if cross >= 0 { out.removeLast() } else { break }
            }
            out.append(k)
        }
        return out
    }

    /// The best randomised choice per group (mixes of two hull vertices) for `values` under `constraint`, nil
    /// when no band reaches every group. Only rates linear in the counts mix linearly (checked by the caller).
    func bestRandomized(_ values: [[Double]], _ constraint: RateConstraint) -> [ThresholdChoice]? {
        let hulls = rates.indices.map { hull($0, values[$0]) }
        guard hulls.allSatisfy({ !$0.isEmpty }) else { return nil }
        let xs = hulls.enumerated().map { g, h in h.map { rates[g][$0] } }
        let ys = hulls.enumerated().map { g, h in h.map { values[g][$0] } }
        // The best point of a group's hull in [lo, hi] (nil when they do not meet): the peak, clamped.
        func point(_ g: Int, _ lo: Double, _ hi: Double) -> (x: Double, y: Double, choice: ThresholdChoice)? {
            let x = xs[g], y = ys[g]
            let a = max(lo, x[0]), b = min(hi, x[x.count - 1])
            guard a <= b + 1e-12 else { return nil }
            let peak = y.indices.max { y[$0] < y[$1] } ?? 0
            let at = min(max(x[peak], a), b)
            // The segment holding `at`.
            var j = 0, top = x.count - 1
            while j < top { let mid = (j + top + 1) / 2; if x[mid] < at { j = mid } else { top = mid - 1 } }
            if j + 1 >= x.count || x[j] >= at { return (x[j], y[j], ThresholdChoice(hulls[g][j])) }
            let p0 = (x[j + 1] - at) / (x[j + 1] - x[j])
            return (at, p0 * y[j] + (1 - p0) * y[j + 1], ThresholdChoice(hulls[g][j], p0, hulls[g][j + 1]))
        }
        var candidates: [Double] = []
        switch constraint.form {
        case .minimum: candidates = [constraint.bound]
        case .difference: candidates = xs.flatMap { $0.flatMap { [$0, $0 - constraint.bound] } }
        case .ratio: candidates = xs.flatMap { $0.flatMap { [$0, $0 * constraint.bound] } }
        }
        var best: (total: Double, choices: [ThresholdChoice])?
        for t in candidates {
            let hi = constraint.form == .minimum ? Double.infinity : constraint.upper(t)
            var total = 0.0, choices: [ThresholdChoice] = []
            for g in rates.indices {
                guard let p = point(g, t, hi) else { total = -.infinity; break }
                total += p.y
                choices.append(p.choice)
            }
            if total > (best?.total ?? -.infinity) { best = (total, choices) }
        }
        return best?.choices
    }
}
