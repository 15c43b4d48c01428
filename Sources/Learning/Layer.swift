import Tensors

/// A building block of a network: maps a batch to a batch, owns named parameters, and describes itself
/// for `summary()` and model files.
public protocol Layer: AnyObject {
    /// The layer's type name, as in the model file ("Dense").
    var kind: String { get }
    /// How the layer prints: `Dense(97 → 64, relu)` (LayerDescription.swift).
    var description: String { get }
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
    /// The shape of one row of the last batch the network ran on (a call, `fit`, `predict`): `[1, …]`, for `summary()`.
    public private(set) var lastInputShape: [Int]?
    /// How `Trainer.fit` last trained the network (nil before), for retraining a fresh copy the same way.
    public internal(set) var recipe: TrainingRecipe?

    /// A network of `layers`.
    public init(_ layers: [Layer] = []) { self.layers = layers }

    public var kind: String { "Sequential" }

    /// Appends a layer; a network cannot contain itself (its passes would never end).
    public func add(_ layer: Layer) throws {
        guard !Sequential.contains(layer, self) else { throw LearningError.invalid("'add': a network cannot contain itself") }
        layers.append(layer)
    }

    /// Whether `network` is `layer` or one of the layers nested in it.
    static func contains(_ layer: Layer, _ network: Sequential) -> Bool {
        if layer === network { return true }
        return (layer as? Sequential)?.layers.contains { contains($0, network) } ?? false
    }

    /// Runs every layer; a shape error names the layer's position and kind.
    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        var h = x
        if x.dim > 1 { lastInputShape = [1] + x.shape.dropFirst() }
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

extension Sequential: ArchivableEstimator {
    /// The layers' settings (`kind`, `config`, `textConfig`) and every weight and running statistic.
    public func archive() throws -> EstimatorArchive {
        let tensors = parameters + state
        let unbuilt = layers.contains { layer in
            (layer as? Dense).map { $0.weight == nil } ?? (layer as? Conv2D).map { $0.weight == nil } ?? (layer as? BatchNorm).map { $0.gamma == nil } ?? false
        }
        guard !tensors.isEmpty, !unbuilt else {
            throw LearningError.invalid("save: some layers do not know their input size yet (call the network on a batch or fit it first)")
        }
        let described: [ModelValue] = layers.map { layer in
            var entry: [String: ModelValue] = ["kind": .text(layer.kind)]
            for (k, v) in layer.config { entry[k] = .number(v) }
            for (k, v) in layer.textConfig { entry[k] = .text(v) }
            return .object(entry)
        }
        return EstimatorArchive(kind: "Sequential", settings: ["layers": .list(described)],
                                tensors: Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, .float32($0.tensor)) }))
    }

    /// The network of `archive`, in evaluation mode; weights must have the shapes the layers need.
    @Sendable public static func unarchive(_ archive: EstimatorArchive, _: EstimatorLoader) throws -> Classifier {
        guard let layers = archive.settings["layers"]?.list else { throw LearningError.invalid("Sequential: the layers are missing") }
        let net = Sequential()
        for (k, value) in layers.enumerated() {
            let entry = value.object ?? [:]
            let kind = entry["kind"]?.text ?? "?"
            // Weights must fit a built layer: its input size has to be in the file.
            let sizes = ["Dense": "in_units", "Conv2D": "in_channels", "BatchNorm": "features"]
            if let key = sizes[kind], !((entry[key]?.number ?? 0) >= 1) { throw LearningError.invalid("layer \(k + 1) (\(kind)) lacks its sizes") }
            do {
                try net.add(LayerFactory.layer(kind: kind, number: { entry[$0]?.number }, text: { entry[$0]?.text }))
            } catch {
                throw LearningError.invalid("layer \(k + 1): \(error)")
            }
        }
        for (name, t) in net.parameters + net.state {
            guard case let .float32(stored) = try archive.tensor(name) else { throw LearningError.invalid("'\(name)' is not Float32") }
            guard stored.shape == t.shape else { throw LearningError.invalid("'\(name)' has shape \(stored.shape) but the architecture needs \(t.shape)") }
            t.withMutableValues { out in
                for i in 0..<out.count { out[i] = stored.storage[i] }
            }
        }
        net.training = false
        return net
    }
}
