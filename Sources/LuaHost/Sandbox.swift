import CLua
import LuaBridgeC

/// Limits for sandboxed code (plugins, and the main script with `--sandbox`).
public struct SandboxLimits: Sendable {
    /// VM instructions one load or call may execute before it is stopped.
    public var instructions: Int32
    /// Bytes the state may grow by during one load or call.
    public var memoryBytes: Int

    /// 100 million instructions (a fraction of a second) and 64 MiB.
    public static let plugin = SandboxLimits(instructions: 100_000_000, memoryBytes: 64 << 20)

    /// Custom limits.
    public init(instructions: Int32, memoryBytes: Int) {
        self.instructions = instructions
        self.memoryBytes = memoryBytes
    }
}

extension LuaState {
    /// Globals a sandbox keeps as they are. `io os load loadfile dofile require debug collectgarbage
    /// getmetatable` are absent; `math string table utf8` are copies (so a plugin cannot patch them),
    /// and `string.dump` is removed from the copy.
    static let sandboxSafeGlobals = ["assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall", "print",
                                     "select", "tonumber", "tostring", "type", "rawequal", "rawlen", "rawget",
                                     "setmetatable", "_VERSION"]
    static let sandboxCopiedGlobals = ["math", "string", "table", "utf8"]

    /// Pushes a fresh sandbox environment: safe globals, copies of the libraries and of the FairLua API.
    public func pushSandboxEnvironment() {
        lua_createtable(L, 0, 32)
        let env = lua_gettop(L)
        for name in LuaState.sandboxSafeGlobals {
            pushGlobal(name)
            lua_setfield(L, env, name)
        }
        for name in LuaState.sandboxCopiedGlobals + apiNames {
            pushGlobal(name)
            copyTable(depth: 0)
            lua_setfield(L, env, name)
        }
        lua_getfield(L, env, "string")
        lua_pushnil(L)
        lua_setfield(L, -2, "dump")
        ls_pop(L, 1)
        lua_pushvalue(L, env)
        lua_setfield(L, env, "_G")
    }

    /// Replaces the table on top of the stack by a copy (nested tables copied too, metatables shared).
    private func copyTable(depth: Int) {
        guard lua_type(L, -1) == LUA_TTABLE, depth < 8, lua_checkstack(L, 6) != 0 else { return }
        let source = lua_gettop(L)
        lua_createtable(L, 0, 0)
        let copy = lua_gettop(L)
        lua_pushnil(L)
        while lua_next(L, source) != 0 {
            copyTable(depth: depth + 1)
            lua_pushvalue(L, -2)
            ls_insert(L, -2)
            lua_rawset(L, copy)
        }
        if lua_getmetatable(L, source) != 0 { lua_setmetatable(L, copy) }
        ls_remove(L, source)
    }

    /// Makes the environment on top of the stack the `_ENV` of the chunk just below it (pops the env).
    public func setChunkEnvironment() {
        _ = lua_setupvalue(L, -2, 1)
    }

    /// Calls the function below `nargs` arguments under `limits` (instruction count and memory).
    public func callSandboxed(nargs: Int32, nresults: Int32, limits: SandboxLimits) throws {
        let suspended = ls_setmemsuspended(L, 0)
        ls_setmemlimit(L, ls_memused(L) + limits.memoryBytes)
        ls_setinstructionlimit(L, limits.instructions)
        let status = ls_pcall(L, nargs, nresults)
        ls_setinstructionlimit(L, 0)
        ls_setmemlimit(L, 0)
        _ = ls_setmemsuspended(L, suspended)
        if status != LUA_OK { throw LuaError.runtime(popMessage()) }
    }

    /// Loads every `*.lua` file of `directories` (text only) in its own sandbox and runs it under `limits`.
    /// Errors name the plugin file (and line, when Lua knows it). Returns the files loaded.
    @discardableResult
    public func loadPlugins(from directories: [String], limits: SandboxLimits = .plugin) throws -> [String] {
        var loaded: [String] = []
        for directory in directories where !directory.isEmpty {
            guard FileSystem.isDirectory(directory) else {
                throw LuaError.message("plugin directory '\(directory)' does not exist")
            }
            for path in try FileSystem.files(in: directory, suffix: ".lua") {
                do {
                    try loadFile(path)
                    pushSandboxEnvironment()
                    setChunkEnvironment()
                    try callSandboxed(nargs: 0, nresults: 0, limits: limits)
                } catch let error as LuaError {
                    let text = error.description
                    throw LuaError.runtime(text.contains(path) ? "plugin \(text)" : "plugin \(path): \(text)")
                }
                loaded.append(path)
            }
        }
        return loaded
    }
}
