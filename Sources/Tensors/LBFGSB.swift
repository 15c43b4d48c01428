/// L-BFGS-B: limited-memory quasi-Newton minimisation of a smooth function under bounds l ≤ x ≤ u (Byrd, Lu,
/// Nocedal & Zhu, "A limited memory algorithm for bound constrained optimization", SIAM J. Sci. Comput. 16(5),
/// 1995; version 3.0's subspace step, Morales & Nocedal, ACM TOMS 38(1), 2011), as SciPy's `fmin_l_bfgs_b` runs
/// it: each iteration finds the generalized Cauchy point on the projected steepest-descent path of the quadratic
/// model B = θI − W M Wᵀ (W = [Y θS], M = [[−D, Lᵀ], [L, θSᵀS]]⁻¹ from the last `memory` pairs), minimises the
/// model over the variables still free there, and searches along the step with Moré & Thuente's line search
/// (ftol 10⁻³, gtol 0.9, xtol 0.1). Stops when the projected gradient's largest entry is ≤ `pgtol`, when
/// (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ factr·ε, or at `maxIterations` / more than `maxEvaluations`.
public struct LBFGSB: Sendable {
    /// Why the minimisation stopped.
    public enum Stop: String, Sendable {
        case projectedGradient = "the projected gradient is at most pgtol"
        case relativeReduction = "the relative reduction of f is at most factr·ε"
        case iterations = "the iteration limit was reached"
        case evaluations = "the evaluation limit was exceeded"
        case lineSearch = "the line search found no lower point"
    }

    /// The minimiser found and how it was reached.
    public struct Result: Sendable {
        /// The last iterate.
        public let x: [Double]
        /// f(x).
        public let value: Double
        /// ∇f(x).
        public let gradient: [Double]
        /// Iterations completed.
        public let iterations: Int
        /// Evaluations of f and ∇f.
        public let evaluations: Int
        /// Why it stopped.
        public let stop: Stop
        /// f at the start and after each iteration.
        public let history: [Double]
    }

    /// Pairs (s, y) kept (SciPy's m, 10).
    public var memory: Int
    /// The relative-reduction tolerance in multiples of machine ε (SciPy's factr, 10⁷).
    public var factr: Double
    /// The projected-gradient tolerance (SciPy's pgtol, 10⁻⁵).
    public var pgtol: Double
    /// Iterations allowed.
    public var maxIterations: Int
    /// Evaluations after which no new iteration starts (checked, as SciPy does, when an iteration ends).
    public var maxEvaluations: Int
    /// Evaluations allowed in one line search (SciPy's maxls, 20).
    public var maxLineSearch: Int

    /// A minimiser with SciPy's defaults.
    public init(memory: Int = 10, factr: Double = 1e7, pgtol: Double = 1e-5, maxIterations: Int = 15000,
                maxEvaluations: Int = 15000, maxLineSearch: Int = 20) throws {
        guard memory > 0, maxLineSearch > 0, maxIterations >= 0, maxEvaluations >= 0 else {
            throw TensorError.invalid("L-BFGS-B: memory and maxls must be positive, the limits at least 0")
        }
        guard factr >= 0, pgtol >= 0 else { throw TensorError.invalid("L-BFGS-B: factr and pgtol must be at least 0") }
        self.memory = memory
        self.factr = factr
        self.pgtol = pgtol
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations
        self.maxLineSearch = maxLineSearch
    }

    /// Minimises `objective` (returning f and ∇f) from `x0` (clipped into the bounds); `lower` and `upper` hold
    /// −∞ / +∞ for unbounded variables, nil for none at all.
    public func minimize(_ x0: [Double], lower: [Double]? = nil, upper: [Double]? = nil,
                         _ objective: ([Double]) throws -> (value: Double, gradient: [Double])) throws -> Result {
        try run(x0, try Box(x0.count, lower: lower, upper: upper), cost: 1, objective)
    }

