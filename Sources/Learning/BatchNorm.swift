import Tensors

/// Batch normalisation over the batch (and the spatial positions of NCHW input): normalised with the
/// batch's statistics in training, with running averages (momentum 0.9) in evaluation; learned scale
/// and shift per feature or channel.
public final class BatchNorm: Layer {
    /// Running-average momentum and the variance epsilon.
    public let momentum: Double, epsilon: Double
    /// Scale (γ) and shift (β), once the width is known.
    public private(set) var gamma: Tensor?, beta: Tensor?
    /// Running mean and variance.
    public private(set) var runningMean: Tensor?, runningVariance: Tensor?

    /// A batch-norm layer.
    public init(momentum: Double = Settings().momentum, epsilon: Double = Settings().epsilon, features: Int? = nil) throws {
        guard momentum >= 0 && momentum < 1, epsilon > 0 else { throw LearningError.invalid("BatchNorm: momentum in [0, 1) and epsilon > 0 expected") }
        self.momentum = momentum
        self.epsilon = epsilon
        if let features { try build(features) }
    }

    public var kind: String { "BatchNorm" }

    func build(_ width: Int) throws {
        gamma = try Tensor.ones([width]).requireGrad()
        beta = try Tensor.zeros([width]).requireGrad()
        runningMean = try Tensor.zeros([width])
        runningVariance = try Tensor.ones([width])
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        guard x.dim == 2 || x.dim == 4 else { throw LearningError.shape(layer: kind, expected: "(batch, features) or (batch, channels, height, width)", got: x.shape) }
        let width = x.shape[1]
        if gamma == nil { try build(width) }
        guard let gamma, let beta, let runningMean, let runningVariance, gamma.numel == width else {
            throw LearningError.shape(layer: kind, expected: "(batch, \(self.gamma?.numel ?? 0), …)", got: x.shape)
        }
        // Features as columns: (N·H·W, C) for images.
        let flat = x.dim == 2 ? x : try x.permute([0, 2, 3, 1]).reshape([x.numel / width, width])
        let mean: Tensor, variance: Tensor
        if training {
            mean = try flat.mean(dim: 0)
            variance = try flat.variance(dim: 0, unbiased: false)
            let m = Float(momentum)
            try GradMode.noGrad {
                _ = try runningMean.copy(from: runningMean.multiplying(Tensor(scalar: m)).adding(mean.detach().multiplying(Tensor(scalar: 1 - m))))
                _ = try runningVariance.copy(from: runningVariance.multiplying(Tensor(scalar: m)).adding(variance.detach().multiplying(Tensor(scalar: 1 - m))))
            }
        } else {
            (mean, variance) = (runningMean, runningVariance)
        }
        let normalised = try flat.subtracting(mean).dividing(variance.adding(Tensor(scalar: Float(epsilon))).sqrt())
        let y = try normalised.multiplying(gamma).adding(beta)
        return x.dim == 2 ? y : try y.reshape([x.shape[0], x.shape[2], x.shape[3], width]).permute([0, 3, 1, 2])
    }

    public var parameters: [(name: String, tensor: Tensor)] {
        [("gamma", gamma), ("beta", beta)].compactMap { name, t in t.map { (name, $0) } }
    }

    /// Running statistics are saved with the weights (they are not trained by the optimiser).
    public var state: [(name: String, tensor: Tensor)] {
        [("running_mean", runningMean), ("running_var", runningVariance)].compactMap { name, t in t.map { (name, $0) } }
    }

    public var config: [String: Double] { ["momentum": momentum, "epsilon": epsilon, "features": Double(gamma?.numel ?? 0)] }
}
