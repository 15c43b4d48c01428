import CLua
import LuaBridgeC

/// A Lua 5.4 state with FairLua's allocator, the boxing metatables, and the doc registry.
/// Knows nothing about fairness; FairLuaBindings installs the API into it.
public final class LuaState {
    /// The main thread.
    public let L: OpaquePointer
    /// Every documented module, class and function of this state (modules not yet used are installed first).
    public var docs: LuaDocs {
        installPendingModules()
        return docRegistry
    }
    /// The docs of what is installed so far (the installers add to it).
    let docRegistry = LuaDocs()
    /// Modules installed on their first use (`installOnFirstUse`), in registration order.
    var pendingModules: [(name: String, build: () -> LuaModule)] = []
    /// Classes installed when their first object is pushed (`installOnFirstPush`), by metatable key bits
    /// (an array, not a dictionary: a few dozen entries, and no generic metadata to look up at start-up).
    var pendingClasses: [(bits: UInt, install: (LuaState, OpaquePointer) -> Void)] = []
    /// Runs once when the last pending module is installed, given the thread that installed it.
    public var whenEveryModuleIsInstalled: ((OpaquePointer) -> Void)?
    /// Global names of the installed API modules (given to sandboxes).
    public internal(set) var apiNames: [String] = []
    /// Whether `close()` has run.
    public private(set) var isClosed = false
    /// The budget of every entry into sandboxed code (plugins, `--sandbox` scripts).
    public var sandboxLimits = SandboxLimits.plugin {
        didSet { ls_setsandboxlimits(L, Int64(sandboxLimits.instructions), sandboxLimits.memoryBytes) }
    }

    /// Registry key of the weak table mapping API values (functions, modules) to their doc names.
    static let docNamesKey = "fairlua.docnames"

    /// A new state with the standard libraries, `help`, and no FairLua API yet.
    public init() {
        // ls_newstate aborts rather than return NULL: memory exhaustion is not a recoverable error here.
        L = ls_newstate()!
        ls_gcgenerational(L)
        let stack = LuaStack(L)
        makeMetatable(functionBoxMetatable)
        ls_pop(L, 1)
        lua_createtable(L, 0, 0)                 // docnames, with weak keys
        lua_createtable(L, 0, 1)
        stack.push("k")
        lua_setfield(L, -2, "__mode")
        lua_setmetatable(L, -2)
        lua_setfield(L, ls_registryindex(), LuaState.docNamesKey)
        ls_setsandboxlimits(L, Int64(sandboxLimits.instructions), sandboxLimits.memoryBytes)
        lua_pushlightuserdata(L, Unmanaged.passUnretained(self).toOpaque())   // for LuaState.owning(_:)
        lua_rawsetp(L, ls_registryindex(), LuaState.selfKey.pointer)
        installHelp()
        installPrelude()
    }

    deinit { close() }

    /// Sets the bytes the process may get (`MemoryLimit.availableBytes()`): Lua code allocating beyond
    /// them gets "not enough memory" (catchable by `pcall`) unless a Swift frame is on the stack.
    public func setMemoryCeiling(_ bytes: Int) { ls_setmemceiling(L, bytes > 0 ? bytes : 0) }

