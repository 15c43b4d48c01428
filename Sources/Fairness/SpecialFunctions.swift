import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Distribution functions the statistical tests need, accurate to about 1e-14 relative in the tails.
enum SpecialFunctions {
    /// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a).
    static func upperGamma(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 1 }
        let logPrefix = -x + a * log(x) - lgamma(a)
        if x < a + 1 {
            // Series for P(a, x), then Q = 1 − P (Q is not small here, so no precision is lost).
            var term = 1 / a, sum = term, n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        // Continued fraction for Q (modified Lentz), accurate for tiny tails.
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefix) * h
    }

    /// P(X ≥ x) for a chi-square variable with `dof` degrees of freedom.
    static func chiSquareSurvival(_ x: Double, dof: Double) -> Double { upperGamma(dof / 2, x / 2) }

    /// Two-sided normal p-value of z: P(|Z| ≥ |z|).
    static func normalTwoSided(_ z: Double) -> Double { erfc(abs(z) / 2.squareRoot()) }

    /// log of the binomial coefficient C(n, k).
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
    }
}
