import Datasets
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Parameter update rules (MXNet's SGD, Adam, AdamW, RMSProp), applied in place to the parameters'
/// values from their accumulated gradients.
public final class Optimizer {
    /// The rule and its settings.
    public enum Rule: Sendable, Equatable {
        case sgd(momentum: Double, nesterov: Bool)
        case adam(beta1: Double, beta2: Double, eps: Double)
        case adamW(beta1: Double, beta2: Double, eps: Double)
        case rmsProp(rho: Double, eps: Double)
    }

    /// The rules by MXNet's name.
    public enum Kind: String, CaseIterable, Sendable {
        case sgd = "SGD", adam = "Adam", adamW = "AdamW", rmsProp = "RMSProp"
    }

    /// Every rule's settings with MXNet's defaults (each rule reads its own).
    public struct Settings: Sendable {
        /// The learning rate (1e-3) and L2 weight decay (0).
        public var learningRate = 1e-3, weightDecay = 0.0
        /// SGD's momentum (0) and whether it is Nesterov's (false).
        public var momentum = 0.0, nesterov = false
        /// Adam's moment decays (0.9, 0.999).
        public var betas = (0.9, 0.999)
        /// RMSProp's decay (0.9).
        public var rho = 0.9
        /// The denominator's guard of Adam and RMSProp (1e-8).
        public var eps = 1e-8
        /// The defaults.
        public init() {}
    }

    /// The rule.
    public let rule: Rule
    /// The learning rate (a schedule may change it each epoch).
    public var learningRate: Double
    /// L2 weight decay (decoupled for AdamW).
    public let weightDecay: Double
    /// Per-parameter moment buffers, updated in place (a class, so the dictionary never copies them).
    private final class Moments {
        var first: [Float]
        var second: [Float]
        init(count: Int) {
            first = [Float](repeating: 0, count: count)
            second = [Float](repeating: 0, count: count)
        }
    }
    private var moments: [ObjectIdentifier: Moments] = [:]
    private var steps = 0

    /// An optimiser; rates and decays are checked.
    public init(_ rule: Rule, learningRate: Double, weightDecay: Double = 0) throws {
        guard learningRate > 0, learningRate.isFinite else { throw LearningError.invalid("optimizer: lr must be positive, got \(learningRate)") }
        guard weightDecay >= 0 else { throw LearningError.invalid("optimizer: weight_decay must be ≥ 0, got \(weightDecay)") }
        switch rule {
        case let .sgd(momentum, _):
            guard momentum >= 0 && momentum < 1 else { throw LearningError.invalid("SGD: momentum must be in [0, 1), got \(momentum)") }
        case let .adam(b1, b2, eps), let .adamW(b1, b2, eps):
            guard b1 >= 0 && b1 < 1, b2 >= 0 && b2 < 1, eps > 0 else { throw LearningError.invalid("Adam: betas must be in [0, 1) and eps > 0") }
        case let .rmsProp(rho, eps):
            guard rho >= 0 && rho < 1, eps > 0 else { throw LearningError.invalid("RMSProp: rho must be in [0, 1) and eps > 0") }
        }
        self.rule = rule
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    /// The rule `kind` with `settings`.
    public convenience init(_ kind: Kind, _ settings: Settings = Settings()) throws {
        let s = settings
        let rule: Rule = switch kind {
        case .sgd: .sgd(momentum: s.momentum, nesterov: s.nesterov)
        case .adam: .adam(beta1: s.betas.0, beta2: s.betas.1, eps: s.eps)
        case .adamW: .adamW(beta1: s.betas.0, beta2: s.betas.1, eps: s.eps)
        case .rmsProp: .rmsProp(rho: s.rho, eps: s.eps)
        }
        try self.init(rule, learningRate: s.learningRate, weightDecay: s.weightDecay)
    }

    /// One update of every parameter with a gradient, the gradient scaled by `scale` (1 / batch size);
    /// gradients are cleared afterwards.
    public func step(_ parameters: [Tensor], scale: Double) {
        steps += 1
        let lr = Float(learningRate), wd = Float(weightDecay), s = Float(scale)
        for w in parameters {
            guard let grad = w.grad?.storage, grad.count == w.numel else { continue }
            let key = ObjectIdentifier(w)
            let state = moments[key] ?? Moments(count: grad.count)
            moments[key] = state
            grad.withUnsafeBufferPointer { g in
                state.first.withUnsafeMutableBufferPointer { m in
                    state.second.withUnsafeMutableBufferPointer { v in
                        w.withMutableValues { x in update(x, g, m, v, lr: lr, wd: wd, scale: s) }
                    }
                }
            }
            w.zeroGrad()
        }
    }

    /// The rule applied to one parameter's values `x` with gradient `g` and moment buffers `m`, `v`.
    private func update(_ x: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ m: UnsafeMutableBufferPointer<Float>,
                        _ v: UnsafeMutableBufferPointer<Float>, lr: Float, wd: Float, scale s: Float) {
        let n = min(x.count, g.count, m.count, v.count)
        switch rule {
        case let .sgd(momentum, nesterov):
            let mu = Float(momentum)
            for i in 0..<n {
                let grad = g[i] * s + wd * x[i]
                if mu == 0 { x[i] -= lr * grad; continue }
                m[i] = mu * m[i] + grad
                x[i] -= lr * (nesterov ? grad + mu * m[i] : m[i])
            }
        case let .adam(b1, b2, eps):
            adam(x, g, m, v, count: n, beta1: b1, beta2: b2, eps: eps, scale: s, coupledDecay: wd, decoupledDecay: 0)
        case let .adamW(b1, b2, eps):
            adam(x, g, m, v, count: n, beta1: b1, beta2: b2, eps: eps, scale: s, coupledDecay: 0, decoupledDecay: lr * wd)
        case let .rmsProp(rho, eps):
            let r = Float(rho), feps = Float(eps)
            for i in 0..<n {
                let grad = g[i] * s + wd * x[i]
                m[i] = r * m[i] + (1 - r) * grad * grad
                x[i] -= lr * grad / (m[i].squareRoot() + feps)
            }
        }
    }
}

extension Optimizer {
    /// Adam (Kingma & Ba 2015) on the first `count` values: with grad = g·scale + coupledDecay·x,
    /// m ← β₁m + (1 − β₁)grad, v ← β₂v + (1 − β₂)grad², x ← x − lr·(m / c₁) / (√(v / c₂) + eps) with cᵢ = 1 − βᵢᵗ,
    /// written as one multiply and one divide per element; then x ← x − decoupledDecay·x when it is non-zero
    /// (AdamW, Loshchilov & Hutter 2019). Eight lanes at a time, the same operations in the same order per element
    /// as the scalar tail, so the result does not depend on where a value falls.
    private func adam(_ x: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ m: UnsafeMutableBufferPointer<Float>,
                      _ v: UnsafeMutableBufferPointer<Float>, count n: Int, beta1 b1: Double, beta2 b2: Double, eps: Double,
                      scale s: Float, coupledDecay wd: Float, decoupledDecay dd: Float) {
        guard n > 0, let xp = x.baseAddress, let gp = g.baseAddress, let mp = m.baseAddress, let vp = v.baseAddress else { return }
        let c1 = 1 - Glibc.pow(b1, Double(steps)), c2 = 1 - Glibc.pow(b2, Double(steps))
        let alpha = Float(learningRate / c1 * c2.squareRoot()), feps = Float(eps * c2.squareRoot())
        let fb1 = Float(b1), fb2 = Float(b2)
        typealias Lanes = SIMD8<Float>
        var i = 0
        while i + 8 <= n {
            let xr = UnsafeMutableRawPointer(xp + i), mr = UnsafeMutableRawPointer(mp + i), vr = UnsafeMutableRawPointer(vp + i)
            var xv = xr.loadUnaligned(as: Lanes.self)
            let grad = UnsafeRawPointer(gp + i).loadUnaligned(as: Lanes.self) * s + wd * xv
            let mv = fb1 * mr.loadUnaligned(as: Lanes.self) + (1 - fb1) * grad
            let vv = fb2 * vr.loadUnaligned(as: Lanes.self) + (1 - fb2) * grad * grad
            xv -= alpha * mv / (vv.squareRoot() + feps)
            if dd != 0 { xv -= dd * xv }
            mr.storeBytes(of: mv, as: Lanes.self)
            vr.storeBytes(of: vv, as: Lanes.self)
            xr.storeBytes(of: xv, as: Lanes.self)
            i += 8
        }
        while i < n {
            let grad = gp[i] * s + wd * xp[i]
            mp[i] = fb1 * mp[i] + (1 - fb1) * grad
            vp[i] = fb2 * vp[i] + (1 - fb2) * grad * grad
            xp[i] -= alpha * mp[i] / (vp[i].squareRoot() + feps)
            if dd != 0 { xp[i] -= dd * xp[i] }
            i += 1
        }
    }
}

/// Learning-rate schedules by epoch (0-based).
public enum Schedule: Sendable, Equatable {
    /// Multiply the rate by `factor` every `stepSize` epochs.
    case step(stepSize: Int, factor: Double)
    /// Cosine decay from the base rate to `minimum` over `epochs` epochs.
    case cosine(epochs: Int, minimum: Double)

    /// The rate for `epoch` given the base rate.
    public func rate(base: Double, epoch: Int) -> Double {
        switch self {
        case let .step(size, factor): return base * Glibc.pow(factor, Double(epoch / max(size, 1)))
        case let .cosine(epochs, minimum):
            let t = min(Double(epoch) / Double(max(epochs, 1)), 1)
            return minimum + (base - minimum) * (1 + Glibc.cos(Double.pi * t)) / 2
        }
    }
}

extension Schedule: CustomStringConvertible {
    /// `step(step_size = 2, factor = 0.1)`, `cosine(epochs = 5, min_lr = 0)`, in the names `optim.schedule.*` takes.
    public var description: String {
        switch self {
        case let .step(size, factor): return "step(step_size = \(size), factor = \(formatNumber(factor)))"
        case let .cosine(epochs, minimum): return "cosine(epochs = \(epochs), min_lr = \(formatNumber(minimum)))"
        }
    }
}

extension Optimizer: CustomStringConvertible {
    /// `Adam(lr = 0.001, betas = {0.9, 0.999}, eps = 1e-08)`, in the names `optim.*` takes.
    public var description: String {
        var fields = ["lr = \(formatNumber(learningRate))"]
        switch rule {
        case let .sgd(momentum, nesterov):
            if momentum != 0 { fields.append("momentum = \(formatNumber(momentum))") }
            if nesterov { fields.append("nesterov = true") }
        case let .adam(beta1, beta2, eps), let .adamW(beta1, beta2, eps):
            fields += ["betas = {\(formatNumber(beta1)), \(formatNumber(beta2))}", "eps = \(formatNumber(eps))"]
        case let .rmsProp(rho, eps):
            fields += ["rho = \(formatNumber(rho))", "eps = \(formatNumber(eps))"]
        }
        if weightDecay != 0 { fields.append("weight_decay = \(formatNumber(weightDecay))") }
        return "\(name)(" + fields.joined(separator: ", ") + ")"
    }

    /// The rule's name in `optim`: SGD, Adam, AdamW, RMSProp.
    public var name: String {
        switch rule {
        case .sgd: return "SGD"
        case .adam: return "Adam"
        case .adamW: return "AdamW"
        case .rmsProp: return "RMSProp"
        }
    }
}