    /// Minimises `f` alone, its gradient taken by forward differences as SciPy's `approx_grad=True` takes them:
    /// ∂f/∂xᵢ ≈ (f(x + hᵢeᵢ) − f(x)) / ((xᵢ + hᵢ) − xᵢ), hᵢ = `step` reversed where x + h leaves the box (cut to
    /// the room left where it does not fit); each point costs 1 + n evaluations, as SciPy counts them.
    public func minimize(_ x0: [Double], lower: [Double]? = nil, upper: [Double]? = nil, differenceStep step: Double,
                         _ f: ([Double]) throws -> Double) throws -> Result {
        let n = x0.count, box = try Box(n, lower: lower, upper: upper)
        guard step > 0 && step.isFinite else { throw TensorError.invalid("L-BFGS-B: the difference step must be positive, got \(step)") }
        return try run(x0, box, cost: 1 + n) { x in
            let f0 = try f(x)
            var g = [Double](repeating: 0, count: n), probe = x
            for i in 0..<n {
                var h = (x[i] + step) - x[i] == 0 ? Double.ulpOfOne.squareRoot() * (x[i] >= 0 ? 1 : -1) * max(1, abs(x[i])) : step
                let below = x[i] - box.lower[i], above = box.upper[i] - x[i]
                if abs(h) <= max(below, above) {
                    if x[i] + h < box.lower[i] || x[i] + h > box.upper[i] { h = -h }
                } else {
                    h = above >= below ? above : -below
                }
                probe[i] = x[i] + h
                g[i] = (try f(probe) - f0) / (probe[i] - x[i])
                probe[i] = x[i]
            }
            return (f0, g)
        }
    }

    /// The iterations, each call of `objective` counted as `cost` evaluations.
    func run(_ x0: [Double], _ box: Box, cost: Int, _ objective: ([Double]) throws -> (value: Double, gradient: [Double])) throws -> Result {
        let n = x0.count
        guard !x0.contains(where: { !$0.isFinite }) else { throw TensorError.invalid("L-BFGS-B: the starting point has a non-finite value") }
        var evaluations = 0
        func evaluate(_ x: [Double]) throws -> (Double, [Double]) {
            let (f, g) = try objective(x)
            guard g.count == n else { throw TensorError.invalid("L-BFGS-B: the gradient has \(g.count) values for \(n) variables") }
            evaluations += cost
            return (f, g)
        }
        var x = box.clip(x0)
        var (f, g) = try evaluate(x)
        var history = [f]
        var pairs = CorrectionPairs(memory: memory)
        var iterations = 0
        func result(_ stop: Stop) -> Result {
            Result(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations, stop: stop, history: history)
        }
        if box.projectedGradientNorm(x, g) <= pgtol { return result(.projectedGradient) }
        while true {
            let z: [Double]
            do {
                z = try direction(x, g, box, pairs)
            } catch is NotPositiveDefinite {
                pairs = CorrectionPairs(memory: memory)   // SciPy refreshes the memory and restarts the iteration
                continue
            }
            let d = zip(z, x).map { $0 - $1 }
            guard let step = try lineSearch(x, f, g, d, z, box, first: iterations == 0, evaluate) else {
                if pairs.count == 0 { return result(.lineSearch) }
                pairs = CorrectionPairs(memory: memory)
                continue
            }
            let fold = f
            x = step.x
            f = step.f
            let gold = g
            g = step.g
            iterations += 1
            history.append(f)
            if iterations >= maxIterations { return result(.iterations) }
            if evaluations > maxEvaluations { return result(.evaluations) }
            if box.projectedGradientNorm(x, g) <= pgtol { return result(.projectedGradient) }
            if fold - f <= factr * Double.ulpOfOne * max(abs(fold), abs(f), 1) { return result(.relativeReduction) }
            // The pair s = stp·d, y = ∇f_{k+1} − ∇f_k, kept when sᵀy > ε·(−stp·∇f_kᵀd).
            let s = d.map { step.stp * $0 }, y = zip(g, gold).map { $0 - $1 }
            let dr = (step.gd - step.gdold) * step.stp
            if dr > Double.ulpOfOne * (-step.gdold * step.stp) { pairs.append(s, y, sy: dr) }
        }
    }

