import Datasets

extension Layer {
    /// How a layer prints (Torch7's `nn.Linear(10 -> 5)`): its kind and settings, `Dropout(p = 0.2)`,
    /// `Activation(relu)`, `MaxPool2D(padding = 0, size = 2, stride = 2)`.
    public var description: String {
        let settings = config.sorted { $0.key < $1.key }.map { "\($0.key) = \(formatNumber($0.value))" }
        let text = textConfig.sorted { $0.key < $1.key }.map(\.value)
        let all = text + settings
        return all.isEmpty ? kind : "\(kind)(\(all.joined(separator: ", ")))"
    }
}

extension Dense {
    /// `Dense(97 → 64, relu)`; the input size is `?` until the layer has seen a batch.
    public var description: String {
        let inputs = weight.map { String($0.shape[0]) } ?? "?"
        return "Dense(\(inputs) → \(units)" + (activation.map { ", \($0.rawValue)" } ?? "") + ")"
    }
}

extension Conv2D {
    /// `Conv2D(3 → 16, 3×3, stride 1, relu)`, with padding and dilation when not 0 and 1, "no bias" without
    /// one; the input channels are `?` until the layer has seen a batch.
    public var description: String {
        let inputs = weight.map { String($0.shape[1]) } ?? "?"
        var parts = ["\(inputs) → \(channels)", "\(kernel)×\(kernel)", "stride \(stride)"]
        if padding != 0 { parts.append("padding \(padding)") }
        if dilation != 1 { parts.append("dilation \(dilation)") }
        if !useBias { parts.append("no bias") }
        if let activation { parts.append(activation.rawValue) }
        return "Conv2D(" + parts.joined(separator: ", ") + ")"
    }
}

extension Sequential {
    /// The network, its layers one per line with their parameter counts, and the total:
    /// `Sequential(2 layers, 6337 parameters)` / `  1  Dense(97 → 64, relu)  6272` / ….
    public var description: String {
        let counts = layers.map { $0.parameters.reduce(0) { $0 + $1.tensor.numel } }
        let names = layers.map { $0.description.replacingNewlines(with: " ") }
        let width = names.map(\.count).max() ?? 0, numberWidth = counts.map { String($0).count }.max() ?? 0
        let rows = zip(names, counts).enumerated().map { k, row in
            "  \(k + 1)  " + row.0.padding(toLength: width) + "  " + String(row.1).leftPadded(to: numberWidth)
        }
        let head = "Sequential(\(layers.count) layer\(layers.count == 1 ? "" : "s"), \(counts.reduce(0, +)) parameters)"
        return ([head] + rows).joined(separator: "\n")
    }
}

private extension String {
    func padding(toLength n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
    func replacingNewlines(with s: String) -> String { split(separator: "\n").joined(separator: s) }
}
