import Datasets
import Tensors

/// Weight penalties added to the loss: λ Σ|w| or λ/2 Σ w² over every weight matrix (biases excluded).
public enum Regularizer: Sendable, Equatable {
    case l1(Double)
    case l2(Double)

    /// The penalty for `parameters` (names ending in "bias" are skipped).
    public func penalty(_ parameters: [(name: String, tensor: Tensor)]) throws -> Tensor {
        var total = Tensor(scalar: 0)
        for (name, w) in parameters where !name.hasSuffix("bias") {
            switch self {
            case let .l1(lambda): total = try total.adding(w.abs().sum().multiplying(Tensor(scalar: Float(lambda))))
            case let .l2(lambda): total = try total.adding(w.multiplying(w).sum().multiplying(Tensor(scalar: Float(lambda / 2))))
            }
        }
        return total
    }

    /// `regularizer L2(λ = 0.0001)`.
    public var description: String {
        switch self {
        case let .l1(lambda): return "regularizer L1(λ = \(formatNumber(lambda)))"
        case let .l2(lambda): return "regularizer L2(λ = \(formatNumber(lambda)))"
        }
    }
}