    /// The point the line search heads for: the generalized Cauchy point, improved by subspace minimisation
    /// over its free variables once there are correction pairs (without bounds, the quasi-Newton step).
    func direction(_ x: [Double], _ g: [Double], _ box: Box, _ pairs: CorrectionPairs) throws -> [Double] {
        let model = try pairs.model()
        if !box.constrained, let model {
            return try subspaceMinimum(x, g, cauchy: x, c: Array(repeating: 0, count: 2 * pairs.count), free: Array(x.indices), box, model)
        }
        let (xcp, c, free) = try cauchyPoint(x, g, box, model)
        guard let model, !free.isEmpty else { return xcp }
        return try subspaceMinimum(x, g, cauchy: xcp, c: c, free: free, box, model)
    }

    /// The first local minimiser of the quadratic model along the projected path x(t) = P(x − t∇f) (the
    /// breakpoints in increasing order), c = Wᵀ(x_cp − x), and the variables not at a bound there.
    func cauchyPoint(_ x: [Double], _ g: [Double], _ box: Box, _ model: CompactModel?) throws -> (xcp: [Double], c: [Double], free: [Int]) {
        let n = x.count, width = 2 * (model?.count ?? 0)
        var xcp = x, d = [Double](repeating: 0, count: n)
        var fixed = [Bool](repeating: false, count: n)
        var p = [Double](repeating: 0, count: width), c = [Double](repeating: 0, count: width)
        var breakpoints: [(t: Double, i: Int)] = []
        var f1 = 0.0, bounded = true, moving = false
        for i in 0..<n {
            let neggi = -g[i]
            let atLower = box.hasLower[i] && x[i] - box.lower[i] <= 0, atUpper = box.hasUpper[i] && box.upper[i] - x[i] <= 0
            if box.lower[i] == box.upper[i] || (atLower && neggi <= 0) || (!atLower && atUpper && neggi >= 0) {
                fixed[i] = true
                continue
            }
            if neggi == 0 { continue }
            moving = true
            d[i] = neggi
            f1 -= neggi * neggi
            if let model { model.addRow(i, times: neggi, to: &p) }
            if box.hasLower[i] && neggi < 0 {
                breakpoints.append(((x[i] - box.lower[i]) / -neggi, i))
            } else if box.hasUpper[i] && neggi > 0 {
                breakpoints.append(((box.upper[i] - x[i]) / neggi, i))
            } else {
                bounded = false
            }
        }
        func freeIndices() -> [Int] { (0..<n).filter { !fixed[$0] } }
        guard moving else { return (xcp, c, freeIndices()) }
        var f2 = -(model?.theta ?? 1) * f1 - (try model.map { dot(p, try $0.product(p)) } ?? 0)
        let f2Original = f2
        var dtm = -f1 / f2, tsum = 0.0, tj = 0.0
        breakpoints.sort { $0.t != $1.t ? $0.t < $1.t : $0.i < $1.i }
        for (k, (t, b)) in breakpoints.enumerated() {
            let dt = t - tj
            tj = t
            if dtm < dt { break }
            tsum += dt
            let dibp = d[b]
            d[b] = 0
            let zibp: Double
            if dibp > 0 { zibp = box.upper[b] - x[b]; xcp[b] = box.upper[b] } else { zibp = box.lower[b] - x[b]; xcp[b] = box.lower[b] }
            fixed[b] = true
            let left = breakpoints.count - k - 1
            if left == 0 && breakpoints.count == n {
                if model != nil { for j in 0..<width { c[j] += dt * p[j] } }
                return (xcp, c, freeIndices())
            }
            let theta = model?.theta ?? 1
            f1 += dt * f2 + dibp * dibp - theta * dibp * zibp
            f2 -= theta * dibp * dibp
            if let model {
                for j in 0..<width { c[j] += dt * p[j] }
                let wbp = model.row(b), v = try model.product(wbp)
                let wmc = dot(c, v), wmp = dot(p, v), wmw = dot(wbp, v)
                for j in 0..<width { p[j] -= dibp * wbp[j] }
                f1 += dibp * wmc
                f2 += 2 * dibp * wmp - dibp * dibp * wmw
            }
            f2 = max(Double.ulpOfOne * f2Original, f2)
            if left > 0 { dtm = -f1 / f2 } else if bounded { dtm = 0 } else { dtm = -f1 / f2 }
        }
        dtm = max(dtm, 0)
        tsum += dtm
        for i in 0..<n { xcp[i] += tsum * d[i] }
        if model != nil { for j in 0..<width { c[j] += dtm * p[j] } }
        return (xcp, c, freeIndices())
    }

