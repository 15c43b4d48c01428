/// A strict JSON (RFC 8259) reader for the small headers of binary formats (safetensors): integers that fit
/// `Int` stay exact; repeated keys, trailing commas, nesting deeper than 64 and text after the value are errors.
enum JSONValue: Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case null

    struct Failure: Error {}

    /// Parses one JSON value (surrounded by blanks) from UTF-8 bytes.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws -> JSONValue {
        var parser = Parser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipBlanks()
        guard parser.position == bytes.count else { throw Failure() }
        return value
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        mutating func skipBlanks() {
            while position < bytes.count, [32, 9, 10, 13].contains(bytes[position]) { position += 1 }
        }

        mutating func expect(_ c: UInt8) throws {
            skipBlanks()
            guard position < bytes.count, bytes[position] == c else { throw Failure() }
            position += 1
        }

        mutating func next(is c: UInt8) -> Bool {
            skipBlanks()
            if position < bytes.count && bytes[position] == c { position += 1; return true }
            return false
        }

        mutating func value(depth: Int) throws -> JSONValue {
            skipBlanks()
            guard depth < 64, position < bytes.count else { throw Failure() }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var fields: [String: JSONValue] = [:]
                if next(is: UInt8(ascii: "}")) { return .object(fields) }
                repeat {
                    skipBlanks()
                    let key = try string()
                    try expect(UInt8(ascii: ":"))
                    guard fields.updateValue(try value(depth: depth + 1), forKey: key) == nil else { throw Failure() }
                } while next(is: UInt8(ascii: ","))
                try expect(UInt8(ascii: "}"))
                return .object(fields)
            case UInt8(ascii: "["):
                position += 1
                var items: [JSONValue] = []
                if next(is: UInt8(ascii: "]")) { return .array(items) }
                repeat { items.append(try value(depth: depth + 1)) } while next(is: UInt8(ascii: ","))
                try expect(UInt8(ascii: "]"))
                return .array(items)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try word("true"); return .bool(true)
            case UInt8(ascii: "f"): try word("false"); return .bool(false)
            case UInt8(ascii: "n"): try word("null"); return .null
            default: return try number()
            }
        }

        mutating func word(_ w: String) throws {
            for c in w.utf8 {
                guard position < bytes.count, bytes[position] == c else { throw Failure() }
                position += 1
            }
        }

        mutating func string() throws -> String {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw Failure() }
            position += 1
            var out: [UInt8] = []
            while position < bytes.count {
                let c = bytes[position]
                position += 1
                switch c {
                case UInt8(ascii: "\""):
                    guard let s = String(validating: out, as: UTF8.self) else { throw Failure() }
                    return s
                case UInt8(ascii: "\\"):
                    guard position < bytes.count else { throw Failure() }
                    let e = bytes[position]
                    position += 1
                    let simple: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 8, 0x66: 12, 0x6E: 10, 0x72: 13, 0x74: 9]
                    if let s = simple[e] { out.append(s); continue }
                    guard e == UInt8(ascii: "u") else { throw Failure() }
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        try word("\\u")
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Failure() }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw Failure() }
                    out += Array(String(Character(scalar)).utf8)
                case 0..<0x20: throw Failure()
                default: out.append(c)
                }
            }
            throw Failure()
        }

        mutating func hex4() throws -> UInt32 {
            guard position + 4 <= bytes.count,
                  let v = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16) else { throw Failure() }
            position += 4
            return v
        }

        mutating func number() throws -> JSONValue {
            let start = position
            func digits() -> Int {
                let from = position
                while position < bytes.count, (48...57).contains(bytes[position]) { position += 1 }
                return position - from
            }
            if position < bytes.count && bytes[position] == UInt8(ascii: "-") { position += 1 }
            let intStart = position
            guard digits() > 0 else { throw Failure() }
            guard bytes[intStart] != UInt8(ascii: "0") || position - intStart == 1 else { throw Failure() }
            var integral = true
            if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
                position += 1
                integral = false
                guard digits() > 0 else { throw Failure() }
            }
            if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
                position += 1
                integral = false
                if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) { position += 1 }
                guard digits() > 0 else { throw Failure() }
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            if integral, let n = Int(text) { return .integer(n) }
            guard let d = Double(text) else { throw Failure() }
            return .number(d)
        }
    }
}
