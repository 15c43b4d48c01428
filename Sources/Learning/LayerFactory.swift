/// Layers rebuilt from their settings (`Layer.kind`, `config`, `textConfig`): model files and fresh copies of a
/// network's architecture use the same construction, with every size checked.
public enum LayerFactory {
    /// A new layer of `kind` from its numeric and text settings; input sizes may be absent (inferred at the first call).
    public static func layer(kind: String, number: (String) -> Double?, text: (String) -> String?) throws -> Layer {
        func size(_ key: String, limit: Double) -> Int? {
            guard let v = number(key), v >= 1, v < limit else { return nil }
            return Int(v)
        }
        func clamped(_ key: String, _ fallback: Double, _ low: Double) -> Int { Int(min(max(number(key) ?? fallback, low), 1e4)) }
        let activation = try text("activation").map(Activation.named)
        switch kind {
        case "Dense":
            guard let units = size("units", limit: 1e9) else { throw LearningError.invalid("Dense needs units ≥ 1") }
            return try Dense(units: units, activation: activation, useBias: number("use_bias") != 0, inUnits: size("in_units", limit: 1e9))
        case "Conv2D":
            guard let channels = size("channels", limit: 1e6), let kernel = size("kernel", limit: 1e4) else {
                throw LearningError.invalid("Conv2D needs channels and kernel ≥ 1")
            }
            return try Conv2D(channels: channels, kernel: kernel, stride: clamped("stride", 1, 1), padding: clamped("padding", 0, 0),
                              dilation: clamped("dilation", 1, 1), activation: activation, useBias: number("use_bias") != 0,
                              inChannels: size("in_channels", limit: 1e6))
        case "MaxPool2D", "AvgPool2D":
            let window = clamped("size", 2, 1)
            return try Pool2D(size: window, stride: clamped("stride", Double(window), 1), padding: clamped("padding", 0, 0), average: kind == "AvgPool2D")
        case "GlobalAvgPool2D": return GlobalAvgPool2D()
        case "BatchNorm":
            return try BatchNorm(momentum: number("momentum") ?? 0.9, epsilon: number("epsilon") ?? 1e-5, features: size("features", limit: 1e9))
        case "Activation": return ActivationLayer(try Activation.named(text("activation") ?? ""))
        case "Flatten": return Flatten()
        case "Dropout": return try Dropout(number("p") ?? 0)
        default: throw LearningError.invalid("unknown layer kind '\(kind)'")
        }
    }

    /// A network with `net`'s architecture and freshly initialised weights (sizes it already inferred are kept).
    public static func blankCopy(of net: Sequential) throws -> Sequential {
        Sequential(try net.layers.map { layer in
            try LayerFactory.layer(kind: layer.kind, number: { layer.config[$0] }, text: { layer.textConfig[$0] })
        })
    }
}
