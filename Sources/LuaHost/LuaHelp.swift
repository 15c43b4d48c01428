import CLua
import LuaBridgeC

extension LuaState {
    /// Installs the global `help(x)`, which prints the doc of a function, module, class or object.
    func installHelp() {
        let doc = LuaDoc(name: "help", kind: .function, params: "x: any?",
                         summary: "Prints the documentation of a function, module, object or name.")
        installFunction(doc) { [unowned self] call in
            print(self.helpText(for: call))
            return 0
        }
    }

    /// The help text for argument 1 of `call`.
    func helpText(for call: LuaCall) -> String {
        let L = call.L
        installPendingModules(on: L)
        if call.isNone(1) {
            let modules = docs.all.filter { $0.kind == .module && !$0.name.contains(".") }
            let width = modules.map { $0.name.count }.max() ?? 0
            return (["FairLua modules (help(name) for more):"]
                    + modules.map { "  " + $0.name.padded(to: width) + "  " + $0.summary }).joined(separator: "\n")
        }
        var name: String?
        switch call.type(1) {
        case .string:
            name = call.stack.string(at: 1)
        case .userdata:
            if ls_getmetafield_raw(L, 1, "__name") == LUA_TSTRING {
                name = displayName(call.stack.string(at: -1) ?? "")
                ls_pop(L, 1)
            }
        default:
            lua_getfield(L, ls_registryindex(), LuaState.docNamesKey)
            lua_pushvalue(L, 1)
            lua_rawget(L, -2)
            name = call.stack.string(at: -1)
            ls_pop(L, 2)
        }
        if let name, let text = docs.helpText(name) { return text }
        return "no documentation for \(name.map { "'\($0)'" } ?? "this \(call.stack.typeName(at: 1))")"
    }
}

extension LuaState {
    /// The help text for a dotted name as written in code (`fair.MetricFrame`, `mf:difference`, `mf`):
    /// documented API names directly, variables holding objects through their class. Reads without metamethods.
    public func helpText(forPath path: String) -> String? {
        let dotted = path.replacingColons()
        if let text = docs.helpText(dotted) { return text }
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        lua_rawgeti(L, ls_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
        for (k, part) in parts.enumerated() {
            if lua_type(L, -1) == LUA_TUSERDATA, ls_getmetafield_raw(L, -1, "__name") == LUA_TSTRING {
                let cls = displayName(stack.string(at: -1) ?? "")
                let rest = parts[k...].joined(separator: ".")
                return docs.helpText(cls + "." + rest) ?? docs.helpText(cls + ":" + rest) ?? docs.helpText(cls)
            }
            guard lua_type(L, -1) == LUA_TTABLE else { return nil }
            stack.push(part)
            lua_rawget(L, -2)
        }
        if lua_type(L, -1) == LUA_TUSERDATA, ls_getmetafield_raw(L, -1, "__name") == LUA_TSTRING {
            return docs.helpText(displayName(stack.string(at: -1) ?? ""))
        }
        lua_getfield(L, ls_registryindex(), LuaState.docNamesKey)
        lua_pushvalue(L, -2)
        lua_rawget(L, -2)
        return stack.string(at: -1).flatMap { docs.helpText($0) }
    }
}

private extension String {
    func replacingColons() -> String { String(map { $0 == ":" ? "." : $0 }) }
}

