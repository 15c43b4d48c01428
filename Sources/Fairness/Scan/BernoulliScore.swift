#if canImport(Glibc)
import Glibc
#endif

/// The expectation-based Bernoulli scan statistic of MDSS (Zhang & Neill 2016, "Identifying significant
/// predictive bias in classifiers"), as AIF360 0.6.1's `Bernoulli` scoring function and `optim` bisections define
/// it. For a subset S with observed positives Y = Σᵢ yᵢ and expectations pᵢ, under odds multiplied by q:
///   F(q) = Y·log q − Σᵢ log(1 − pᵢ + q·pᵢ) − penalty,   q·dF/dq = Y − Σᵢ q·pᵢ / (1 − pᵢ + q·pᵢ).
/// The direction keeps q ≤ 1 ("negative": outcomes below expectations, AIF360's overpredicted) or q ≥ 1.
struct BernoulliScore {
    /// The expectations, rows of a cell contiguous.
    let p: [Double]
    /// true: q ≥ 1 (underpredicted, AIF360's "positive" direction).
    let positive: Bool

    /// Σᵢ log(1 − pᵢ + q·pᵢ) over `rows`, as the log of running products of 32 factors (each factor lies in
    /// [min(1, q), max(1, q)] ⊂ [1e-3, 1e3], so a product of 32 cannot overflow): one log per 32 rows.
    func logSum(_ rows: [Range<Int>], _ q: Double) -> Double {
        p.withUnsafeBufferPointer { p in
            var total = 0.0, product = 1.0, k = 0
            for r in rows {
                for i in r {
                    product *= 1 - p[i] + q * p[i]
                    k += 1
                    if k == 32 { total += log(product); product = 1; k = 0 }
                }
            }
            return total + log(product)
        }
    }

    /// Σᵢ q·pᵢ / (1 − pᵢ + q·pᵢ) over `rows`.
    func expectedAt(_ rows: [Range<Int>], _ q: Double) -> Double {
        p.withUnsafeBufferPointer { p in
            var total = 0.0
            for r in rows { for i in r { total += q * p[i] / (1 - p[i] + q * p[i]) } }
            return total
        }
    }

    /// F(q) for observed sum `y` on `rows`.
    func score(_ y: Double, _ rows: [Range<Int>], penalty: Double, q: Double) -> Double {
        y * log(q) - logSum(rows, q) - penalty
    }

    /// The q maximising F: bisection on the sign of q·dF/dq over [1e-3, 1e3] to a width of 1e-3, then 1 when
    /// the maximum lies on the wrong side of 1 for the direction (AIF360's `bisection_q_mle`, step for step).
    func qmle(_ y: Double, _ rows: [Range<Int>]) -> Double {
        var lo = 1e-3, hi = 1e3
        while abs(hi - lo) > 1e-3 {
            let mid = (lo + hi) / 2
            if y - expectedAt(rows, mid) > 0 { lo = lo + (hi - lo) / 2 } else { hi = hi - (hi - lo) / 2 }
        }
        let q = (lo + hi) / 2
        return positive ? (q < 1 ? 1 : q) : (q > 1 ? 1 : q)
    }

    /// The roots of F either side of q_mle by bisection (`bisection_q_min` / `bisection_q_max`).
    func root(_ y: Double, _ rows: [Range<Int>], penalty: Double, from lo: Double, to hi: Double, rising: Bool) -> Double {
        var lo = lo, hi = hi
        while abs(hi - lo) > 1e-3 {
            let mid = (lo + hi) / 2
            if (score(y, rows, penalty: penalty, q: mid) > 0) == rising { hi = hi - (hi - lo) / 2 } else { lo = lo + (hi - lo) / 2 }
        }
        return (lo + hi) / 2
    }

    /// `compute_qs`: whether F(q_mle) > 0, and then the interval [q_min, q_max] where F > 0, clipped at 1 on
    /// the side the direction excludes (no interval when it lies entirely there).
    func interval(_ y: Double, _ rows: [Range<Int>], penalty: Double) -> (qMin: Double, qMax: Double)? {
        let q = qmle(y, rows)
        guard score(y, rows, penalty: penalty, q: q) > 0 else { return nil }
        var qMin = root(y, rows, penalty: penalty, from: 1e-3, to: q, rising: true)
        var qMax = root(y, rows, penalty: penalty, from: q, to: 1e3, rising: false)
        if positive {
            if qMax < 1 { return nil }
            if qMin < 1 { qMin = 1 }
        } else {
            if qMin > 1 { return nil }
            if qMax > 1 { qMax = 1 }
        }
        return (qMin, qMax)
    }
}
