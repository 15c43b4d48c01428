import Tensors

/// Weight initialisers (seeded by the default generator: `tensor.seed`, `--seed`).
public enum Initializer: String, CaseIterable, Sendable {
    case xavierUniform = "xavier_uniform", xavierNormal = "xavier_normal"
    case heUniform = "he_uniform", heNormal = "he_normal"

    /// A tensor of `shape` for a layer with the given fan-in and fan-out.
    public func make(_ shape: [Int], fanIn: Int, fanOut: Int) throws -> Tensor {
        let scale: Double
        switch self {
        case .xavierUniform: scale = (6 / Double(fanIn + fanOut)).squareRoot()
        case .xavierNormal: scale = (2 / Double(fanIn + fanOut)).squareRoot()
        case .heUniform: scale = (6 / Double(fanIn)).squareRoot()
        case .heNormal: scale = (2 / Double(fanIn)).squareRoot()
        }
        switch self {
        case .xavierUniform, .heUniform:
            return try Tensor.rand(shape).multiplying(Tensor(scalar: Float(2 * scale))).subtracting(Tensor(scalar: Float(scale)))
        case .xavierNormal, .heNormal:
            return try Tensor.randn(shape).multiplying(Tensor(scalar: Float(scale)))
        }
    }
}
