/// JSON text <-> `LuaValue`. Keys are written sorted (stable output); NaN and infinities become `null`;
/// an empty table is written as `{}`. Integers stay integers when they fit in 64 bits.
public enum JSON {
    /// A malformed JSON text, with the 1-based byte offset where reading stopped.
    public struct DecodeError: Error, CustomStringConvertible {
        /// 1-based byte offset.
        public let offset: Int
        /// What was wrong there.
        public let reason: String
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// The widest indent: larger ones are clamped to it (an indent of 2^31 would ask for gigabytes per line).
    public static let maximumIndent = 16

    /// Encodes `value`; with `indent` > 0, pretty-prints with that many spaces per level (at most `maximumIndent`).
    public static func encode(_ value: LuaValue, indent: Int = 0) -> String {
        var out = ""
        write(value, into: &out, indent: Swift.min(Swift.max(indent, 0), maximumIndent), level: 0)
        return out
    }

    private static func write(_ value: LuaValue, into out: inout String, indent: Int, level: Int) {
        switch value {
        case .nil: out += "null"
        case let .boolean(b): out += b ? "true" : "false"
        case let .integer(i): out += String(i)
        case let .number(d): out += d.isFinite ? formatNumber(d) : "null"
        case let .string(s): writeString(s, into: &out)
        case let .array(items):
            writeContainer(items.map { (nil, $0) }, open: "[", close: "]", into: &out, indent: indent, level: level)
        case let .table(entries):
            let sorted = entries.keys.sorted().map { (Optional($0), entries[$0] ?? .nil) }
            writeContainer(sorted, open: "{", close: "}", into: &out, indent: indent, level: level)
        }
    }

    private static func writeContainer(_ items: [(String?, LuaValue)], open: String, close: String,
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
            write(item, into: &out, indent: indent, level: level + 1)
        }
        if indent > 0 { out += "\n" + String(repeating: " ", count: indent * level) }
        out += close
    }

    /// Shortest text that reads back to the same Double (`0.1`, `1e-05`, `3.0`).
    static func formatNumber(_ d: Double) -> String { d.description }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// Decodes a JSON text; objects become `.table`, arrays `.array`, `null` becomes `.nil`.
    public static func decode(_ text: String) throws -> LuaValue {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.position == parser.bytes.count else { throw parser.error("unexpected trailing text") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func error(_ reason: String) -> DecodeError { DecodeError(offset: position + 1, reason: reason) }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position += 1 }
        }

        mutating func expect(_ literal: String, _ value: LuaValue) throws -> LuaValue {
            for byte in literal.utf8 {
                guard current == byte else { throw error("invalid literal (expected '\(literal)')") }
                position += 1
            }
            return value
        }

        mutating func value(depth: Int) throws -> LuaValue {
            guard depth < 200 else { throw error("nesting deeper than 200 levels") }
            guard let c = current else { throw error("unexpected end of input") }
            switch c {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try expect("true", .boolean(true))
            case UInt8(ascii: "f"): return try expect("false", .boolean(false))
            case UInt8(ascii: "n"): return try expect("null", .nil)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw error("unexpected character '\(Character(Unicode.Scalar(c)))'")
            }
        }

        mutating func object(depth: Int) throws -> LuaValue {
            position += 1
            var entries: [String: LuaValue] = [:]
            skipSpace()
            if current == UInt8(ascii: "}") { position += 1; return .table(entries) }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try string()
                skipSpace()
                guard current == UInt8(ascii: ":") else { throw error("expected ':'") }
                position += 1
                skipSpace()
                entries[key] = try value(depth: depth + 1)
                skipSpace()
                switch current {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"): position += 1; return .table(entries)
                default: throw error("expected ',' or '}'")
                }
            }
        }

        mutating func array(depth: Int) throws -> LuaValue {
            position += 1
            var items: [LuaValue] = []
            skipSpace()
            if current == UInt8(ascii: "]") { position += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                switch current {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"): position += 1; return .array(items)
                default: throw error("expected ',' or ']'")
                }
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard position + 4 <= bytes.count,
                  let v = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
            else { throw error("invalid \\u escape") }
            position += 4
            return v
        }

        mutating func string() throws -> String {
            position += 1
            var out: [UInt8] = []
            while true {
                guard let c = current else { throw error("unterminated string") }
                position += 1
                switch c {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let e = current else { throw error("unterminated string") }
                    position += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), current == UInt8(ascii: "\\"),
                           position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") {
                            position += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
                    }
                case 0..<0x20:
                    throw error("control character in string")
                default:
                    out.append(c)
                }
            }
        }

        mutating func number() throws -> LuaValue {
            let start = position
            var isFloat = false
            if current == UInt8(ascii: "-") { position += 1 }
            while let c = current {
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): position += 1
                case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                    isFloat = true
                    position += 1
                default:
                    return try finish(start, isFloat)
                }
            }
            return try finish(start, isFloat)
        }

        func finish(_ start: Int, _ isFloat: Bool) throws -> LuaValue {
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            if !isFloat, let i = Int(text) { return .integer(i) }
            guard let d = Double(text), text.last?.isNumber == true else {
                throw DecodeError(offset: start + 1, reason: "invalid number '\(text)'")
            }
            return .number(d)
        }
    }
}
