import Tensors

/// A fully connected layer y = act(x W + b), W of shape (in, units); the input size is inferred at the
/// first call unless given.
public final class Dense: Layer {
    /// Output features.
    public let units: Int
    /// The activation applied after the affine map.
    public let activation: Activation?
    /// Whether there is a bias.
    public let useBias: Bool
    /// How the weight is initialised.
    public let initializer: Initializer
    /// The weight (in × units), once known.
    public private(set) var weight: Tensor?
    /// The bias (units), once known.
    public private(set) var bias: Tensor?

    /// A layer of `units` outputs.
    public init(units: Int, activation: Activation? = nil, useBias: Bool = Settings().useBias, inUnits: Int? = nil,
                initializer: Initializer = Settings().initializer) throws {
        guard units > 0 else { throw LearningError.invalid("Dense: units must be positive, got \(units)") }
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.initializer = initializer
        if let inUnits { try build(inUnits) }
    }

    public var kind: String { "Dense" }

    func build(_ inputs: Int) throws {
        guard inputs > 0 else { throw LearningError.invalid("Dense: in_units must be positive, got \(inputs)") }
        weight = try initializer.make([inputs, units], fanIn: inputs, fanOut: units).requireGrad()
        if useBias { bias = try Tensor.zeros([units]).requireGrad() }
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        guard x.dim == 2 else { throw LearningError.shape(layer: "Dense(\(units))", expected: "(batch, features)", got: x.shape) }
        if weight == nil { try build(x.shape[1]) }
        guard let weight, weight.shape[0] == x.shape[1] else {
            throw LearningError.shape(layer: "Dense(\(units))", expected: "(batch, \(self.weight?.shape[0] ?? 0))", got: x.shape)
        }
        // A ReLU is fused into the affine map (one pass for bias and ReLU); other activations follow it.
        let y = try x.linear(weight, bias: bias, relu: activation == .relu)
        return try activation == .relu ? y : activation?.apply(y) ?? y
    }

    public var parameters: [(name: String, tensor: Tensor)] {
        [("weight", weight), ("bias", bias)].compactMap { name, t in t.map { (name, $0) } }
    }

    public var config: [String: Double] {
        ["units": Double(units), "use_bias": useBias ? 1 : 0, "in_units": Double(weight?.shape[0] ?? 0)]
    }

    public var textConfig: [String: String] { activation.map { ["activation": $0.rawValue] } ?? [:] }
}
