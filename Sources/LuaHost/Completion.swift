import CLua
import LuaBridgeC

/// Tab completion for the REPL: globals, fields after `.` and methods after `:`, read without metamethods.
public struct Completion {
    let state: LuaState

    /// Completion over the globals of `state`.
    public init(state: LuaState) { self.state = state }

    /// Full replacements for `text` (e.g. `json.en` gives `json.encode`).
    public func candidates(for text: String) -> [String] {
        state.installPendingModules()
        let L = state.L
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard let cut = text.lastIndex(where: { $0 == "." || $0 == ":" }) else {
            lua_rawgeti(L, ls_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
            return keys(prefix: text).map { $0 }
        }
        let path = text[..<cut].split(separator: ".", omittingEmptySubsequences: false)
        lua_rawgeti(L, ls_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
        for part in path {
            guard lua_type(L, -1) == LUA_TTABLE else { return [] }
            state.stack.push(String(part))
            lua_rawget(L, -2)
        }
        if lua_type(L, -1) == LUA_TUSERDATA || text[cut] == ":" {
            // methods live in the metatable: __methods (classes with an indexer) or a table __index
            guard ls_getmetafield_raw(L, -1, "__methods") == LUA_TTABLE
                    || ls_getmetafield_raw(L, -1, "__index") == LUA_TTABLE else { return [] }
        }
        let head = String(text[...cut])
        return keys(prefix: String(text[text.index(after: cut)...])).map { head + $0 }
    }

    /// String keys of the table on top of the stack that start with `prefix` and are identifiers.
    private func keys(prefix: String) -> [String] {
        guard lua_type(state.L, -1) == LUA_TTABLE else { return [] }
        return state.stack.stringKeys(of: -1)
            .filter { $0.hasPrefix(prefix) && !$0.hasPrefix("__") && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }
            .sorted()
    }
}
