import CLua
import LuaBridgeC

/// Limits for sandboxed code (plugins, and the main script with `--sandbox`). Every entry into sandboxed
/// code — loading a plugin, a metric's `per_group` or `fn`, an objective, a callback, and the `__gc`,
/// `__close`, `__tostring` … of its tables — gets this budget; entries nested inside one share it.
public struct SandboxLimits: Sendable {
    /// VM instructions one entry may execute before it is stopped.
    public var instructions: Int
    /// Bytes one entry may add to the state: Lua memory plus the tensors it is given.
    public var memoryBytes: Int

    /// 100 million instructions (a fraction of a second) and 64 MiB.
    public static let plugin = SandboxLimits(instructions: 100_000_000, memoryBytes: 64 << 20)
    /// For a whole main script under `--sandbox`: a billion instructions and 1 GiB.
    public static let script = SandboxLimits(instructions: 1_000_000_000, memoryBytes: 1 << 30)

    /// Custom limits.
    public init(instructions: Int, memoryBytes: Int) {
        self.instructions = instructions
        self.memoryBytes = memoryBytes
    }
}

extension LuaState {
    /// Globals a sandbox keeps as they are. `io os load loadfile dofile require debug collectgarbage
    /// getmetatable rawset coroutine` are absent; `math string table utf8` are copies (so a plugin cannot
    /// patch them), and `string.dump` is removed (also from the strings' own metatable, `("").dump`).
    /// `pcall`, `xpcall` and `setmetatable` are the sandbox's own (see `ls_sandbox_install`).
    static let sandboxSafeGlobals = ["assert", "error", "ipairs", "next", "pairs", "print",
                                     "select", "tonumber", "tostring", "type", "rawequal", "rawlen", "rawget",
                                     "_VERSION"]
    static let sandboxCopiedGlobals = ["math", "string", "table", "utf8"]

    /// Pushes a fresh sandbox environment: safe globals, copies of the libraries and of the FairLua API
    /// without the functions that read or write paths.
    public func pushSandboxEnvironment() {
        installPendingModules()
        lua_createtable(L, 0, 32)
        let env = lua_gettop(L)
        for name in LuaState.sandboxSafeGlobals {
            pushGlobal(name)
            lua_setfield(L, env, name)
        }
        ls_sandbox_install(L, env)
        lua_getfield(L, ls_registryindex(), LuaState.docNamesKey)
        let docNames = lua_gettop(L)
        for name in LuaState.sandboxCopiedGlobals + apiNames {
            pushGlobal(name)
            if lua_type(L, -1) == LUA_TFUNCTION && touchesFiles(docNames) {
                ls_pop(L, 1)
                continue
            }
            copyTable(depth: 0, docNames: docNames)
            lua_setfield(L, env, name)
        }
        ls_pop(L, 1)
        pushGlobal("string")               // the real string table is what ("").dump reaches
        lua_pushnil(L)
        lua_setfield(L, -2, "dump")
        ls_pop(L, 1)
        lua_getfield(L, env, "string")
        lua_pushnil(L)
        lua_setfield(L, -2, "dump")
        ls_pop(L, 1)
        lua_pushvalue(L, env)
        lua_setfield(L, env, "_G")
    }

    /// Whether the function on top of the stack is an API function that reads or writes paths.
    private func touchesFiles(_ docNames: Int32) -> Bool {
        lua_pushvalue(L, -1)
        defer { ls_pop(L, 1) }
        return lua_rawget(L, docNames) == LUA_TSTRING && stack.string(at: -1).flatMap(docs.lookup)?.touchesFiles == true
    }

    /// Replaces the table on top of the stack by a copy (nested tables copied too, metatables shared),
    /// leaving out functions that touch files.
    private func copyTable(depth: Int, docNames: Int32) {
        guard lua_type(L, -1) == LUA_TTABLE, depth < 8, lua_checkstack(L, 6) != 0 else { return }
        let source = lua_gettop(L)
        lua_createtable(L, 0, 0)
        let copy = lua_gettop(L)
        lua_pushnil(L)
        while lua_next(L, source) != 0 {
            if lua_type(L, -1) == LUA_TFUNCTION && touchesFiles(docNames) {
                ls_pop(L, 1)
                continue
            }
            copyTable(depth: depth + 1, docNames: docNames)
            lua_pushvalue(L, -2)
            ls_insert(L, -2)
            lua_rawset(L, copy)
        }
        if lua_getmetatable(L, source) != 0 { lua_setmetatable(L, copy) }
        ls_remove(L, source)
    }

    /// Makes the environment on top of the stack the `_ENV` of the chunk just below it (pops the env),
    /// and marks the chunk's functions as sandboxed code (so callbacks into them are budgeted too).
    public func setChunkEnvironment() {
        var info = lua_Debug()
        lua_pushvalue(L, -2)
        if lua_getinfo(L, ">S", &info) != 0, let source = info.source { ls_sandbox_addsource(L, source) }
        _ = lua_setupvalue(L, -2, 1)
    }

    /// Calls the function below `nargs` arguments as sandboxed code under `sandboxLimits`.
    public func callSandboxed(nargs: Int32, nresults: Int32) throws {
        if ls_pcall_sandboxed(L, nargs, nresults, nil) != LUA_OK { throw LuaError.runtime(popMessage()) }
    }

    /// Loads every `*.lua` file of `directories` (text only) in its own sandbox and runs it under the
    /// plugin limits. Errors name the plugin file (and line, when Lua knows it). Returns the files loaded.
    @discardableResult
    public func loadPlugins(from directories: [String]) throws -> [String] {
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
                    try callSandboxed(nargs: 0, nresults: 0)
                } catch let error as LuaError {
                    let text = error.description
                    throw LuaError.runtime(text.hasPrefix("plugin ") ? text
                                           : text.contains(path) ? "plugin \(text)" : "plugin \(path): \(text)")
                }
                loaded.append(path)
            }
        }
        return loaded
    }
}
