import Tensors

/// Max or average pooling with a square window (stride defaults to the window).
public final class Pool2D: Layer {
    /// Window size, stride and padding.
    public let size: Int, stride: Int, padding: Int
    /// Average instead of max.
    public let average: Bool

    /// A pooling layer.
    public init(size: Int = Settings().size, stride: Int? = nil, padding: Int = Settings().padding, average: Bool) throws {
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
