import Datasets
import Learning
import Tensors

extension Sequential {
    /// The layers, their output shapes and parameter counts for input shape `input`, with the total, as an aligned table.
    public func summaryTable(input: [Int]) throws -> TextTable {
        let rows = try summary(input: input)
        var t = TextTable(header: ["layer", "output shape", "parameters"])
        for (k, r) in rows.enumerated() { t.rows.append(["\(k + 1) \(r.layer)", "(" + r.output.map(String.init).joined(separator: ", ") + ")", String(r.parameters)]) }
        t.rows.append(["total", "", String(rows.reduce(0) { $0 + $1.parameters })])
        return t
    }
}

extension EpochStats {
    /// `{epoch=, loss=, accuracy=, seconds=, val_<metric>=…}`.
    public var json: JSONValue {
        var t: [String: JSONValue] = ["epoch": .integer(epoch), "loss": .number(loss), "accuracy": .number(accuracy), "seconds": .number(seconds)]
        for (k, v) in validation { t["val_" + k] = .number(v) }
        return .object(t)
    }
}