    /// The minimiser of the quadratic model over the free variables from the Cauchy point, d = B̂⁻¹r with B̂ the
    /// reduced model (by Sherman–Morrison–Woodbury), projected into the bounds; when that projection is not a
    /// descent direction from x, the longest feasible step toward it from the Cauchy point (version 3.0).
    func subspaceMinimum(_ x: [Double], _ g: [Double], cauchy xcp: [Double], c: [Double], free: [Int], _ box: Box,
                         _ model: CompactModel) throws -> [Double] {
        let theta = model.theta, width = 2 * model.count
        // r = −Zᵀ(∇f + θ(x_cp − x) − W M c), the reduced negative gradient of the model at x_cp.
        let mc = try model.product(c)
        var r = free.map { i -> Double in
            let row = model.row(i)
            return -g[i] - theta * (xcp[i] - x[i]) + dot(row, mc)
        }
        // d = r/θ + A (K − AᵀA/θ)⁻¹ Aᵀ r / θ², A = Zᵀ W.
        var atr = [Double](repeating: 0, count: width)
        for (k, i) in free.enumerated() { model.addRow(i, times: r[k], to: &atr) }
        let u = try model.reduced(free: free).solve(atr)
        for (k, i) in free.enumerated() { r[k] = r[k] / theta + dot(model.row(i), u) / (theta * theta) }
        var candidate = xcp
        for (k, i) in free.enumerated() { candidate[i] = box.clip(xcp[i] + r[k], i) }
        var slope = 0.0
        for i in x.indices { slope += (candidate[i] - x[i]) * g[i] }
        guard slope > 0 else { return candidate }
        var alpha = 1.0, blocking: Int?
        for (k, i) in free.enumerated() {
            var limit = alpha
            if r[k] < 0 && box.hasLower[i] {
                let room = box.lower[i] - xcp[i]
                if room >= 0 { limit = 0 } else if r[k] * alpha < room { limit = room / r[k] }
            } else if r[k] > 0 && box.hasUpper[i] {
                let room = box.upper[i] - xcp[i]
                if room <= 0 { limit = 0 } else if r[k] * alpha > room { limit = room / r[k] }
            }
            if limit < alpha { alpha = limit; blocking = k }
        }
        var out = xcp
        if alpha < 1, let k = blocking {
            let i = free[k]
            out[i] = r[k] > 0 ? box.upper[i] : box.lower[i]
            r[k] = 0
        }
        for (k, i) in free.enumerated() { out[i] += alpha * r[k] }
        return out
    }

    /// A point accepted by the line search along d, with the directional derivatives ∇fᵀd before and after.
    struct Step {
        let x: [Double], f: Double, g: [Double], stp: Double, gd: Double, gdold: Double
    }