    /// Closes the state: every boxed object is released (`__gc` runs for all userdata).
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        ls_close(L)
    }

    /// A stack view of the main thread.
    public var stack: LuaStack { LuaStack(L) }

    /// Creates (or fetches) the metatable `name` with `__gc`, `__close` and the box marker; leaves it pushed.
    @discardableResult
    func makeMetatable(_ name: String, on thread: OpaquePointer? = nil) -> Bool {
        let L = thread ?? self.L
        guard luaL_newmetatable(L, name) != 0 else { return false }
        lua_pushvalue(L, -1)
        lua_rawsetp(L, ls_registryindex(), MetatableKey(name).pointer)
        for event in ["__gc", "__close"] {
            ls_pushfunction(L, releaseBox, 0)
            lua_setfield(L, -2, event)
        }
        lua_pushboolean(L, 1)
        lua_setfield(L, -2, boxMarkerField)
        return true
    }

    /// Records that the value on top of the stack is documented under `name` (for `help`).
    func tagDoc(_ name: String, on L: OpaquePointer? = nil) {
        let L = L ?? self.L
        let stack = LuaStack(L)
        lua_getfield(L, ls_registryindex(), LuaState.docNamesKey)
        lua_pushvalue(L, -2)
        stack.push(name)
        lua_rawset(L, -3)
        ls_pop(L, 1)
    }

    /// Sets the global `arg` as lua(1) does: `arg[0]` the script, `arg[1…]` its arguments.
    public func setArguments(script: String, _ arguments: [String]) {
        stack.push(.array(arguments.map { .string($0) }))
        stack.push(script)
        lua_rawseti(L, -2, 0)
        setGlobal("arg")
    }

    /// Sets the global `name` to the value on top of the stack (popping it).
    public func setGlobal(_ name: String) {
        lua_rawgeti(L, ls_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
        ls_insert(L, -2)
        stack.push(name)
        ls_insert(L, -2)
        lua_rawset(L, -3)
        ls_pop(L, 1)
    }

    /// Pushes the global `name` (raw read of `_G`).
    public func pushGlobal(_ name: String) {
        lua_rawgeti(L, ls_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
        stack.push(name)
        lua_rawget(L, -2)
        ls_remove(L, -2)
    }

    /// Installs `module` as a global table and records its docs.
    public func install(_ module: LuaModule) {
        module.push(into: self)
        setGlobal(module.name)
        if !apiNames.contains(module.name) { apiNames.append(module.name) }
    }

    /// Installs a global function.
    public func installFunction(_ doc: LuaDoc, _ body: @escaping LuaFunctionBody) {
        docRegistry.add(doc)
        stack.pushFunction(doc.name, touchesFiles: doc.touchesFiles, body)
        tagDoc(doc.name)
        setGlobal(doc.name)
        if !apiNames.contains(doc.name) { apiNames.append(doc.name) }
    }

    /// Installs the metatable of a class of boxed Swift objects.
    public func install<T>(_ cls: LuaClass<T>) { cls.install(into: self) }

    // MARK: running code

    /// Compiles `code` and pushes the chunk; throws `.syntax` with Lua's message.
    public func load(_ code: String, chunkName: String) throws {
        var code = code
        let status = code.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                ls_loadbuffer(L, $0.baseAddress, $0.count, chunkName, "t")
            }
        }
        if status != LUA_OK { throw LuaError.syntax(popMessage()) }
    }

    /// Compiles a text file (bytecode is refused) and pushes the chunk.
    public func loadFile(_ path: String) throws {
        if ls_loadfile(L, path, "t") != LUA_OK { throw LuaError.syntax(popMessage()) }
    }

    /// Calls the function below `nargs` arguments in protected mode with a traceback.
    public func call(nargs: Int32, nresults: Int32) throws {
        if ls_pcall(L, nargs, nresults) != LUA_OK { throw LuaError.runtime(popMessage()) }
    }

    /// Runs a chunk of code and returns its results converted to Swift values.
    @discardableResult
    public func run(_ code: String, chunkName: String = "=(run)") throws -> [LuaValue] {
        let base = lua_gettop(L)
        try load(code, chunkName: chunkName)
        try call(nargs: 0, nresults: LUA_MULTRET)
        defer { lua_settop(L, base) }
        return try (base + 1 ..< lua_gettop(L) + 1).map { try stack.value(at: $0) }
    }

    /// Runs `body` with Ctrl-C stopping it: running Lua code raises "interrupted!" and Swift loops stop at
    /// their next cancellation check. With `secondKills` a second Ctrl-C kills the process. The SIGINT
    /// action in place before (the REPL prompt's SIG_IGN) is restored afterwards.
    public func interruptible<R>(secondKills: Bool, _ body: () throws -> R) rethrows -> R {
        ls_sigint_install(L, secondKills ? 1 : 0)
        defer { ls_sigint_remove() }
        return try body()
    }

    /// Interrupts the code running in `interruptible` as Ctrl-C does (callable from any thread).
    public static func interrupt() { ls_interrupt() }

    /// Whether Ctrl-C (or `interrupt()`) arrived during the last `interruptible` run.
    public static var wasInterrupted: Bool { ls_was_interrupted() != 0 }

    /// Pops the error value and renders it as text (through `__tostring` when it has one).
    func popMessage() -> String {
        defer { ls_pop(L, 1) }
        if let s = stack.string(at: -1) { return s }
        if ls_ptostring(L, -1) == LUA_OK, let s = stack.string(at: -1) {
            ls_pop(L, 1)
            return s
        }
        ls_pop(L, 1)
        return "(error object is a \(stack.typeName(at: -1)) value)"
    }

    /// Bytes the state holds now.
    public var memoryInUse: Int { Int(ls_memused(L)) }
}
