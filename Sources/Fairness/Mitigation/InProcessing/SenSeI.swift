import Datasets
import Learning
import Tensors

/// Yurochkin & Sun's Sensitive Set Invariance (ICLR 2021), as inFairness trains it (AIF360 0.6's `SenSeI`):
/// per batch the auditor finds x* = argmax d_y(h(x), h(x′)) − λ·d_x(x, x′) (summed over rows), with d_y half the
/// squared difference of the logits — inFairness's squared Euclidean distance of a two-logit output (z₀, z₁) is
/// ½(Δf)² + ½(Δs)² with f = z₁ − z₀ the one logit here and s = z₀ + z₁, which no loss or decision reads; λ ← max(10⁻⁵, λ + f·(mean d_x(x, x*) − ε)) with f = max(m, ε)/min(m, ε);
/// the network descends mean[ℓ(h(x), y) + ρ·d_y(h(x), h(x*))]: the loss plus ρ times the transport regulariser
/// that makes decisions invariant on each row's sensitive set.
public final class SenSeI: IndividualFairnessMethod {
    /// The network, the fair metric and the training settings.
    public let training: IndividualFairnessTraining
    /// ρ, the weight of the invariance regulariser, and ε, the transport budget.
    public let rho: Double, eps: Double
    /// λ after training (inFairness starts it at 1).
    public private(set) var lambda = 1.0

    /// SenSeI with inFairness's update rules.
    public init(training: IndividualFairnessTraining, rho: Double, eps: Double) throws {
        try IndividualFairnessTraining.require(["rho": rho], atLeast: 0, method: "SenSeI")
        try IndividualFairnessTraining.require(["eps": eps], above: 0, method: "SenSeI")
        (self.training, self.rho, self.eps) = (training, rho, eps)
    }

    /// Learns the fair metric (logistic-regression directions of the groups) and trains the network.
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex, weights: [Double]?) throws {
        lambda = 1
        let net = training.network
        try training.fit(x, y, groups: groups, method: "SenSeI") { x, y, metric, generator in
            let clean = try GradMode.noGrad { try net.forward(x, training: false) }
            let worst = try training.worstCase(x, metric: metric, lambda: lambda, mean: false, generator: &generator) { output in
                try Self.outputDistance(output, clean)
            }
            let moved = metric.distance(x.storage, worst.storage)
            let m = moved.reduce(0, +) / Double(Swift.max(moved.count, 1))
            let factor = Swift.max(m, eps) / Swift.min(m, eps)
            let next = lambda + factor * (m - eps)
            lambda = next.isFinite ? Swift.max(1e-5, next) : 1e-5
            return try GradMode.record {
                let output = try net.forward(x, training: true)
                let invariance = try Self.outputDistance(output, try net.forward(worst, training: true)).reshape([y.numel]).multiplying(Tensor(scalar: Float(rho)))
                return try Loss.sigmoidBCE(output, y).adding(invariance).mean()
            }
        }
    }
}

extension SenSeI {
    /// d_y(a, b) = ½(a − b)² per row of one-logit outputs (inFairness's squared Euclidean distance of the two logits).
    static func outputDistance(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let gap = try a.subtracting(b)
        return try gap.multiplying(gap).multiplying(Tensor(scalar: 0.5))
    }
}

extension SenSeI: CustomStringConvertible {
    /// `SenSeI(rho=5, eps=0.1, 10 epochs, auditor 100 × 0.001)`.
    public var description: String { "SenSeI(rho=\(formatNumber(rho)), eps=\(formatNumber(eps)), \(training.settings))" }
}