    /// Moré–Thuente along x + stp·d (stp ≤ the largest feasible step; the first iteration starts at
    /// min(1/‖d‖, 1) unless every variable is boxed, later ones at 1); nil when d is not a descent direction
    /// or `maxLineSearch` evaluations find no acceptable point.
    func lineSearch(_ x: [Double], _ f: Double, _ g: [Double], _ d: [Double], _ z: [Double], _ box: Box, first: Bool,
                    _ evaluate: ([Double]) throws -> (Double, [Double])) throws -> Step? {
        let gdold = dot(g, d)
        guard gdold < 0 else { return nil }
        var stpmax = 1e10
        if box.constrained {
            if first {
                stpmax = 1
            } else {
                for i in d.indices {
                    if d[i] < 0 && box.hasLower[i] {
                        let room = box.lower[i] - x[i]
                        if room >= 0 { stpmax = 0 } else if d[i] * stpmax < room { stpmax = room / d[i] }
                    } else if d[i] > 0 && box.hasUpper[i] {
                        let room = box.upper[i] - x[i]
                        if room <= 0 { stpmax = 0 } else if d[i] * stpmax > room { stpmax = room / d[i] }
                    }
                }
            }
        }
        let norm = dot(d, d).squareRoot()
        var stp = first && !box.boxed ? min(1 / norm, stpmax) : 1
        var search = MoreThuente(f: f, g: gdold, stp: &stp, stpmax: stpmax)
        for _ in 0..<maxLineSearch {
            let trial = stp == 1 ? z : zip(x, d).map { $0 + stp * $1 }
            let (ft, gt) = try evaluate(trial)
            let gd = dot(gt, d)
            if search.accepts(f: ft, g: gd, stp: &stp) { return Step(x: trial, f: ft, g: gt, stp: stp, gd: gd, gdold: gdold) }
        }
        return nil
    }
}

/// A Cholesky factorisation failed: the correction pairs are discarded.
struct NotPositiveDefinite: Error {}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}

/// The bounds: which variables have a lower or upper bound, and the projection onto the box.
struct Box {
    let lower: [Double], upper: [Double], hasLower: [Bool], hasUpper: [Bool]
    /// Some variable has a bound.
    let constrained: Bool
    /// Every variable has both bounds.
    let boxed: Bool

    init(_ n: Int, lower: [Double]?, upper: [Double]?) throws {
        let lower = lower ?? Array(repeating: -.infinity, count: n), upper = upper ?? Array(repeating: .infinity, count: n)
        guard lower.count == n, upper.count == n else {
            throw TensorError.invalid("L-BFGS-B: \(n) variables but \(lower.count) lower and \(upper.count) upper bounds")
        }
        for i in 0..<n where lower[i].isNaN || upper[i].isNaN || lower[i] > upper[i] {
            throw TensorError.invalid("L-BFGS-B: variable \(i + 1) has the bounds [\(lower[i]), \(upper[i])]")
        }
        self.lower = lower
        self.upper = upper
        hasLower = lower.map(\.isFinite)
        hasUpper = upper.map(\.isFinite)
        constrained = hasLower.contains(true) || hasUpper.contains(true)
        boxed = zip(hasLower, hasUpper).allSatisfy { $0 && $1 }
    }

    func clip(_ v: Double, _ i: Int) -> Double { min(max(v, lower[i]), upper[i]) }

    func clip(_ x: [Double]) -> [Double] { x.indices.map { clip(x[$0], $0) } }

    /// max |P(x − ∇f) − x| componentwise, as SciPy's projgr.
    func projectedGradientNorm(_ x: [Double], _ g: [Double]) -> Double {
        var norm = 0.0
        for i in x.indices {
            var gi = g[i]
            if gi < 0 { if hasUpper[i] { gi = max(x[i] - upper[i], gi) } } else if hasLower[i] { gi = min(x[i] - lower[i], gi) }
            norm = max(norm, abs(gi))
        }
        return norm
    }
}

/// The last `memory` correction pairs sᵢ = x_{i+1} − xᵢ, yᵢ = ∇f_{i+1} − ∇fᵢ, oldest first.
struct CorrectionPairs {
    let memory: Int
    var s: [[Double]] = [], y: [[Double]] = [], sy: [Double] = []
    var count: Int { s.count }

