import CLua
import LuaBridgeC

/// Modules built and installed when a script first reads their global, and classes when their first
/// object is pushed, so that start-up does not pay for the whole API (`fairlua -e ''` builds none of it).
/// `_G` gets a metatable whose `__index` installs the module named by a missing global; it is removed once
/// every module is in. `help`, completion, `fairlua doc` and sandboxes see the whole API: reading `docs`
/// or making a sandbox installs the rest.
extension LuaState {
    /// Registers `build` to install the module global `name` on first use (`build().name` must be `name`).
    public func installOnFirstUse(_ name: String, _ build: @escaping () -> LuaModule) {
        if pendingModules.isEmpty { setGlobalsIndex() }
        pendingModules.append((name, build))
        if !apiNames.contains(name) { apiNames.append(name) }
    }

    /// Registers `cls` (whose `LuaClass.name` must be `name`) to be built and installed when the first
    /// object of its class is pushed, or when the whole API is needed (`installPendingModules`).
    public func installOnFirstPush<T>(_ name: String, _ cls: @escaping () -> LuaClass<T>) {
        pendingClasses.append((MetatableKey("fairlua." + name).bits, { state, L in
            let built = cls()
            assert(built.name == name, "installOnFirstPush(\"\(name)\") registered the class \(built.name)")
            built.install(into: state, on: L)
        }))
    }

    /// Installs the pending class whose metatable is registered under `bits`, if there is one.
    func installPendingClass(_ bits: UInt, on L: OpaquePointer) {
        guard let i = pendingClasses.firstIndex(where: { $0.bits == bits }) else { return }
        pendingClasses.remove(at: i).install(self, L)
    }

    /// The state that owns the Lua state of thread `L` (nil for a state not made by `LuaState`).
    static func owning(_ L: OpaquePointer) -> LuaState? {
        defer { ls_pop(L, 1) }
        guard lua_rawgetp(L, ls_registryindex(), selfKey.pointer) == LUA_TLIGHTUSERDATA,
              let pointer = lua_touserdata(L, -1) else { return nil }
        return Unmanaged<LuaState>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Registry key of the light userdata pointing at the `LuaState` (unretained: it owns the Lua state).
    static let selfKey = MetatableKey("fairlua.state")

    /// Installs every module and class still pending (on thread `L`, default the main thread).
    public func installPendingModules(on thread: OpaquePointer? = nil) {
        let L = thread ?? self.L
        while !pendingClasses.isEmpty { pendingClasses.removeFirst().install(self, L) }
        guard !pendingModules.isEmpty else { return }
        while !pendingModules.isEmpty {
            let (name, build) = pendingModules.removeFirst()
            installPending(name, build, on: L)
            ls_pop(L, 1)
        }
        finishPending(on: L)
    }

    /// Builds and installs `name`, leaving the module table pushed on `L`.
    private func installPending(_ name: String, _ build: () -> LuaModule, on L: OpaquePointer) {
        let module = build()
        lua_rawgeti(L, ls_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
        module.push(into: self, on: L)
        lua_pushvalue(L, -1)
        lua_setfield(L, -3, name)            // _G has its __index metatable only: the set is raw
        ls_remove(L, -2)
    }

    /// Once nothing is pending: drops the `__index` from `_G` (if it is still ours) and tells the API.
    private func finishPending(on L: OpaquePointer) {
        guard pendingModules.isEmpty else { return }
        lua_rawgeti(L, ls_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
        if lua_getmetatable(L, -1) != 0 {
            lua_getfield(L, -1, LuaState.pendingMarker)
            let ours = lua_toboolean(L, -1) != 0
            ls_pop(L, 2)
            if ours {
                lua_pushnil(L)
                lua_setmetatable(L, -2)
            }
        }
        ls_pop(L, 1)
        let done = whenEveryModuleIsInstalled
        whenEveryModuleIsInstalled = nil
        done?(L)
    }

    static let pendingMarker = "fairlua.modules on first use"

    /// Sets `_G`'s metatable: `__index(_G, name)` installs the pending module `name` (on the running thread).
    private func setGlobalsIndex() {
        lua_rawgeti(L, ls_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
        lua_createtable(L, 0, 2)
        lua_pushboolean(L, 1)
        lua_setfield(L, -2, LuaState.pendingMarker)
        stack.pushFunction("__index") { [unowned self] call in
            guard call.type(2) == .string, let key = call.stack.string(at: 2),
                  let i = self.pendingModules.firstIndex(where: { $0.name == key }) else { return 0 }
            let (name, build) = self.pendingModules.remove(at: i)
            self.installPending(name, build, on: call.L)
            self.finishPending(on: call.L)
            return 1
        }
        lua_setfield(L, -2, "__index")
        lua_setmetatable(L, -2)
        ls_pop(L, 1)
    }
}
