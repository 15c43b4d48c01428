import Tensors

/// A building block of a network: maps a batch to a batch, owns named parameters, and describes itself
/// for `summary()` and model files.
public protocol Layer: AnyObject {
    /// The layer's type name, as in the model file ("Dense").
    var kind: String { get }
    /// The output for input `x`; `training` turns on dropout.
    func forward(_ x: Tensor, training: Bool) throws -> Tensor
    /// Trainable tensors by short name ("weight", "bias"); empty until the input size is known.
    var parameters: [(name: String, tensor: Tensor)] { get }
    /// Tensors saved with the model but not trained (BatchNorm's running statistics).
    var state: [(name: String, tensor: Tensor)] { get }
    /// The settings that rebuild the layer (JSON-safe values).
    var config: [String: Double] { get }
    /// Extra text settings (such as the activation's name).
    var textConfig: [String: String] { get }
}

extension Layer {
    public var parameters: [(name: String, tensor: Tensor)] { [] }
    public var state: [(name: String, tensor: Tensor)] { [] }
    public var config: [String: Double] { [:] }
    public var textConfig: [String: String] { [:] }
}

/// Layers applied in order: Torch7's `nn.Sequential():add(...)`.
public final class Sequential: Layer {
    /// The layers, in order.
    public private(set) var layers: [Layer]
    /// Training mode (dropout on) or evaluation mode.
    public var training = true

    /// A network of `layers`.
    public init(_ layers: [Layer] = []) { self.layers = layers }

    public var kind: String { "Sequential" }

    /// Appends a layer.
    public func add(_ layer: Layer) { layers.append(layer) }

    /// Runs every layer; a shape error names the layer's position and kind.
    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        var h = x
        for (k, layer) in layers.enumerated() {
            do { h = try layer.forward(h, training: training) } catch let e as TensorError {
                throw LearningError.invalid("layer \(k + 1) (\(layer.kind)): \(e)")
            }
        }
        return h
    }

    /// The forward pass in the network's own mode.
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try forward(x, training: training) }

    /// Every parameter, named `<position>.<kind>.<name>` ("1.Dense.weight").
    public var parameters: [(name: String, tensor: Tensor)] {
        layers.enumerated().flatMap { k, layer in layer.parameters.map { ("\(k + 1).\(layer.kind).\($0.name)", $0.tensor) } }
    }

    /// Every saved non-trained tensor, named like the parameters.
    public var state: [(name: String, tensor: Tensor)] {
        layers.enumerated().flatMap { k, layer in layer.state.map { ("\(k + 1).\(layer.kind).\($0.name)", $0.tensor) } }
    }

    /// Class indices (arg-max) for networks with several outputs, nil for a single output.
    public func predictClasses(_ x: Tensor) throws -> [Double]? {
        try GradMode.noGrad {
            let out = try forward(x, training: false)
            let n = x.dim > 0 ? x.shape[0] : 0
            guard n > 0, out.numel % n == 0, out.numel / n > 1 else { return nil }
            let width = out.numel / n
            return (0..<n).map { i in
                var best = 0
                for c in 1..<width where out.storage[i * width + c] > out.storage[i * width + best] { best = c }
                return Double(best)
            }
        }
    }

    /// Rows of (layer, output shape, parameter count) for input shape `input`, computed by a forward pass.
    public func summary(input: [Int]) throws -> [(layer: String, output: [Int], parameters: Int)] {
        var h = try Tensor.zeros(input)
        var rows: [(String, [Int], Int)] = []
        try GradMode.noGrad {
            for layer in layers {
                h = try layer.forward(h, training: false)
                let count = layer.parameters.reduce(0) { $0 + $1.tensor.numel }
                let extra = layer.textConfig["activation"].map { "(\($0))" } ?? ""
                rows.append((layer.kind + extra, h.shape, count))
            }
        }
        return rows
    }
}
