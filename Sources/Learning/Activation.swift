import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Element-wise non-linearities, usable as a layer (`nn.Activation("relu")`) or inside `Dense`.
public enum Activation: String, CaseIterable, Sendable {
    case relu, sigmoid, tanh, softrelu
    case leakyRelu = "leaky_relu"
    case gelu

    /// Applies the function (differentiable through autograd).
    public func apply(_ x: Tensor) throws -> Tensor {
        switch self {
        case .relu: return x.relu()
        case .sigmoid: return x.sigmoid()
        case .tanh: return x.tanh()
        case .softrelu:
            // log(1 + e^x) = max(x, 0) + log1p(e^−|x|), stable for large |x|.
            return try x.relu().adding(x.abs().negated().exp().log1p())
        case .leakyRelu: return try x.maximum(x.multiplying(Tensor(scalar: 0.01)))
        case .gelu:
            // The tanh approximation (Hendrycks & Gimpel).
            let inner = try x.adding(x.pow(3).multiplying(Tensor(scalar: 0.044715))).multiplying(Tensor(scalar: Float((2 / Double.pi).squareRoot())))
            return try x.multiplying(inner.tanh().adding(Tensor(scalar: 1))).multiplying(Tensor(scalar: 0.5))
        }
    }

    /// The activation called `name`, or an error listing the known ones.
    public static func named(_ name: String) throws -> Activation {
        guard let a = Activation(rawValue: name) else {
            throw LearningError.invalid("unknown activation '\(name)'; known: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return a
    }
}

/// An activation as a layer of its own.
public final class ActivationLayer: Layer {
    /// The function.
    public let activation: Activation
    /// A layer applying `activation`.
    public init(_ activation: Activation) { self.activation = activation }
    public var kind: String { "Activation" }
    public func forward(_ x: Tensor, training: Bool) throws -> Tensor { try activation.apply(x) }
    public var textConfig: [String: String] { ["activation": activation.rawValue] }
}

/// Flattens every dimension after the first.
public final class Flatten: Layer {
    /// A flatten layer.
    public init() {}
    public var kind: String { "Flatten" }
    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        guard x.dim >= 1 else { throw LearningError.shape(layer: "Flatten", expected: "(batch, …)", got: x.shape) }
        return try x.reshape([x.shape[0], x.numel / max(x.shape[0], 1)])
    }
}

/// Inverted dropout: in training, zeroes each value with probability p and scales the rest by 1/(1 − p).
public final class Dropout: Layer {
    /// The drop probability.
    public let p: Double
    /// A dropout layer; p in [0, 1).
    public init(_ p: Double) throws {
        guard p >= 0 && p < 1 else { throw LearningError.invalid("Dropout: p must be in [0, 1), got \(p)") }
        self.p = p
    }
    public var kind: String { "Dropout" }
    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        guard training && p > 0 else { return x }
        let keep = try Tensor.rand(x.shape).ge(Tensor(scalar: Float(p)))
        return try x.multiplying(keep.multiplying(Tensor(scalar: Float(1 / (1 - p)))))
    }
    public var config: [String: Double] { ["p": p] }
}
