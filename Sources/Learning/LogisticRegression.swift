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
    /// Stop when the largest gradient component is below this, with the gradient scaled as scikit-learn
    /// scales its objective (divided by C·Σsᵢ, a mean loss), so that equal tolerances mean equal accuracy.
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
        let problem = Problem(x: x, y: y, s: s, c: c, intercept: fitIntercept, n: n, p: p)
        var beta = [Double](repeating: 0, count: p)
        if fitIntercept {
            // Start from the intercept-only model: the weighted log-odds of the labels.
            let total = s.reduce(0, +), positive = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            if positive > 0 && positive < total { beta[p - 1] = Foundation.log(positive / (total - positive)) }
        }
        var margin = try problem.margins(beta)
        var tail = [Double](repeating: 0, count: n), candidateTail = tail      // e^(−|margin|) per row
        var f = problem.objective(beta, margin, tail: &tail)
        // The Hessian is accumulated in Float32 (sgemm is several times faster than dgemm here); it only
        // shapes the Newton step, while the gradient that decides convergence stays in Double.
        var scaled = [Float](repeating: 0, count: n * p)
        var residual = [Double](repeating: 0, count: n)
        var hessianF = [Float](repeating: 0, count: p * p)
        var factor: Cholesky?
        var previousNorm = Double.infinity
        let gradientScale = 1 / (c * max(s.reduce(0, +), .leastNormalMagnitude))
        iterations = 0
        for iteration in 1...maxIterations {
            iterations = iteration
            // Residuals cᵢsᵢ(pᵢ − yᵢ) and the Hessian's row scales √(cᵢsᵢpᵢ(1 − pᵢ)).
            problem.design.withUnsafeBufferPointer { xs in
                scaled.withUnsafeMutableBufferPointer { z in
                    for i in 0..<n {
                        let e = tail[i], prob = margin[i] >= 0 ? 1 / (1 + e) : e / (1 + e)
                        residual[i] = c * s[i] * (prob - y[i])
                        let h = (c * s[i] * prob * (1 - prob)).squareRoot()
                        for j in 0..<p { z[i &* p &+ j] = Float(h * xs[i &* p &+ j]) }
                    }
                }
            }
            var gradient = try problem.transposeTimes(residual)
            for j in 0..<(fitIntercept ? p - 1 : p) { gradient[j] += beta[j] }
            let norm = gradient.reduce(0, { max($0, abs($1)) })
            if norm * gradientScale <= tolerance { break }
            // Near the optimum the Hessian barely changes: reuse its factor while the gradient shrinks
            // at least tenfold per step (a chord step), and recompute it otherwise.
            if factor == nil || norm > 0.1 * previousNorm {
            try scaled.withUnsafeBufferPointer { z in
                try hessianF.withUnsafeMutableBufferPointer { h in
                    guard let zb = z.baseAddress, let hb = h.baseAddress else { return }
                    try Gemm.multiply(zb, transposeA: true, zb, into: hb, m: p, n: p, k: n)
                }
            }
            var hessian = hessianF.map(Double.init)
            for j in 0..<(fitIntercept ? p - 1 : p) { hessian[j * p + j] += 1 }
            factor = try Cholesky(hessian, p)
            }
            previousNorm = norm
            guard let step = try factor?.solve(gradient) else { break }
            var t = 1.0, accepted = false
            let slope = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            while t > 1e-10 {
                let candidate = zip(beta, step).map { $0 - t * $1 }
                let candidateMargin = try problem.margins(candidate)
                let fc = problem.objective(candidate, candidateMargin, tail: &candidateTail)
                if fc <= f - 1e-4 * t * slope || abs(fc - f) <= 1e-15 * max(1, abs(f)) {
                    beta = candidate
                    margin = candidateMargin
                    swap(&tail, &candidateTail)
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

    /// The data of one fit: the design matrix in Double (a column of ones for the intercept) and the
    /// pieces of the objective.
    struct Problem {
        let design: [Double]
        let y: [Double], s: [Double]
        let c: Double, intercept: Bool, n: Int, p: Int

        init(x: Tensor, y: [Double], s: [Double], c: Double, intercept: Bool, n: Int, p: Int) {
            var design = [Double](repeating: 1, count: n * p)
            let d = x.shape[1]
            x.storage.withUnsafeBufferPointer { xs in
                design.withUnsafeMutableBufferPointer { out in
                    for i in 0..<n { for j in 0..<d { out[i &* p &+ j] = Double(xs[i &* d &+ j]) } }
                }
            }
            self.design = design
            self.y = y
            self.s = s
            self.c = c
            self.intercept = intercept
            self.n = n
            self.p = p
        }

        /// design · beta.
        func margins(_ beta: [Double]) throws -> [Double] {
            var out = [Double](repeating: 0, count: n)
            try design.withUnsafeBufferPointer { a in
                try beta.withUnsafeBufferPointer { b in
                    try out.withUnsafeMutableBufferPointer { o in
                        guard let ab = a.baseAddress, let bb = b.baseAddress, let ob = o.baseAddress else { return }
                        try Gemm.multiply(ab, rows: n, columns: p, vector: bb, into: ob)
                    }
                }
            }
            return out
        }

        /// designᵀ · v.
        func transposeTimes(_ v: [Double]) throws -> [Double] {
            var out = [Double](repeating: 0, count: p)
            try design.withUnsafeBufferPointer { a in
                try v.withUnsafeBufferPointer { b in
                    try out.withUnsafeMutableBufferPointer { o in
                        guard let ab = a.baseAddress, let bb = b.baseAddress, let ob = o.baseAddress else { return }
                        try Gemm.multiply(ab, transpose: true, rows: n, columns: p, vector: bb, into: ob)
                    }
                }
            }
            return out
        }

        /// The penalised objective at `beta` whose margins are `margin`; `tail` receives e^(−|marginᵢ|), from
        /// which the next iteration's probabilities come without another exponential.
        func objective(_ beta: [Double], _ margin: [Double], tail: inout [Double]) -> Double {
            var loss = 0.0
            tail.withUnsafeMutableBufferPointer { e in
                for i in 0..<n {
                    let m = y[i] == 1 ? margin[i] : -margin[i]
                    e[i] = Foundation.exp(-abs(m))
                    // log(1 + e) rather than log1p(e): twice as fast, and for e below 1e-16 (where it rounds
                    // to 0) the term is below one ulp of the sum anyway.
                    loss += s[i] * (max(-m, 0) + Foundation.log(1 + e[i]))
                }
            }
            let penalised = intercept ? beta.dropLast() : beta[...]
            return c * loss + 0.5 * penalised.reduce(0) { $0 + $1 * $1 }
        }
    }

    /// P(y = 1) per row.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        guard !coefficients.isEmpty else { throw LearningError.invalid("LogisticRegression: call fit first") }
        guard x.dim == 2, x.shape[1] == coefficients.count else {
            throw LearningError.shape(layer: "LogisticRegression", expected: "(rows, \(coefficients.count))", got: x.shape)
        }
        // The features are Float32, so an sgemv with Float32 coefficients loses nothing that matters.
        let margins = try GradMode.noGrad { try x.mm(Tensor(coefficients.map(Float.init))) }
        return margins.storage.map { 1 / (1 + Foundation.exp(-(Double($0) + intercept))) }
    }
}
