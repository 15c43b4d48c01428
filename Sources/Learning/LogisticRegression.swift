import Foundation
import Tensors

/// L2-penalised logistic regression with scikit-learn's objective — ½‖w‖² + C Σ sᵢ log(1 + e^(−ỹᵢ(xᵢ·w + b))),
/// the intercept not penalised — solved by Newton's method with a backtracking line search, in Double.
public final class LogisticRegression: WeightedFitting {
    /// Inverse regularisation strength (scikit-learn's C).
    public let c: Double
    /// Whether to fit an intercept.
    public let fitIntercept: Bool
    /// Newton iterations at most.
    public let maxIterations: Int
    /// Stop when the largest gradient component is below this.
    public let tolerance: Double
    /// Coefficients, one per feature (empty before `fit`).
    public private(set) var coefficients: [Double] = []
    /// The intercept.
    public private(set) var intercept = 0.0
    /// Iterations the last fit used.
    public private(set) var iterations = 0

    /// A model with scikit-learn's defaults (C = 1, intercept, tolerance 1e-4 on the gradient).
    public init(c: Double = 1, fitIntercept: Bool = true, maxIterations: Int = 100, tolerance: Double = 1e-4) throws {
        guard c > 0 else { throw LearningError.invalid("LogisticRegression: C must be positive, got \(c)") }
        guard maxIterations > 0 else { throw LearningError.invalid("LogisticRegression: max_iter must be positive") }
        guard tolerance > 0 else { throw LearningError.invalid("LogisticRegression: tol must be positive") }
        self.c = c
        self.fitIntercept = fitIntercept
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// An unfitted copy.
    public func blank() -> LogisticRegression {
        // The settings were validated when self was made.
        (try? LogisticRegression(c: c, fitIntercept: fitIntercept, maxIterations: maxIterations, tolerance: tolerance)) ?? self
    }

    /// Fits on `x` (rows × features) and 0/1 labels.
    public func fit(_ x: Tensor, _ y: [Double], weights: [Double]? = nil) throws {
        guard x.dim == 2 else { throw LearningError.shape(layer: "LogisticRegression", expected: "(rows, features)", got: x.shape) }
        let n = x.shape[0], d = x.shape[1]
        guard n > 0 else { throw LearningError.invalid("LogisticRegression: no rows to fit") }
        guard y.count == n else { throw LearningError.invalid("LogisticRegression: \(n) rows but \(y.count) labels") }
        if let bad = y.first(where: { $0 != 0 && $0 != 1 }) { throw LearningError.invalid("LogisticRegression: labels must be 0 or 1, found \(bad)") }
        let s = weights ?? [Double](repeating: 1, count: n)
        guard s.count == n else { throw LearningError.invalid("LogisticRegression: \(n) rows but \(s.count) weights") }
        if let bad = s.first(where: { !($0 >= 0 && $0.isFinite) }) { throw LearningError.invalid("LogisticRegression: weights must be finite and ≥ 0, found \(bad)") }
        if let bad = x.storage.first(where: { !$0.isFinite }) { throw LearningError.invalid("LogisticRegression: features must be finite, found \(bad)") }
        let p = d + (fitIntercept ? 1 : 0)
        // The design matrix in Double with a column of ones for the intercept.
        var design = [Double](repeating: 1, count: n * p)
        x.storage.withUnsafeBufferPointer { xs in
            for i in 0..<n { for j in 0..<d { design[i * p + j] = Double(xs[i * d + j]) } }
        }
        var beta = [Double](repeating: 0, count: p)
        var f = objective(design, y, s, beta, n: n, p: p)
        var scaled = [Double](repeating: 0, count: n * p)
        var hessian = [Double](repeating: 0, count: p * p)
        iterations = 0
        for iteration in 1...maxIterations {
            iterations = iteration
            let margin = try product(design, beta, n: n, p: p)
            var gradient = beta
            if fitIntercept { gradient[p - 1] = 0 }
            for i in 0..<n {
                let prob = 1 / (1 + Foundation.exp(-margin[i]))
                let r = c * s[i] * (prob - y[i]), h = (c * s[i] * prob * (1 - prob)).squareRoot()
                for j in 0..<p {
                    gradient[j] += r * design[i * p + j]
                    scaled[i * p + j] = h * design[i * p + j]
                }
            }
            if gradient.reduce(0, { max($0, abs($1)) }) <= tolerance { break }
            try scaled.withUnsafeBufferPointer { z in
                try hessian.withUnsafeMutableBufferPointer { h in
                    try Gemm.multiply(z.baseAddress!, transposeA: true, z.baseAddress!, into: h.baseAddress!, m: p, n: p, k: n)
                }
            }
            for j in 0..<(fitIntercept ? p - 1 : p) { hessian[j * p + j] += 1 }
            let step = try Cholesky.solve(hessian, gradient, p)
            var t = 1.0, accepted = false
            let slope = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            while t > 1e-10 {
                let candidate = zip(beta, step).map { $0 - t * $1 }
                let fc = objective(design, y, s, candidate, n: n, p: p)
                if fc <= f - 1e-4 * t * slope || abs(fc - f) <= 1e-15 * max(1, abs(f)) {
                    beta = candidate
                    f = fc
                    accepted = true
                    break
                }
                t /= 2
            }
            if !accepted { break }
        }
        coefficients = Array(beta.prefix(d))
        intercept = fitIntercept ? beta[p - 1] : 0
    }

    /// The penalised objective at `beta`.
    private func objective(_ design: [Double], _ y: [Double], _ s: [Double], _ beta: [Double], n: Int, p: Int) -> Double {
        var loss = 0.0
        for i in 0..<n {
            var z = 0.0
            for j in 0..<p { z += design[i * p + j] * beta[j] }
            let m = y[i] == 1 ? z : -z
            loss += s[i] * (m > 0 ? Foundation.log1p(Foundation.exp(-m)) : -m + Foundation.log1p(Foundation.exp(m)))
        }
        let penalised = fitIntercept ? beta.dropLast() : beta[...]
        return c * loss + 0.5 * penalised.reduce(0) { $0 + $1 * $1 }
    }

    /// design · beta.
    private func product(_ design: [Double], _ beta: [Double], n: Int, p: Int) throws -> [Double] {
        var out = [Double](repeating: 0, count: n)
        try design.withUnsafeBufferPointer { a in
            try beta.withUnsafeBufferPointer { b in
                try out.withUnsafeMutableBufferPointer { o in
                    try Gemm.multiply(a.baseAddress!, b.baseAddress!, into: o.baseAddress!, m: n, n: 1, k: p)
                }
            }
        }
        return out
    }

    /// P(y = 1) per row.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        guard !coefficients.isEmpty else { throw LearningError.invalid("LogisticRegression: call fit first") }
        guard x.dim == 2, x.shape[1] == coefficients.count else {
            throw LearningError.shape(layer: "LogisticRegression", expected: "(rows, \(coefficients.count))", got: x.shape)
        }
        let d = coefficients.count
        return x.storage.withUnsafeBufferPointer { xs in
            (0..<x.shape[0]).map { i in
                var z = intercept
                for j in 0..<d { z += Double(xs[i * d + j]) * coefficients[j] }
                return 1 / (1 + Foundation.exp(-z))
            }
        }
    }
}
