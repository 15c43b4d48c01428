import Tensors

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