    init(memory: Int) { self.memory = memory }

    mutating func append(_ s: [Double], _ y: [Double], sy: Double) {
        if count == memory { self.s.removeFirst(); self.y.removeFirst(); self.sy.removeFirst() }
        self.s.append(s)
        self.y.append(y)
        self.sy.append(sy)
    }

    /// The compact model, nil before the first pair.
    func model() throws -> CompactModel? { count == 0 ? nil : try CompactModel(self) }
}

/// B = θI − W M Wᵀ with W = [Y θS] and M = K⁻¹, K = [[−D, Lᵀ], [L, θSᵀS]] (D = diag sᵢᵀyᵢ, L_ij = sᵢᵀy_j for
/// i > j), θ = yᵀy / sᵀy of the newest pair.
struct CompactModel {
    let pairs: CorrectionPairs
    let theta: Double
    let k: QuasiDefinite
    var count: Int { pairs.count }

    init(_ pairs: CorrectionPairs) throws {
        self.pairs = pairs
        let m = pairs.count
        guard let last = pairs.y.last else { throw NotPositiveDefinite() }
        theta = dot(last, last) / pairs.sy[m - 1]
        var d = [Double](repeating: 0, count: m * m), l = d, ss = d
        for i in 0..<m {
            d[i * m + i] = pairs.sy[i]
            for j in 0..<m {
                if i > j { l[i * m + j] = dot(pairs.s[i], pairs.y[j]) }
                ss[i * m + j] = theta * dot(pairs.s[i], pairs.s[j])
            }
        }
        k = try QuasiDefinite(p: d, q: l, r: ss, k: m)
    }

    /// Row i of W: (y₁ᵢ … y_mᵢ, θs₁ᵢ … θs_mᵢ).
    func row(_ i: Int) -> [Double] { pairs.y.map { $0[i] } + pairs.s.map { theta * $0[i] } }

    /// v += a · (row i of W).
    func addRow(_ i: Int, times a: Double, to v: inout [Double]) {
        let m = count
        for j in 0..<m {
            v[j] += a * pairs.y[j][i]
            v[m + j] += a * theta * pairs.s[j][i]
        }
    }

    /// M v.
    func product(_ v: [Double]) throws -> [Double] { try k.solve(v) }

    /// K − AᵀA/θ for A the rows of W at the free variables: [[−(D + Y_FᵀY_F/θ), (L − S_FᵀY_F)ᵀ], [L − S_FᵀY_F, θS_AᵀS_A]].
    func reduced(free: [Int]) throws -> QuasiDefinite {
        let m = count, n = pairs.s.first?.count ?? 0
        var isFree = [Bool](repeating: false, count: n)
        for i in free { isFree[i] = true }
        var p = [Double](repeating: 0, count: m * m), q = p, r = p
        for i in 0..<m {
            for j in 0..<m {
                var yy = 0.0, syf = 0.0, ssa = 0.0
                for v in 0..<n {
                    if isFree[v] {
                        yy += pairs.y[i][v] * pairs.y[j][v]
                        syf += pairs.s[i][v] * pairs.y[j][v]
                    } else {
                        ssa += pairs.s[i][v] * pairs.s[j][v]
                    }
                }
                p[i * m + j] = (i == j ? pairs.sy[i] : 0) + yy / theta
                q[i * m + j] = (i > j ? dot(pairs.s[i], pairs.y[j]) : 0) - syf
                r[i * m + j] = theta * ssa
            }
        }
        return try QuasiDefinite(p: p, q: q, r: r, k: m)
    }
}

/// The symmetric quasi-definite system [[−P, Qᵀ], [Q, R]] (k × k blocks, P and R + Q P⁻¹ Qᵀ positive
/// definite) solved by block elimination with two Cholesky factors, as SciPy's formt and formk factor it.
struct QuasiDefinite {
    let p: Cholesky, schur: Cholesky, q: [Double], k: Int

