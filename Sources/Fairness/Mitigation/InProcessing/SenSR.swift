import Datasets
import Learning
import Tensors

/// Yurochkin, Bower & Sun's Sensitive Subspace Robustness (ICLR 2020), as inFairness trains it (AIF360 0.6's
/// `SenSR`): per batch the auditor finds x* = argmax ℓ(h(x′), y) − λ·d_x(x, x′) (mean over rows), the dual
/// variable moves as λ ← max(0, λ − lr_lamb·(ε − mean d_x(x, x*))), and the network descends
/// lr_param · mean ℓ(h(x*), y): it is trained to perform as well on every row's moves along the sensitive subspace.
public final class SenSR: IndividualFairnessMethod {
    /// The network, the fair metric and the training settings.
    public let training: IndividualFairnessTraining
    /// ε, the transport budget of the worst-case rows; the dual step lr_lamb and the loss scale lr_param.
    public let eps: Double, lambdaRate: Double, lossScale: Double
    /// λ after training (inFairness starts it at 1).
    public private(set) var lambda = 1.0

    /// SenSR with inFairness's settings as AIF360's example uses them.
    public init(training: IndividualFairnessTraining, eps: Double, lambdaRate: Double, lossScale: Double) throws {
        try IndividualFairnessTraining.require(["eps": eps, "lr_lamb": lambdaRate, "lr_param": lossScale], atLeast: 0, method: "SenSR")
        (self.training, self.eps, self.lambdaRate, self.lossScale) = (training, eps, lambdaRate, lossScale)
    }

    /// Learns the fair metric (logistic-regression directions of the groups) and trains the network.
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex, weights: [Double]?) throws {
        lambda = 1
        let net = training.network
        try training.fit(x, y, groups: groups, method: "SenSR") { x, y, metric, generator in
            let worst = try training.worstCase(x, metric: metric, lambda: lambda, mean: true, generator: &generator) { try Loss.sigmoidBCE($0, y) }
            let moved = metric.distance(x.storage, worst.storage)
            lambda = Swift.max(0, lambda - lambdaRate * (eps - moved.reduce(0, +) / Double(Swift.max(moved.count, 1))))
            return try GradMode.record { try Loss.sigmoidBCE(try net.forward(worst, training: true), y).mean().multiplying(Tensor(scalar: Float(lossScale))) }
        }
    }
}

extension SenSR: CustomStringConvertible {
    /// `SenSR(eps=0.1, lr_lamb=1, lr_param=1, 10 epochs, auditor 100 × 0.001)`.
    public var description: String {
        "SenSR(eps=\(formatNumber(eps)), lr_lamb=\(formatNumber(lambdaRate)), lr_param=\(formatNumber(lossScale)), \(training.settings))"
    }
}
