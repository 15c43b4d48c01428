import Tensors

/// A 2-D convolution on NCHW batches (im2col + sgemm), input channels inferred at the first call.
public final class Conv2D: Layer {
    /// Output channels.
    public let channels: Int
    /// Square kernel size.
    public let kernel: Int
    /// Stride and zero padding.
    public let stride: Int, padding: Int
    /// Applied after the convolution.
    public let activation: Activation?
    /// Kernel (channels, in, k, k) and bias (channels), once known.
    public private(set) var weight: Tensor?, bias: Tensor?

    /// A layer of `channels` filters of size `kernel` × `kernel`.
    public init(channels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, activation: Activation? = nil, inChannels: Int? = nil) throws {
        guard channels > 0, kernel > 0, stride > 0, padding >= 0 else {
            throw LearningError.invalid("Conv2D: channels, kernel and stride must be positive and padding ≥ 0")
        }
        self.channels = channels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.activation = activation
        if let inChannels { try build(inChannels) }
    }

    public var kind: String { "Conv2D" }

    func build(_ inChannels: Int) throws {
        guard inChannels > 0 else { throw LearningError.invalid("Conv2D: in_channels must be positive") }
        let fanIn = inChannels * kernel * kernel, fanOut = channels * kernel * kernel
        weight = try Initializer.xavierUniform.make([channels, inChannels, kernel, kernel], fanIn: fanIn, fanOut: fanOut).requireGrad()
        bias = try Tensor.zeros([channels]).requireGrad()
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        guard x.dim == 4 else { throw LearningError.shape(layer: "Conv2D(\(channels))", expected: "(batch, channels, height, width)", got: x.shape) }
        if weight == nil { try build(x.shape[1]) }
        guard let weight, weight.shape[1] == x.shape[1] else {
            throw LearningError.shape(layer: "Conv2D(\(channels))", expected: "(batch, \(self.weight?.shape[1] ?? 0), height, width)", got: x.shape)
        }
        let y = try x.conv2d(weight, bias: bias, stride: stride, padding: padding)
        return try activation?.apply(y) ?? y
    }

    public var parameters: [(name: String, tensor: Tensor)] {
        [("weight", weight), ("bias", bias)].compactMap { name, t in t.map { (name, $0) } }
    }

    public var config: [String: Double] {
        ["channels": Double(channels), "kernel": Double(kernel), "stride": Double(stride), "padding": Double(padding),
         "in_channels": Double(weight?.shape[1] ?? 0)]
    }

    public var textConfig: [String: String] { activation.map { ["activation": $0.rawValue] } ?? [:] }
}

/// Max or average pooling with a square window (stride defaults to the window).
public final class Pool2D: Layer {
    /// Window size, stride and padding.
    public let size: Int, stride: Int, padding: Int
    /// Average instead of max.
    public let average: Bool

    /// A pooling layer.
    public init(size: Int = 2, stride: Int? = nil, padding: Int = 0, average: Bool) throws {
        guard size > 0, (stride ?? size) > 0, padding >= 0 else { throw LearningError.invalid("pooling: size and stride must be positive") }
        self.size = size
        self.stride = stride ?? size
        self.padding = padding
        self.average = average
    }

    public var kind: String { average ? "AvgPool2D" : "MaxPool2D" }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        guard x.dim == 4 else { throw LearningError.shape(layer: kind, expected: "(batch, channels, height, width)", got: x.shape) }
        return try x.pool2d(kernel: size, stride: stride, padding: padding, average: average)
    }

    public var config: [String: Double] { ["size": Double(size), "stride": Double(stride), "padding": Double(padding)] }
}

/// The mean of each channel over height and width: (N, C, H, W) → (N, C).
public final class GlobalAvgPool2D: Layer {
    /// A global average pooling layer.
    public init() {}
    public var kind: String { "GlobalAvgPool2D" }
    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        guard x.dim == 4 else { throw LearningError.shape(layer: kind, expected: "(batch, channels, height, width)", got: x.shape) }
        return try x.reshape([x.shape[0], x.shape[1], x.shape[2] * x.shape[3]]).mean(dim: 2)
    }
}

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
    public init(momentum: Double = 0.9, epsilon: Double = 1e-5, features: Int? = nil) throws {
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
