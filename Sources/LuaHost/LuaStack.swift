import CLua
import LuaBridgeC

/// Non-raising access to a Lua stack: reads, pushes and userdata boxing (BINDING.md's "safe" calls only).
public struct LuaStack {
    /// The Lua thread whose stack this is.
    public let L: OpaquePointer

    /// Wraps a raw `lua_State`.
    public init(_ L: OpaquePointer) { self.L = L }

    /// Number of values on the stack.
    public var top: Int32 { lua_gettop(L) }

    /// The type of the value at `idx`.
    public func type(at idx: Int32) -> LuaType { LuaType(rawValue: lua_type(L, idx)) ?? .none }

    /// The name used in error messages: the metatable's `__name` for userdata, else the basic type.
    public func typeName(at idx: Int32) -> String {
        let t = type(at: idx)
        if t == .userdata || t == .table, ls_getmetafield_raw(L, idx, "__name") == LUA_TSTRING {
            defer { ls_pop(L, 1) }
            return displayName(string(at: -1) ?? t.name)
        }
        return t.name
    }

    /// The string at `idx` when it is a string (numbers are not converted: that would change the stack).
    public func string(at idx: Int32) -> String? {
        guard lua_type(L, idx) == LUA_TSTRING else { return nil }
        var length = 0
        guard let p = ls_tolstring(L, idx, &length) else { return nil }
        return p.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// The largest magnitude of an integer read from Lua: 2^53, within which every integer is also an
    /// exact float. Larger ones (`math.maxinteger`, `2^62`) would overflow the size and index arithmetic.
    public static let integerLimit = 1 << 53

    /// The number at `idx` as an integer: refused when it has no integer value (NaN, ±inf, 1.5) or its
    /// magnitude exceeds `integerLimit` — the one place integers from Lua are range-checked.
    public func integer(at idx: Int32) throws -> Int {
        var exact: Int32 = 0
        let n = lua_tointegerx(L, idx, &exact)
        guard exact != 0 else { throw LuaError.message("number has no integer representation") }
        guard n >= -LuaStack.integerLimit && n <= LuaStack.integerLimit else {
            throw LuaError.message("integer \(n) out of range (valid: -2^53..2^53)")
        }
        return Int(n)
    }

    /// Pushes a Swift string.
    public func push(_ s: String) {
        var s = s
        s.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    /// Pushes a number (a float).
    public func push(_ d: Double) { lua_pushnumber(L, d) }
    /// Pushes an integer.
    public func push(_ i: Int) { lua_pushinteger(L, lua_Integer(i)) }
    /// Pushes a boolean.
    public func push(_ b: Bool) { lua_pushboolean(L, b ? 1 : 0) }
    /// Pushes nil.
    public func pushNil() { lua_pushnil(L) }

    /// Reads `table[key]` without metamethods; pushes nothing and returns the value.
    public func rawField(_ idx: Int32, _ key: String) throws -> LuaValue {
        let t = lua_absindex(L, idx)
        push(key)
        lua_rawget(L, t)
        defer { ls_pop(L, 1) }
        return try value(at: -1)
    }

    /// Runs `body` with `table[key]` (raw) pushed at the top, then pops it.
    public func withRawField<R>(_ idx: Int32, _ key: String, _ body: (Int32) throws -> R) rethrows -> R {
        let t = lua_absindex(L, idx)
        push(key)
        lua_rawget(L, t)
        defer { ls_pop(L, 1) }
        return try body(lua_gettop(L))
    }

    /// The raw length of the table or string at `idx` (`#` without metamethods).
    public func rawLength(_ idx: Int32) -> Int { Int(lua_rawlen(L, idx)) }

    /// Runs `body` with `table[k]` (raw) pushed at the top, then pops it.
    public func withRawIndex<R>(_ idx: Int32, _ k: Int, _ body: (Int32) throws -> R) rethrows -> R {
        lua_rawgeti(L, idx, lua_Integer(k))
        defer { ls_pop(L, 1) }
        return try body(lua_gettop(L))
    }

    /// Reports `bytes` allocated outside Lua for the boxed object just pushed, so the collector keeps pace
    /// and sandboxed code pays for what it holds (the count is released with the box).
    public func reportExternalAllocation(bytes: Int) {
        guard bytes >= 1 << 12, lua_type(L, -1) == LUA_TUSERDATA, lua_rawlen(L, -1) >= 2 * MemoryLayout<UInt>.size,
              let slot = lua_touserdata(L, -1) else { return }
        slot.storeBytes(of: UInt(bytes), toByteOffset: MemoryLayout<UInt>.size, as: UInt.self)
        ls_external(L, bytes)
    }

    /// Pops `n` values.
    public func pop(_ n: Int32) { ls_pop(L, n) }

    /// Pops the value on top into `table[k]` (raw).
    public func setRawIndex(_ idx: Int32, _ k: Int) {
        lua_rawseti(L, idx, lua_Integer(k))
    }

    /// Pushes a new table with room for `count` array entries.
    public func pushTable(arrayCount count: Int) { lua_createtable(L, Int32(clamping: count), 0) }

    /// The keys of the table at `idx` that are strings (raw traversal).
    public func stringKeys(of idx: Int32) -> [String] {
        let t = lua_absindex(L, idx)
        var keys: [String] = []
        lua_pushnil(L)
        while lua_next(L, t) != 0 {
            if let k = string(at: -2) { keys.append(k) }
            ls_pop(L, 1)
        }
        return keys
    }
}

/// "fairlua.Tensor" is shown to users as "Tensor".
func displayName(_ metatableName: String) -> String {
    metatableName.hasPrefix("fairlua.") ? String(metatableName.dropFirst("fairlua.".count)) : metatableName
}
