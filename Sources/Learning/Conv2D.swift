import Tensors

/// A 2-D convolution on NCHW batches (a batched im2col + one sgemm), input channels inferred at the first call.
public final class Conv2D: Layer {
    /// Output channels.
    public let channels: Int
    /// Square kernel size.
    public let kernel: Int
    /// Stride, zero padding and dilation (spacing of the kernel's taps).
    public let stride: Int, padding: Int, dilation: Int
    /// Whether the layer adds a bias per output channel.
    public let useBias: Bool
    /// Applied after the convolution.
    public let activation: Activation?
    /// Kernel (channels, in, k, k) and bias (channels), once known.
    public private(set) var weight: Tensor?, bias: Tensor?

    /// A layer of `channels` filters of size `kernel` × `kernel`.
    public init(channels: Int, kernel: Int, stride: Int = Settings().stride, padding: Int = Settings().padding, dilation: Int = Settings().dilation,
                activation: Activation? = nil, useBias: Bool = Settings().useBias, inChannels: Int? = nil) throws {
        guard channels > 0, kernel > 0, stride > 0, dilation > 0, padding >= 0 else {
            throw LearningError.invalid("Conv2D: channels, kernel_size, strides and dilation must be positive and padding ≥ 0, got \(channels), \(kernel), \(stride), \(dilation) and \(padding)")
        }
        self.channels = channels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.useBias = useBias
        self.activation = activation
        if let inChannels { try build(inChannels) }
    }

    public var kind: String { "Conv2D" }

    func build(_ inChannels: Int) throws {
        guard inChannels > 0 else { throw LearningError.invalid("Conv2D: in_channels must be positive") }
        let fanIn = inChannels * kernel * kernel, fanOut = channels * kernel * kernel
        weight = try Initializer.xavierUniform.make([channels, inChannels, kernel, kernel], fanIn: fanIn, fanOut: fanOut).requireGrad()
        bias = useBias ? try Tensor.zeros([channels]).requireGrad() : nil
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        guard x.dim == 4 else { throw LearningError.shape(layer: "Conv2D(\(channels))", expected: "(batch, channels, height, width)", got: x.shape) }
        if weight == nil { try build(x.shape[1]) }
        guard let weight, weight.shape[1] == x.shape[1] else {
            throw LearningError.shape(layer: "Conv2D(\(channels))", expected: "(batch, \(self.weight?.shape[1] ?? 0), height, width)", got: x.shape)
        }
        // A ReLU is fused into the convolution's bias pass; other activations follow it.
        let y = try x.conv2d(weight, bias: bias, stride: stride, padding: padding, dilation: dilation, relu: activation == .relu)
        return try activation == .relu ? y : activation?.apply(y) ?? y
    }

    public var parameters: [(name: String, tensor: Tensor)] {
        [("weight", weight), ("bias", bias)].compactMap { name, t in t.map { (name, $0) } }
    }

    public var config: [String: Double] {
        ["channels": Double(channels), "kernel": Double(kernel), "stride": Double(stride), "padding": Double(padding),
         "dilation": Double(dilation), "use_bias": useBias ? 1 : 0, "in_channels": Double(weight?.shape[1] ?? 0)]
    }

    public var textConfig: [String: String] { activation.map { ["activation": $0.rawValue] } ?? [:] }
}
