/// The Python literals a `.npy` header dict is written in (`{'descr': '<f4', 'fortran_order': False,
/// 'shape': (3, 4), }`): strings, booleans, integers, tuples, lists and dicts, nothing evaluated.
indirect enum PythonLiteral: Equatable {
    case string(String)
    case bool(Bool)
    case integer(Int)
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dict([String: PythonLiteral])

    /// Parses one literal (surrounded by blanks); throws for anything else, including integers beyond Int.
    static func parse(_ text: String) throws -> PythonLiteral {
        var parser = Parser(characters: Array(text.utf8))
        let value = try parser.value(depth: 0)
        parser.skipBlanks()
        guard parser.position == parser.characters.count else { throw Parser.Failure() }
        return value
    }

    private struct Parser {
        struct Failure: Error {}
        let characters: [UInt8]
        var position = 0

        mutating func skipBlanks() {
            while position < characters.count, [32, 9, 10, 13].contains(characters[position]) { position += 1 }
        }

        mutating func peek() -> UInt8? {
            skipBlanks()
            return position < characters.count ? characters[position] : nil
        }

        mutating func value(depth: Int) throws -> PythonLiteral {
            guard depth < 32, let c = peek() else { throw Failure() }
            switch c {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                position += 1
                let start = position
                while position < characters.count && characters[position] != c {
                    if characters[position] == UInt8(ascii: "\\") { position += 1 }
                    position += 1
                }
                guard position < characters.count else { throw Failure() }
                position += 1
                return .string(String(decoding: characters[start..<(position - 1)], as: UTF8.self))
            case UInt8(ascii: "("): return .tuple(try items(until: UInt8(ascii: ")"), depth: depth))
            case UInt8(ascii: "["): return .list(try items(until: UInt8(ascii: "]"), depth: depth))
            case UInt8(ascii: "{"):
                position += 1
                var entries: [String: PythonLiteral] = [:]
                while peek() != UInt8(ascii: "}") {
                    guard case let .string(key) = try value(depth: depth + 1), peek() == UInt8(ascii: ":") else { throw Failure() }
                    position += 1
                    guard entries.updateValue(try value(depth: depth + 1), forKey: key) == nil else { throw Failure() }
                    guard let next = peek() else { throw Failure() }
                    if next == UInt8(ascii: ",") { position += 1 } else if next != UInt8(ascii: "}") { throw Failure() }
                }
                position += 1
                return .dict(entries)
            default:
                let start = position
                while position < characters.count, characters[position] == UInt8(ascii: "-")
                        || (65...90).contains(characters[position]) || (97...122).contains(characters[position])
                        || (48...57).contains(characters[position]) {
                    position += 1
                }
                var word = String(decoding: characters[start..<position], as: UTF8.self)
                if word == "True" { return .bool(true) }
                if word == "False" { return .bool(false) }
                if word.hasSuffix("L") { word.removeLast() }            // Python 2 longs in old files
                guard let n = Int(word) else { throw Failure() }
                return .integer(n)
            }
        }

        /// Comma-separated values up to `close` (a trailing comma allowed), after the opening bracket.
        mutating func items(until close: UInt8, depth: Int) throws -> [PythonLiteral] {
            position += 1
            var out: [PythonLiteral] = []
            while peek() != close {
                out.append(try value(depth: depth + 1))
                guard let next = peek() else { throw Failure() }
                if next == UInt8(ascii: ",") { position += 1 } else if next != close { throw Failure() }
            }
            position += 1
            return out
        }
    }
}
