import CLua
import LuaBridgeC

/// A Lua value (typically a callback) held by a registry reference so Swift can call it later.
/// Released with `luaL_unref` when the reference dies, unless the state has been closed.
public final class LuaRef {
    private weak var state: LuaState?
    /// The registry slot.
    let ref: Int32

    /// References the value at `idx` of `state`'s main stack.
    public init(_ state: LuaState, at idx: Int32) {
        self.state = state
        lua_pushvalue(state.L, idx)
        ref = luaL_ref(state.L, ls_registryindex())
    }

    deinit {
        if let state, !state.isClosed { luaL_unref(state.L, ls_registryindex(), ref) }
    }

    /// Pushes the referenced value onto `L` (the state's main thread or one of its coroutines).
    public func push(_ L: OpaquePointer) {
        lua_rawgeti(L, ls_registryindex(), lua_Integer(ref))
    }

    /// Calls the referenced function with `args` (protected, with a traceback) and returns its results.
    public func call(_ args: [LuaValue], on L: OpaquePointer) throws -> [LuaValue] {
        let stack = LuaStack(L)
        let base = lua_gettop(L)
        guard lua_checkstack(L, Int32(args.count + 2)) != 0 else { throw LuaError.message("Lua stack overflow") }
        push(L)
        for a in args { stack.push(a) }
        if ls_pcall_callback(L, Int32(args.count), LUA_MULTRET, "callback") != LUA_OK {
            defer { lua_settop(L, base) }
            throw LuaError.runtime(stack.string(at: -1) ?? "(error object is a \(stack.typeName(at: -1)) value)")
        }
        defer { lua_settop(L, base) }
        return try (base + 1 ..< lua_gettop(L) + 1).map { try stack.value(at: $0) }
    }
}
