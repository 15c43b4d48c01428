import Foundation
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

    /// The rule.
    public let rule: Rule
    /// The learning rate (a schedule may change it each epoch).
    public var learningRate: Double
    /// L2 weight decay (decoupled for AdamW).
    public let weightDecay: Double
    private var first: [ObjectIdentifier: [Float]] = [:]
    private var second: [ObjectIdentifier: [Float]] = [:]
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

    /// One update of every parameter with a gradient, the gradient scaled by `scale` (1 / batch size);
    /// gradients are cleared afterwards.
    public func step(_ parameters: [Tensor], scale: Double) {
        steps += 1
        let lr = Float(learningRate), wd = Float(weightDecay), s = Float(scale)
        for w in parameters {
            guard let grad = w.grad?.storage, grad.count == w.numel else { continue }
            let key = ObjectIdentifier(w)
            var m = first[key] ?? [Float](repeating: 0, count: grad.count)
            var v = second[key] ?? []
            w.withMutableValues { x in
                switch rule {
                case let .sgd(momentum, nesterov):
                    let mu = Float(momentum)
                    for i in 0..<x.count {
                        let g = grad[i] * s + wd * x[i]
                        if mu == 0 { x[i] -= lr * g; continue }
                        m[i] = mu * m[i] + g
                        x[i] -= lr * (nesterov ? g + mu * m[i] : m[i])
                    }
                case let .adam(b1, b2, eps), let .adamW(b1, b2, eps):
                    if v.isEmpty { v = [Float](repeating: 0, count: grad.count) }
                    let decoupled: Bool = { if case .adamW = rule { return true } else { return false } }()
                    let c1 = Float(1 - Foundation.pow(b1, Double(steps))), c2 = Float(1 - Foundation.pow(b2, Double(steps)))
                    let fb1 = Float(b1), fb2 = Float(b2), feps = Float(eps)
                    for i in 0..<x.count {
                        var g = grad[i] * s
                        if !decoupled { g += wd * x[i] }
                        m[i] = fb1 * m[i] + (1 - fb1) * g
                        v[i] = fb2 * v[i] + (1 - fb2) * g * g
                        x[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + feps)
                        if decoupled { x[i] -= lr * wd * x[i] }
                    }
                case let .rmsProp(rho, eps):
                    let r = Float(rho), feps = Float(eps)
                    for i in 0..<x.count {
                        let g = grad[i] * s + wd * x[i]
                        m[i] = r * m[i] + (1 - r) * g * g
                        x[i] -= lr * g / (m[i].squareRoot() + feps)
                    }
                }
            }
            first[key] = m
            if !v.isEmpty { second[key] = v }
            w.zeroGrad()
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
        case let .step(size, factor): return base * Foundation.pow(factor, Double(epoch / max(size, 1)))
        case let .cosine(epochs, minimum):
            let t = min(Double(epoch) / Double(max(epochs, 1)), 1)
            return minimum + (base - minimum) * (1 + Foundation.cos(Double.pi * t)) / 2
        }
    }
}
