/// A JSON document for reports, written without the Lua host: keys sorted (stable output), NaN and
/// infinities as `null`, integers as integers, other numbers in their shortest round-tripping form.
public indirect enum JSONValue: Equatable {
    case null, bool(Bool), integer(Int), number(Double), string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// `{name = value, …}` for parallel arrays of names and numbers (the first of repeated names wins).
    public static func numbers(_ names: [String], _ values: [Double]) -> JSONValue {
        .object(Dictionary(zip(names, values.map(JSONValue.number)), uniquingKeysWith: { a, _ in a }))
    }

    /// The text; with `indent` > 0, pretty-printed with that many spaces per level.
    public func encoded(indent: Int = 0) -> String {
        var out = ""
        write(into: &out, indent: indent, level: 0)
        return out
    }

    private func write(into out: inout String, indent: Int, level: Int) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .integer(i): out += String(i)
        case let .number(d): out += d.isFinite ? d.description : "null"
        case let .string(s): Self.writeString(s, into: &out)
        case let .array(items): Self.writeContainer(items.map { (nil, $0) }, "[", "]", into: &out, indent: indent, level: level)
        case let .object(entries):
            Self.writeContainer(entries.keys.sorted().map { ($0, entries[$0] ?? .null) }, "{", "}", into: &out, indent: indent, level: level)
        }
    }

    private static func writeContainer(_ items: [(String?, JSONValue)], _ open: String, _ close: String,
                                       into out: inout String, indent: Int, level: Int) {
        out += open
        guard !items.isEmpty else { out += close; return }
        let pad = indent > 0 ? "\n" + String(repeating: " ", count: indent * (level + 1)) : ""
        for (i, (key, item)) in items.enumerated() {
            if i > 0 { out += "," }
            out += pad
            if let key {
                writeString(key, into: &out)
                out += indent > 0 ? ": " : ":"
            }
            item.write(into: &out, indent: indent, level: level + 1)
        }
        if indent > 0 { out += "\n" + String(repeating: " ", count: indent * level) }
        out += close
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
