/// A JSON (RFC 8259) document: FairLua's one JSON reader and writer (safetensors headers, reports,
/// `json.encode` / `json.decode`, kernel messages). Reading is strict: integers that fit `Int` stay exact;
/// repeated keys, trailing commas, leading zeros, lone surrogates, control characters in strings, nesting
/// deeper than `maxDepth` and text after the value are errors naming the byte. Writing sorts keys (stable
/// output), writes NaN and infinities as `null` and other numbers in their shortest round-tripping form.
public indirect enum JSONValue: Equatable, Sendable {
    case null, bool(Bool), integer(Int), number(Double), string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A malformed JSON text, with the 1-based byte offset where reading stopped.
    public struct DecodeError: Error, CustomStringConvertible {
        /// 1-based byte offset.
        public let offset: Int
        /// What was wrong there.
        public let reason: String
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// The widest indent `encoded` writes: larger ones are clamped (an indent of 2^31 would ask for gigabytes per line).
    public static let maximumIndent = 16

    /// `{name = value, …}` for parallel arrays of names and numbers (the first of repeated names wins).
    public static func numbers(_ names: [String], _ values: [Double]) -> JSONValue {
        .object(Dictionary(zip(names, values.map(JSONValue.number)), uniquingKeysWith: { a, _ in a }))
    }

    /// Parses one JSON value (surrounded by blanks) from UTF-8 bytes, nested at most `maxDepth` levels.
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 200) throws -> JSONValue {
        var parser = Parser(bytes: bytes, maxDepth: maxDepth)
        parser.skipBlanks()
        let value = try parser.value(depth: 0)
        parser.skipBlanks()
        guard parser.position == bytes.count else { throw parser.error("unexpected trailing text") }
        return value
    }

    /// Parses a JSON text.
    public static func parse(_ text: String, maxDepth: Int = 200) throws -> JSONValue {
        try Array(text.utf8).withUnsafeBytes { try parse($0, maxDepth: maxDepth) }
    }

    /// The text; with `indent` > 0, pretty-printed with that many spaces per level (at most `maximumIndent`).
    public func encoded(indent: Int = 0) -> String {
        var out = ""
        write(into: &out, indent: Swift.min(Swift.max(indent, 0), Self.maximumIndent), level: 0)
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

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        let maxDepth: Int
        var position = 0

        init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        func error(_ reason: String, at offset: Int? = nil) -> DecodeError { DecodeError(offset: (offset ?? position) + 1, reason: reason) }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipBlanks() {
            while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position += 1 }
        }

        mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
            for byte in word.utf8 {
                guard current == byte else { throw error("invalid literal (expected '\(word)')") }
                position += 1
            }
            return value
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
            guard let c = current else { throw error("unexpected end of input") }
            switch c {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw error("unexpected character '\(Character(Unicode.Scalar(c)))'")
            }
        }

        mutating func object(depth: Int) throws -> JSONValue {
            position += 1
            var entries: [String: JSONValue] = [:]
            skipBlanks()
            if current == UInt8(ascii: "}") { position += 1; return .object(entries) }
            while true {
                skipBlanks()
                let keyStart = position
                guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try string()
                skipBlanks()
                guard current == UInt8(ascii: ":") else { throw error("expected ':'") }
                position += 1
                skipBlanks()
                guard entries.updateValue(try value(depth: depth + 1), forKey: key) == nil else {
                    throw error("duplicate key '\(key)'", at: keyStart)
                }
                skipBlanks()
                switch current {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"): position += 1; return .object(entries)
                default: throw error("expected ',' or '}'")
                }
            }
        }

        mutating func array(depth: Int) throws -> JSONValue {
            position += 1
            var items: [JSONValue] = []
            skipBlanks()
            if current == UInt8(ascii: "]") { position += 1; return .array(items) }
            while true {
                skipBlanks()
                items.append(try value(depth: depth + 1))
                skipBlanks()
                switch current {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"): position += 1; return .array(items)
                default: throw error("expected ',' or ']'")
                }
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard position + 4 <= bytes.count,
                  let v = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16)
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
                    guard let s = String(validating: out, as: UTF8.self) else { throw error("invalid UTF-8 in string") }
                    return s
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
                        if (0xD800..<0xDC00).contains(code) {
                            guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                                throw error("lone surrogate in \\u escape")
                            }
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

        mutating func number() throws -> JSONValue {
            let start = position
            func digits() -> Int {
                let from = position
                while let c = current, (48...57).contains(c) { position += 1 }
                return position - from
            }
            func invalid() -> DecodeError {
                while let c = current, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
                        || (c | 0x20) == UInt8(ascii: "e") || (48...57).contains(c) { position += 1 }
                return error("invalid number '\(String(decoding: bytes[start..<position], as: UTF8.self))'", at: start)
            }
            if current == UInt8(ascii: "-") { position += 1 }
            let intStart = position
            guard digits() > 0 else { throw invalid() }
            guard bytes[intStart] != UInt8(ascii: "0") || position - intStart == 1 else { throw invalid() }
            var integral = true
            if current == UInt8(ascii: ".") {
                position += 1
                integral = false
                guard digits() > 0 else { throw invalid() }
            }
            if let c = current, (c | 0x20) == UInt8(ascii: "e") {
                position += 1
                integral = false
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { throw invalid() }
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            if integral, let n = Int(text) { return .integer(n) }
            guard let d = Double(text) else { throw invalid() }
            return .number(d)
        }
    }
}
