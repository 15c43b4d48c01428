import CLua
import LuaBridgeC
#if canImport(Glibc)
import Glibc
#endif

/// A Lua value copied into Swift: scalars, strings, and tables as arrays or string-keyed dictionaries.
public indirect enum LuaValue: Equatable, Sendable {
    case `nil`
    case boolean(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    /// A sequence `{v1, v2, …}` (keys 1…n, no holes).
    case array([LuaValue])
    /// Any other table; number keys are written as strings ("10").
    case table([String: LuaValue])

    /// The value as a Double when it is a number.
    public var doubleValue: Double? {
        switch self {
        case let .integer(i): return Double(i)
        case let .number(d): return d
        default: return nil
        }
    }

    /// The value as a String when it is one.
    public var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    /// Lua's name for the value's type.
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .array, .table: return "table"
        }
    }
}

/// The deepest nesting converted between Lua tables and Swift values (cycles stop here).
let maximumTableDepth = 100

extension LuaStack {
    /// Copies the value at `idx` into Swift without running metamethods.
    public func value(at idx: Int32) throws -> LuaValue {
        try value(at: lua_absindex(L, idx), depth: 0)
    }

    private func value(at idx: Int32, depth: Int) throws -> LuaValue {
        switch type(at: idx) {
        case .none, .nil: return .nil
        case .boolean: return .boolean(lua_toboolean(L, idx) != 0)
        case .number:
            // Integers beyond ±2^53 arrive as floats, so that readers of `.integer` never see one.
            if ls_isinteger(L, idx) != 0, let i = try? integer(at: idx) { return .integer(i) }
            return .number(lua_tonumberx(L, idx, nil))
        case .string: return .string(string(at: idx) ?? "")
        case .table: return try table(at: idx, depth: depth)
        case let other:
            throw LuaError.message("cannot convert a \(other.name) to data")
        }
    }

    /// Reads a table: a sequence becomes `.array`, anything else `.table` with string keys.
    private func table(at idx: Int32, depth: Int) throws -> LuaValue {
        guard depth < maximumTableDepth else {
            throw LuaError.message("table nested more than \(maximumTableDepth) levels deep (a cycle?)")
        }
        guard lua_checkstack(L, 4) != 0 else { throw LuaError.message("Lua stack overflow") }
        let length = Int(lua_rawlen(L, idx))
        var count = 0
        var dictionary: [String: LuaValue] = [:]
        var isSequence = true
        // lua_next cannot raise here: its keys come straight from the previous call and no Lua code
        // runs during the traversal, so the table cannot change under it.
        lua_pushnil(L)
        while lua_next(L, idx) != 0 {
            count += 1
            let key: String
            switch type(at: -2) {
            case .string:
                key = string(at: -2) ?? ""
                isSequence = false
            case .number:
                if ls_isinteger(L, -2) != 0 {
                    let i = Int(lua_tointegerx(L, -2, nil))
                    if i < 1 || i > length { isSequence = false }
                    key = String(i)
                } else {
                    key = LuaStack.format(lua_tonumberx(L, -2, nil))
                    isSequence = false
                }
            case let other:
                ls_pop(L, 2)
                throw LuaError.message("cannot convert a table with a \(other.name) key")
            }
            do {
                dictionary[key] = try value(at: lua_gettop(L), depth: depth + 1)
            } catch {
                ls_pop(L, 2)
                throw error
            }
            ls_pop(L, 1)
        }
        if count == 0 { return .table([:]) }
        if isSequence && count == length {
            return .array((1...length).map { dictionary[String($0)] ?? .nil })
        }
        return .table(dictionary)
    }

    /// Pushes a Swift value as a fresh Lua value (tables are new tables without metatables).
    public func push(_ value: LuaValue) { push(value, metatable: nil) }

    /// Pushes `value`; with `metatable` (an absolute stack index) each table, nested ones too, gets that
    /// metatable, and with nil they are plain.
    private func push(_ value: LuaValue, metatable: Int32?) {
        switch value {
        case .nil: lua_pushnil(L)
        case let .boolean(b): lua_pushboolean(L, b ? 1 : 0)
        case let .integer(i): lua_pushinteger(L, lua_Integer(i))
        case let .number(d): lua_pushnumber(L, d)
        case let .string(s): push(s)
        case let .array(items):
            _ = lua_checkstack(L, 3)
            lua_createtable(L, Int32(clamping: items.count), 0)
            for (i, item) in items.enumerated() {
                push(item, metatable: metatable)
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
            setMetatable(metatable)
        case let .table(entries):
            _ = lua_checkstack(L, 3)
            lua_createtable(L, 0, Int32(clamping: entries.count))
            for (key, item) in entries {
                push(key)
                push(item, metatable: metatable)
                lua_rawset(L, -3)
            }
            setMetatable(metatable)
        }
    }

    /// Gives the table on top the metatable at stack index `metatable`, if one is given.
    private func setMetatable(_ metatable: Int32?) {
        guard let metatable else { return }
        lua_pushvalue(L, metatable)
        lua_setmetatable(L, -2)
    }

    /// Pushes `value` as `push` does, giving each table (nested ones too) the printable metatable of the
    /// prelude, so that `print(result)` and the REPL show the contents rather than `table: 0x…`.
    public func pushPrintable(_ value: LuaValue) {
        switch value {
        case .array, .table:
            _ = lua_checkstack(L, 4)
            guard lua_getfield(L, ls_registryindex(), LuaPrelude.printableKey) == LUA_TTABLE else {   // the registry has no metatable
                ls_pop(L, 1)
                return push(value)
            }
            push(value, metatable: lua_gettop(L))
            ls_remove(L, -2)
        default:
            push(value)
        }
    }

    /// Pushes a new table with room for `count` array entries that prints its contents, as `pushPrintable`'s
    /// do, for a table a binding fills with objects (`ds:kfold(k)`'s folds of datasets).
    public func pushPrintableTable(arrayCount count: Int) {
        pushTable(arrayCount: count)
        _ = lua_checkstack(L, 2)
        if lua_getfield(L, ls_registryindex(), LuaPrelude.printableKey) == LUA_TTABLE { lua_setmetatable(L, -2) } else { ls_pop(L, 1) }
    }

    /// Formats a float as Lua's `%.14g` would.
    static func format(_ d: Double) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var buffer = [CChar](repeating: 0, count: 64)
        _ = buffer.withUnsafeMutableBufferPointer { p in
            withVaList([d]) { vsnprintf(p.baseAddress, 64, "%.14g", $0) }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension LuaValue {
    /// A list of names: one string or number, or an array of them (numbers written as Lua prints them).
    public func texts() throws -> [String] {
        func text(_ v: LuaValue) throws -> String {
            switch v {
            case let .string(s): return s
            case let .integer(i): return String(i)
            case let .number(d): return LuaStack.format(d)
            default: throw LuaError.message("strings or numbers expected, got \(v.typeName)")
            }
        }
        if case let .array(items) = self { return try items.map(text) }
        if case .table = self { return [] }
        return [try text(self)]
    }
}

extension LuaValue {
    /// A `{name = number, …}` table (numbers as Doubles); anything else, or an empty table, is an error.
    public func numbersByName() throws -> [String: Double] {
        guard case let .table(t) = self, !t.isEmpty else { throw LuaError.message("{name = number, …} expected, got \(typeName)") }
        return try t.mapValues { v in
            guard let d = v.doubleValue else { throw LuaError.message("{name = number, …} expected; a value is a \(v.typeName)") }
            return d
        }
    }
}
