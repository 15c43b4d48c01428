import LuaHost
import Tensors

/// `json.encode` / `json.decode`.
enum JSONBindings {
    static var module: LuaModule {
        LuaModule("json", "JSON text to and from Lua tables.")
            .function("encode", "value: any, opts: {indent: integer}?", returns: "string",
                      "Encodes nil, booleans, numbers, strings and tables; keys sorted, NaN as null.") { call in
                let options = try call.options(2, allowed: ["indent"])
                let indent = try options.integer("indent") ?? 0
                guard (0...JSONValue.maximumIndent).contains(indent) else { throw call.argumentError(2, "option 'indent' must be 0..\(JSONValue.maximumIndent)") }
                return call.returns(try call.value(1).jsonValue.encoded(indent: indent))
            }
            .function("decode", "text: string", returns: "any",
                      "Decodes a JSON text; errors give the byte offset where it is malformed.") { call in
                let text = try call.string(1)
                do {
                    return call.returns(LuaValue(try JSONValue.parse(text)))
                } catch let error as JSONValue.DecodeError {
                    throw LuaError.message("json.decode: \(error)")
                }
            }
    }
}

extension LuaValue {
    /// A JSON value as a Lua value (null becomes nil, objects tables).
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .nil
        case let .bool(b): self = .boolean(b)
        case let .integer(i): self = .integer(i)
        case let .number(d): self = .number(d)
        case let .string(s): self = .string(s)
        case let .array(items): self = .array(items.map(LuaValue.init))
        case let .object(entries): self = .table(entries.mapValues(LuaValue.init))
        }
    }

    /// The value as JSON (nil becomes null, tables objects).
    public var jsonValue: JSONValue {
        switch self {
        case .nil: return .null
        case let .boolean(b): return .bool(b)
        case let .integer(i): return .integer(i)
        case let .number(d): return .number(d)
        case let .string(s): return .string(s)
        case let .array(items): return .array(items.map(\.jsonValue))
        case let .table(entries): return .object(entries.mapValues(\.jsonValue))
        }
    }
}
