import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Power of the two-sided two-proportion z-test in Cohen's effect size h (Cohen 1988, *Statistical Power
/// Analysis*, ch. 6), computed as statsmodels' `NormalIndPower`: how large a difference in selection rate
/// (or TPR) groups of the given sizes can reveal.
public enum Power {
    /// Cohen's h = 2·asin √p1 − 2·asin √p2 (the arcsine transform makes the variance independent of p).
    public static func cohensH(_ p1: Double, _ p2: Double) throws -> Double {
        for p in [p1, p2] where !(p >= 0 && p <= 1) {
            throw FairnessError.invalid("power: a rate in [0, 1] expected, got \(p)")
        }
        return 2 * asin(p1.squareRoot()) - 2 * asin(p2.squareRoot())
    }

    /// Power to detect effect `h` with groups of `n1` and `n2` at level `alpha`:
    /// Φ(h√ñ − z) + Φ(−h√ñ − z), ñ = n1·n2 / (n1 + n2), z = Φ⁻¹(1 − α/2).
    public static func power(effect h: Double, n1: Int, n2: Int, alpha: Double) throws -> Double {
        guard h.isFinite else { throw FairnessError.invalid("power: the effect size must be a finite number, got \(h)") }
        let (nTilde, z) = try design(n1: n1, n2: n2, alpha: alpha)
        let shift = abs(h) * nTilde.squareRoot()
        return normalCDF(shift - z) + normalCDF(-shift - z)
    }

    /// The smallest |h| the test detects with probability `power` (NaN when even h = π, rates 0 against 1, is not).
    public static func detectableEffect(n1: Int, n2: Int, alpha: Double, power target: Double) throws -> Double {
        _ = try design(n1: n1, n2: n2, alpha: alpha)
        guard target > alpha, target < 1 else {
            throw FairnessError.invalid("power: the power must lie between alpha (\(alpha)) and 1, got \(target)")
        }
        guard try power(effect: .pi, n1: n1, n2: n2, alpha: alpha) >= target else { return .nan }
        var lo = 0.0, hi = Double.pi
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if try power(effect: mid, n1: n1, n2: n2, alpha: alpha) < target { lo = mid } else { hi = mid }
            if hi - lo < 1e-15 { break }
        }
        return (lo + hi) / 2
    }

    /// The smallest rise from `rate` the test detects: sin²(asin √rate + h/2) − rate for the detectable h,
    /// or the smallest fall when a rise cannot reach it (NaN when neither can).
    public static func detectableDifference(rate: Double, n1: Int, n2: Int, alpha: Double, power target: Double) throws -> Double {
        guard rate >= 0, rate <= 1 else { throw FairnessError.invalid("power: the rate must lie in [0, 1], got \(rate)") }
        let h = try detectableEffect(n1: n1, n2: n2, alpha: alpha, power: target)
        return h.isNaN ? .nan : shifted(rate, h)
    }

    /// A power analysis: the sizes and level, and either the power for a given effect or the detectable effect.
    public struct Analysis: Sendable {
        /// Group sizes.
        public let n1: Int, n2: Int
        /// Level of the test.
        public let alpha: Double
        /// Power (given, or achieved for the given effect).
        public let power: Double
        /// Cohen's h (given, or the smallest detectable with `power`).
        public let effect: Double
        /// With a rate: the smallest detectable change of it (for the given effect: the change it means).
        public let difference: Double?
    }

    /// Power for `effect` when it is given, else the smallest effect detectable with `power` (default 0.8);
    /// `rate` (a selection rate or TPR) turns the effect into a difference of rates.
    public static func analyse(n1: Int, n2: Int, alpha: Double? = nil, power: Double? = nil, effect: Double? = nil, rate: Double? = nil) throws -> Analysis {
        let alpha = alpha ?? 0.05
        if let effect, power != nil {
            throw FairnessError.invalid("power: give either power (to get the detectable effect) or effect (to get the power), not both; effect was \(effect)")
        }
        let achieved = try effect.map { try Power.power(effect: $0, n1: n1, n2: n2, alpha: alpha) }
        let target = power ?? 0.8
        let h = try effect ?? detectableEffect(n1: n1, n2: n2, alpha: alpha, power: target)
        let difference = try rate.map { r -> Double in
            guard r >= 0, r <= 1 else { throw FairnessError.invalid("power: the rate must lie in [0, 1], got \(r)") }
            return try effect == nil ? detectableDifference(rate: r, n1: n1, n2: n2, alpha: alpha, power: target) : shifted(r, h)
        }
        return Analysis(n1: n1, n2: n2, alpha: alpha, power: achieved ?? target, effect: h, difference: difference)
    }

    /// The change of `rate` that an effect of |h| means: up when it fits below 1, else down (NaN when neither fits).
    static func shifted(_ rate: Double, _ h: Double) -> Double {
        let phi = asin(rate.squareRoot()), half = abs(h) / 2
        if phi + half <= .pi / 2 { return pow(sin(phi + half), 2) - rate }
        if phi - half >= 0 { return rate - pow(sin(phi - half), 2) }
        return .nan
    }

    /// ñ and the critical value z = Φ⁻¹(1 − α/2), after checking the inputs.
    static func design(n1: Int, n2: Int, alpha: Double) throws -> (Double, Double) {
        guard n1 >= 1, n2 >= 1 else { throw FairnessError.invalid("power: group sizes must be at least 1, got \(n1) and \(n2)") }
        guard alpha > 0, alpha < 1 else { throw FairnessError.invalid("power: alpha must lie strictly between 0 and 1, got \(alpha)") }
        let a = Double(n1), b = Double(n2)
        return (a * b / (a + b), normalUpperQuantile(alpha / 2))
    }

    /// Φ(x), the standard normal distribution function.
    static func normalCDF(_ x: Double) -> Double { erfc(-x / 2.squareRoot()) / 2 }

    /// The z with P(Z ≥ z) = q, by bisection on erfc (to the last bit; q in (0, 1)).
    static func normalUpperQuantile(_ q: Double) -> Double {
        var lo = -40.0, hi = 40.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if erfc(mid / 2.squareRoot()) / 2 > q { lo = mid } else { hi = mid }
            if hi - lo <= 4 * Double.ulpOfOne * max(1, abs(mid)) { break }
        }
        return (lo + hi) / 2
    }
}
