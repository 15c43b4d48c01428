import Dispatch
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
    /// Where the next fit's Newton iterations start (coefficients then intercept; nil: the intercept-only model).
    private var start: [Double]?

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

    /// An unfitted copy whose fit starts from `fitted`'s coefficients when it is a fitted logistic regression
    /// with as many: the reductions refit the same rows with nearby weights, and a warm Newton start converges
    /// to the same tolerance in a step or two.
    public func blank(warmStart fitted: Classifier?) -> LogisticRegression {
        let copy = blank()
        if let previous = fitted as? LogisticRegression, previous !== self, !previous.coefficients.isEmpty, previous.fitIntercept == fitIntercept {
            copy.start = previous.coefficients + (fitIntercept ? [previous.intercept] : [])
        }
        return copy
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
        if let start, start.count == p {
            beta = start
        } else if fitIntercept {
            // Start from the intercept-only model: the weighted log-odds of the labels.
            let total = s.reduce(0, +), positive = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            if positive > 0 && positive < total { beta[p - 1] = Glibc.log(positive / (total - positive)) }
        }
        var point = try problem.point(beta)
        // Sparse designs: the Hessian's Float32 rows, written at the non-zero positions only (zeros elsewhere).
        var scaled = [Float](repeating: 0, count: problem.fused ? 0 : n * p)
        var factor: Cholesky?
        var previousNorm = Double.infinity
        let gradientScale = 1 / (c * max(s.reduce(0, +), .leastNormalMagnitude))
        iterations = 0
        for iteration in 1...maxIterations {
            iterations = iteration
            try Cancellation.check()
            let gradient = try point.gradient ?? problem.gradient(point)
            let norm = gradient.reduce(0, { max($0, abs($1)) })
            if norm * gradientScale <= tolerance { break }
            if let hessian = point.hessian {
                factor = try Cholesky(hessian, p)
            } else if factor == nil || norm > 0.1 * previousNorm {
                // Near the optimum the Hessian barely changes: reuse its factor while the gradient shrinks at
                // least tenfold per step (a chord step), and recompute it otherwise.
                factor = try Cholesky(try problem.hessian(point, scratch: &scaled), p)
            }
            previousNorm = norm
            guard let step = try factor?.solve(gradient) else { break }
            var t = 1.0, accepted = false
            let slope = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            while t > 1e-10 {
                let candidate = try problem.point(zip(point.beta, step).map { $0 - t * $1 })
                if candidate.f <= point.f - 1e-4 * t * slope || abs(candidate.f - point.f) <= 1e-15 * max(1, abs(point.f)) {
                    point = candidate
                    accepted = true
                    break
                }
                t /= 2
            }
            if !accepted { break }
        }
        coefficients = Array(point.beta.prefix(d))
        intercept = fitIntercept ? point.beta[p - 1] : 0
    }

    /// The penalised objective at one β, with what its derivatives need: the margins and e^(−|marginᵢ|) per
    /// row (from which the probabilities come without another exponential), or the gradient and Hessian
    /// themselves when one pass computed everything (`Problem.fused`).
    struct Point {
        let beta: [Double], margin: [Double], tail: [Double]
        let f: Double
        var gradient: [Double]? = nil, hessian: [Double]? = nil
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

        /// Whether one pass over the rows computes the objective, the gradient and the Hessian together, in
        /// Double on both cores: dense designs of at most 16 columns (Adult's numeric features), where the
        /// p² products per row cost less than separate passes and a Float32 sgemm.
        var fused: Bool {
            if case .dense = storage { return p <= 16 && d > 0 }
            return false
        }

        /// The objective at `beta` (and its gradient and Hessian when `fused`).
        func point(_ beta: [Double]) throws -> Point {
            if fused, case let .dense(design) = storage { return fusedPoint(beta, design) }
            let margin = try margins(beta)
            var tail = [Double](repeating: 0, count: n)
            let f = objective(beta, margin, tail: &tail)
            return Point(beta: beta, margin: margin, tail: tail, f: f)
        }

        /// Probability of row i at a point: 1/(1 + e) or e/(1 + e) with e = e^(−|marginᵢ|).
        @inline(__always)
        static func probability(margin: Double, tail e: Double) -> Double { margin >= 0 ? 1 / (1 + e) : e / (1 + e) }

        /// ∇f = Xᵀ(c s (p − y)) + β (the intercept not penalised).
        func gradient(_ point: Point) throws -> [Double] {
            var residual = [Double](repeating: 0, count: n)
            for i in 0..<n { residual[i] = c * s[i] * (Self.probability(margin: point.margin[i], tail: point.tail[i]) - y[i]) }
            var gradient = try transposeTimes(residual)
            for j in 0..<d { gradient[j] += point.beta[j] }
            return gradient
        }

        /// ∇²f = Xᵀ diag(c s p (1 − p)) X + I (the intercept not penalised), accumulated in Float32 by sgemm
        /// (several times faster than dgemm here; it only shapes the Newton step, while the gradient that
        /// decides convergence stays in Double). `scratch` holds n × p Float32 values across calls.
        func hessian(_ point: Point, scratch: inout [Float]) throws -> [Double] {
            var rowScale = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let prob = Self.probability(margin: point.margin[i], tail: point.tail[i])
                rowScale[i] = (c * s[i] * prob * (1 - prob)).squareRoot()
            }
            scaleRows(rowScale, into: &scratch)
            var hessianF = [Float](repeating: 0, count: p * p)
            try scratch.withUnsafeBufferPointer { z in
                try hessianF.withUnsafeMutableBufferPointer { h in
                    guard let zb = z.baseAddress, let hb = h.baseAddress else { return }
                    try Gemm.gram(zb, rows: n, columns: p, into: hb)
                }
            }
            var hessian = hessianF.map(Double.init)
            for j in 0..<d { hessian[j * p + j] += 1 }
            return hessian
        }

        /// The fused pass: per row the margin, e^(−|m|), the loss, the residual and the weight c s p (1 − p),
        /// summed into f, ∇f and the upper triangle of ∇²f; the rows split in two halves over two threads when
        /// there are enough of them (the halves' sums are added in a fixed order, so results do not depend on timing).
        func fusedPoint(_ beta: [Double], _ design: [Double]) -> Point {
            let width = 1 + p + p * p
            let b0 = intercept ? beta[p - 1] : 0
            let (y, s, c, p, d, intercept) = (self.y, self.s, self.c, self.p, self.d, self.intercept)
            let work: @Sendable (Int, Int, UnsafeMutablePointer<Double>) -> Void = { from, to, out in
                design.withUnsafeBufferPointer { xs in
                    guard let xb = xs.baseAddress else { return }
                    beta.withUnsafeBufferPointer { b in
                        y.withUnsafeBufferPointer { ys in
                            s.withUnsafeBufferPointer { ss in
                                var loss = 0.0
                                let g = out + 1, h = out + 1 + p
                                for i in from..<to {
                                    let row = xb + i &* d
                                    var m = b0
                                    for j in 0..<d { m += row[j] * b[j] }
                                    let yi = ys[i], si = ss[i]
                                    let signed = yi == 1 ? m : -m
                                    let e = Glibc.exp(-abs(signed))
                                    // log(1 + e) rather than log1p(e): twice as fast, and for e below 1e-16 (where it
                                    // rounds to 0) the term is below one ulp of the sum anyway.
                                    loss += si * (max(-signed, 0) + Glibc.log(1 + e))
                                    let prob = Self.probability(margin: m, tail: e)
                                    let r = c * si * (prob - yi), w = c * si * prob * (1 - prob)
                                    for j in 0..<d {
                                        let xj = row[j], wx = w * xj
                                        g[j] += r * xj
                                        let hj = h + j &* p
                                        for k in j..<d { hj[k] += wx * row[k] }
                                        if intercept { hj[d] += wx }
                                    }
                                    if intercept {
                                        g[d] += r
                                        h[d &* p &+ d] += w
                                    }
                                }
                                out[0] = loss
                            }
                        }
                    }
                }
            }
            let parts = n >= 8192 ? 2 : 1
            var sums = [Double](repeating: 0, count: parts * width)
            sums.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                if parts == 1 {
                    work(0, n, base)
                } else {
                    nonisolated(unsafe) let shared = base   // each thread writes its own block
                    let middle = n / 2
                    DispatchQueue.concurrentPerform(iterations: 2) { part in
                        part == 0 ? work(0, middle, shared) : work(middle, n, shared + width)
                    }
                    for k in 0..<width { shared[k] += shared[width + k] }
                }
            }
            var gradient = Array(sums[1...p]), hessian = Array(sums[(1 + p)..<width])
            for j in 0..<p { for k in 0..<j { hessian[j * p + k] = hessian[k * p + j] } }
            for j in 0..<d {
                gradient[j] += beta[j]
                hessian[j * p + j] += 1
            }
            let penalty = beta.prefix(d).reduce(0) { $0 + $1 * $1 }
            return Point(beta: beta, margin: [], tail: [], f: c * sums[0] + 0.5 * penalty, gradient: gradient, hessian: hessian)
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