    init(p: [Double], q: [Double], r: [Double], k: Int) throws {
        do {
            let pc = try Cholesky(p, k)
            var s = r
            for j in 0..<k {
                let z = try pc.solve((0..<k).map { q[j * k + $0] })           // P⁻¹ (row j of Q)ᵀ
                for i in 0..<k { s[i * k + j] += (0..<k).reduce(0) { $0 + q[i * k + $1] * z[$1] } }
            }
            self.p = pc
            schur = try Cholesky(s, k)
        } catch {
            throw NotPositiveDefinite()
        }
        self.q = q
        self.k = k
    }

    /// [a; b] with −P a + Qᵀ b = v₁ and Q a + R b = v₂: b = (R + QP⁻¹Qᵀ)⁻¹(v₂ + QP⁻¹v₁), a = P⁻¹(Qᵀb − v₁).
    func solve(_ v: [Double]) throws -> [Double] {
        let v1 = Array(v[0..<k]), v2 = Array(v[k..<(2 * k)])
        let pv1 = try p.solve(v1)
        let b = try schur.solve((0..<k).map { i in v2[i] + (0..<k).reduce(0) { $0 + q[i * k + $1] * pv1[$1] } })
        let a = try p.solve((0..<k).map { j in (0..<k).reduce(0) { $0 + q[$1 * k + j] * b[$1] } - v1[j] })
        return a + b
    }
}

/// Moré & Thuente's line search (MINPACK-2 dcsrch and dcstep; ACM TOMS 20(3), 1994) for the sufficient-decrease
/// and curvature conditions f(stp) ≤ f(0) + ftol·stp·f'(0), |f'(stp)| ≤ gtol·|f'(0)|, with SciPy's L-BFGS-B
/// settings ftol 10⁻³, gtol 0.9, xtol 0.1 and stpmin 0.
struct MoreThuente {
    let ftol = 1e-3, gtol = 0.9, xtol = 0.1, stpmin = 0.0, stpmax: Double
    let finit: Double, ginit: Double, gtest: Double
    var brackt = false, stage1 = true
    var width: Double, width1: Double
    var stx = 0.0, fx: Double, gx: Double, sty = 0.0, fy: Double, gy: Double
    var stmin = 0.0, stmax: Double

    /// The search from f(0) = f, f'(0) = g < 0, starting at `stp` (capped at stpmax).
    init(f: Double, g: Double, stp: inout Double, stpmax: Double) {
        stp = min(max(stp, stpmin), stpmax)
        self.stpmax = stpmax
        finit = f
        ginit = g
        gtest = ftol * g
        width = stpmax - stpmin
        width1 = width / 0.5
        fx = f; gx = g; fy = f; gy = g
        stmax = stp + 4 * stp
    }

    /// Takes f and f' at `stp`: true when stp is accepted (the conditions hold, or no better step can be
    /// found), otherwise sets the next trial `stp`.
    mutating func accepts(f: Double, g: Double, stp: inout Double) -> Bool {
        let ftest = finit + stp * gtest
        if stage1 && f <= ftest && g >= 0 { stage1 = false }
        if brackt && (stp <= stmin || stp >= stmax) { return true }
        if brackt && stmax - stmin <= xtol * stmax { return true }
        if stp == stpmax && f <= ftest && g <= gtest { return true }
        if stp == stpmin && (f > ftest || g >= gtest) { return true }
        if f <= ftest && abs(g) <= gtol * -ginit { return true }
        if stage1 && f <= fx && f > ftest {
            // The modified function ψ(stp) = f(stp) − f(0) − gtest·stp while no step has met the conditions.
            var fxm = fx - stx * gtest, fym = fy - sty * gtest, gxm = gx - gtest, gym = gy - gtest
            Self.step(&stx, &fxm, &gxm, &sty, &fym, &gym, &stp, f - stp * gtest, g - gtest, &brackt, stmin, stmax)
            fx = fxm + stx * gtest; fy = fym + sty * gtest; gx = gxm + gtest; gy = gym + gtest
        } else {
            Self.step(&stx, &fx, &gx, &sty, &fy, &gy, &stp, f, g, &brackt, stmin, stmax)
        }
        if brackt {
            if abs(sty - stx) >= 0.66 * width1 { stp = stx + 0.5 * (sty - stx) }
            width1 = width
            width = abs(sty - stx)
            stmin = min(stx, sty)
            stmax = max(stx, sty)
        } else {
            stmin = stp + 1.1 * (stp - stx)
            stmax = stp + 4 * (stp - stx)
        }
        stp = min(max(stp, stpmin), stpmax)
        if brackt && (stp <= stmin || stp >= stmax) || brackt && stmax - stmin <= xtol * stmax { stp = stx }
        return false
    }

