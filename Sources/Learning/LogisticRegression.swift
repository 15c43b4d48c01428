import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
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
    public init(c: Double = Settings().c, fitIntercept: Bool = Settings().fitIntercept, maxIterations: Int = Settings().maxIterations,
                tolerance: Double = Settings().tolerance) throws {
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
            if positive > 0 && positive < total { beta[p - 1] = Glibc.log(positive / (total - positive)) }
        }
        var margin = try problem.margins(beta)
        var tail = [Double](repeating: 0, count: n), candidateTail = tail      // e^(−|margin|) per row
        var f = problem.objective(beta, margin, tail: &tail)
        // The Hessian is accumulated in Float32 (sgemm is several times faster than dgemm here); it only
        // shapes the Newton step, while the gradient that decides convergence stays in Double.
        var scaled = [Float](repeating: 0, count: n * p)
        var residual = [Double](repeating: 0, count: n), rowScale = residual
        var hessianF = [Float](repeating: 0, count: p * p)
        var factor: Cholesky?
        var previousNorm = Double.infinity
        let gradientScale = 1 / (c * max(s.reduce(0, +), .leastNormalMagnitude))
        iterations = 0
        for iteration in 1...maxIterations {
            iterations = iteration
            try Cancellation.check()
            // Residuals cᵢsᵢ(pᵢ − yᵢ) and the Hessian's row scales √(cᵢsᵢpᵢ(1 − pᵢ)).
            for i in 0..<n {
                let e = tail[i], prob = margin[i] >= 0 ? 1 / (1 + e) : e / (1 + e)
                residual[i] = c * s[i] * (prob - y[i])
                rowScale[i] = (c * s[i] * prob * (1 - prob)).squareRoot()
            }
            problem.scaleRows(rowScale, into: &scaled)
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
                    try Gemm.gram(zb, rows: n, columns: p, into: hb)
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

    /// The data of one fit: the features in Double — dense, or in compressed rows when most entries are
    /// zero (one-hot designs: Adult's 98 columns hold 14 non-zeros a row, so products over the rows cost a
    /// seventh) — with an implicit column of ones for the intercept, and the pieces of the objective.
    struct Problem {
        /// Row-major values, or compressed sparse rows.
        enum Storage {
            case dense([Double])
            case sparse(rowStart: [Int], columns: [Int32], values: [Double])
        }
        let storage: Storage
        let y: [Double], s: [Double]
        let c: Double, intercept: Bool, n: Int, p: Int
        /// Feature columns (p without the intercept's).
        var d: Int { intercept ? p - 1 : p }

        /// The problem for `x`; compressed rows when under a quarter of the entries are non-zero (or never,
        /// with `allowSparse` false).
        init(x: Tensor, y: [Double], s: [Double], c: Double, intercept: Bool, n: Int, p: Int, allowSparse: Bool = true) {
            let d = x.shape[1]
            let nonZero = x.storage.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
            if allowSparse && nonZero * 4 < n * d {
                var rowStart = [Int](repeating: 0, count: n + 1), columns: [Int32] = [], values: [Double] = []
                columns.reserveCapacity(nonZero)
                values.reserveCapacity(nonZero)
                x.storage.withUnsafeBufferPointer { xs in
                    for i in 0..<n {
                        for j in 0..<d where xs[i &* d &+ j] != 0 {
                            columns.append(Int32(j))
                            values.append(Double(xs[i &* d &+ j]))
                        }
                        rowStart[i + 1] = values.count
                    }
                }
                storage = .sparse(rowStart: rowStart, columns: columns, values: values)
            } else {
                var design = [Double](repeating: 0, count: n * d)
                x.storage.withUnsafeBufferPointer { xs in
                    design.withUnsafeMutableBufferPointer { out in for k in 0..<(n * d) { out[k] = Double(xs[k]) } }
                }
                storage = .dense(design)
            }
            self.y = y
            self.s = s
            self.c = c
            self.intercept = intercept
            self.n = n
            self.p = p
        }

        /// out += op(A) · x for a dense design A (rows × columns).
        private static func product(_ a: [Double], transpose: Bool, rows: Int, columns: Int, _ x: [Double], into out: inout [Double]) throws {
            try a.withUnsafeBufferPointer { a in
                try x.withUnsafeBufferPointer { x in
                    try out.withUnsafeMutableBufferPointer { o in
                        guard let ab = a.baseAddress, let xb = x.baseAddress, let ob = o.baseAddress, columns > 0 else { return }
                        try Gemm.multiply(ab, transpose: transpose, rows: rows, columns: columns, vector: xb, into: ob, accumulate: true)
                    }
                }
            }
        }

        /// X · beta (plus the intercept).
        func margins(_ beta: [Double]) throws -> [Double] {
            let b0 = intercept ? beta[p - 1] : 0
            var out = [Double](repeating: b0, count: n)
            switch storage {
            case let .dense(design):
                try Self.product(design, transpose: false, rows: n, columns: d, beta, into: &out)
            case let .sparse(rowStart, columns, values):
                for i in 0..<n {
                    var sum = out[i]
                    for k in rowStart[i]..<rowStart[i + 1] { sum += values[k] * beta[Int(columns[k])] }
                    out[i] = sum
                }
            }
            return out
        }

        /// Xᵀ · v (with Σv last for the intercept).
        func transposeTimes(_ v: [Double]) throws -> [Double] {
            var out = [Double](repeating: 0, count: p)
            switch storage {
            case let .dense(design):
                try Self.product(design, transpose: true, rows: n, columns: d, v, into: &out)
            case let .sparse(rowStart, columns, values):
                for i in 0..<n where v[i] != 0 {
                    for k in rowStart[i]..<rowStart[i + 1] { out[Int(columns[k])] += values[k] * v[i] }
                }
            }
            if intercept { out[p - 1] = v.reduce(0, +) }
            return out
        }

        /// Row i of [X 1] times `scale[i]`, as Float32 rows of `z` (n × p; for sparse storage only the
        /// non-zero positions are written, so `z` must start as zeros and keep its pattern).
        func scaleRows(_ scale: [Double], into z: inout [Float]) {
            z.withUnsafeMutableBufferPointer { z in
                switch storage {
                case let .dense(design):
                    for i in 0..<n { for j in 0..<d { z[i &* p &+ j] = Float(scale[i] * design[i &* d &+ j]) } }
                case let .sparse(rowStart, columns, values):
                    for i in 0..<n {
                        for k in rowStart[i]..<rowStart[i + 1] { z[i &* p &+ Int(columns[k])] = Float(scale[i] * values[k]) }
                    }
                }
                if intercept { for i in 0..<n { z[i &* p &+ p - 1] = Float(scale[i]) } }
            }
        }

        /// The penalised objective at `beta` whose margins are `margin`; `tail` receives e^(−|marginᵢ|), from
        /// which the next iteration's probabilities come without another exponential.
        func objective(_ beta: [Double], _ margin: [Double], tail: inout [Double]) -> Double {
            var loss = 0.0
            tail.withUnsafeMutableBufferPointer { e in
                for i in 0..<n {
                    let m = y[i] == 1 ? margin[i] : -margin[i]
                    e[i] = Glibc.exp(-abs(m))
                    // log(1 + e) rather than log1p(e): twice as fast, and for e below 1e-16 (where it rounds
                    // to 0) the term is below one ulp of the sum anyway.
                    loss += s[i] * (max(-m, 0) + Glibc.log(1 + e[i]))
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
        return margins.storage.map { 1 / (1 + Glibc.exp(-(Double($0) + intercept))) }
    }
}

extension LogisticRegression: ArchivableEstimator {
    /// The settings, and the coefficients and intercept in Float64 (bit-exact).
    public func archive() throws -> EstimatorArchive {
        guard !coefficients.isEmpty else { throw LearningError.invalid("save: the LogisticRegression is not fitted (call fit first)") }
        return EstimatorArchive(kind: "LogisticRegression",
                                settings: ["C": .number(c), "fit_intercept": .bool(fitIntercept), "max_iter": .number(Double(maxIterations)),
                                           "tol": .number(tolerance), "iterations": .number(Double(iterations))],
                                tensors: ["coefficients": .float64(coefficients), "intercept": .float64([intercept])])
    }

    /// The fitted model of `archive`.
    @Sendable public static func unarchive(_ archive: EstimatorArchive, _: EstimatorLoader) throws -> Classifier {
        let model = try LogisticRegression(c: try archive.number("C"), fitIntercept: archive.settings["fit_intercept"]?.bool ?? true,
                                           maxIterations: Int(exactly: try archive.number("max_iter")) ?? 100, tolerance: try archive.number("tol"))
        let coefficients = try archive.tensor("coefficients").doubles, intercept = try archive.tensor("intercept").doubles
        guard !coefficients.isEmpty, intercept.count == 1 else { throw LearningError.invalid("LogisticRegression: the coefficients are empty") }
        model.coefficients = coefficients
        model.intercept = intercept[0]
        model.iterations = Int(exactly: archive.settings["iterations"]?.number ?? 0) ?? 0
        return model
    }
}