    /// dcstep: a safeguarded cubic or quadratic step from the interval [stx, sty] and the trial stp, within
    /// [stpmin, stpmax], updating the interval.
    static func step(_ stx: inout Double, _ fx: inout Double, _ dx: inout Double, _ sty: inout Double, _ fy: inout Double,
                     _ dy: inout Double, _ stp: inout Double, _ fp: Double, _ dp: Double, _ brackt: inout Bool,
                     _ stpmin: Double, _ stpmax: Double) {
        let sgnd = dp * (dx / abs(dx))
        let stpf: Double
        func cubicGamma(_ theta: Double, _ a: Double, _ b: Double, clamp: Bool) -> Double {
            let s = max(abs(theta), abs(a), abs(b))
            let inner = (theta / s) * (theta / s) - (a / s) * (b / s)
            return s * (clamp ? max(0, inner) : inner).squareRoot()
        }
        if fp > fx {
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            var gamma = cubicGamma(theta, dx, dp, clamp: false)
            if stp < stx { gamma = -gamma }
            let p = (gamma - dx) + theta, q = ((gamma - dx) + gamma) + dp
            let stpc = stx + p / q * (stp - stx)
            let stpq = stx + dx / ((fx - fp) / (stp - stx) + dx) / 2 * (stp - stx)
            stpf = abs(stpc - stx) < abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2
            brackt = true
        } else if sgnd < 0 {
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            var gamma = cubicGamma(theta, dx, dp, clamp: false)
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta, q = ((gamma - dp) + gamma) + dx
            let stpc = stp + p / q * (stx - stp), stpq = stp + dp / (dp - dx) * (stx - stp)
            stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
            brackt = true
        } else if abs(dp) < abs(dx) {
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            var gamma = cubicGamma(theta, dx, dp, clamp: true)
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta, q = (gamma + (dx - dp)) + gamma, r = p / q
            let stpc = r < 0 && gamma != 0 ? stp + r * (stx - stp) : (stp > stx ? stpmax : stpmin)
            let stpq = stp + dp / (dp - dx) * (stx - stp)
            if brackt {
                let nearer = abs(stpc - stp) < abs(stpq - stp) ? stpc : stpq
                stpf = stp > stx ? min(stp + 0.66 * (sty - stp), nearer) : max(stp + 0.66 * (sty - stp), nearer)
            } else {
                stpf = min(stpmax, max(stpmin, abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq))
            }
        } else if brackt {
            let theta = 3 * (fp - fy) / (sty - stp) + dy + dp
            var gamma = cubicGamma(theta, dy, dp, clamp: false)
            if stp > sty { gamma = -gamma }
            let p = (gamma - dp) + theta, q = ((gamma - dp) + gamma) + dy
            stpf = stp + p / q * (sty - stp)
        } else {
            stpf = stp > stx ? stpmax : stpmin
        }
        if fp > fx {
            sty = stp; fy = fp; dy = dp
        } else {
            if sgnd < 0 { sty = stx; fy = fx; dy = dx }
            stx = stp; fx = fp; dx = dp
        }
        stp = stpf
    }
}
