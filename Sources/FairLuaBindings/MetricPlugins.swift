import CLua
import Fairness
import LuaBridgeC
import LuaHost
import Tensors

/// Metrics written in Lua: `fair.metrics.register{name=, per_group=function(cm) … end}` or
/// `{name=, fn=function(y_true, y_pred, y_score) … end}`. Functions live in a registry table of the
/// state, so a metric registered by a plugin works wherever a metric name is accepted.
enum MetricPlugins {
    static let registryKey = "fairlua.metric.plugins"

    /// Pushes the plugin table (created on first use).
    static func pushTable(_ L: OpaquePointer) {
        if lua_getfield(L, ls_registryindex(), registryKey) != LUA_TTABLE {
            ls_pop(L, 1)
            lua_createtable(L, 0, 4)
            lua_pushvalue(L, -1)
            lua_setfield(L, ls_registryindex(), registryKey)
        }
    }

    /// Names of the registered metrics, sorted.
    static func names(_ L: OpaquePointer) -> [String] {
        pushTable(L)
        defer { ls_pop(L, 1) }
        return LuaStack(L).stringKeys(of: lua_gettop(L)).sorted()
    }

    /// Registers the metric described by the table at argument 1.
    static func register(_ call: LuaCall) throws -> String {
        let o = try call.options(1, allowed: ["name", "per_group", "fn", "summary"])
        guard let name = try o.string("name"), !name.isEmpty else { throw call.argumentError(1, "option 'name' (a string) is required") }
        guard Metrics.builtIn(name) == nil else { throw call.argumentError(1, "'\(name)' is a built-in metric; choose another name") }
        let kinds = try ["per_group", "fn"].filter { key in try o.withField(key) { slot -> Bool in
            guard call.type(slot) == .function else { throw call.argumentError(1, "option '\(key)': function expected") }
            return true
        } ?? false }
        guard kinds.count == 1 else {
            throw call.argumentError(1, "give exactly one of per_group=function(cm) and fn=function(y_true, y_pred, y_score)")
        }
        let summary = try o.string("summary") ?? "plugin metric"
        let L = call.L
        pushTable(L)
        lua_createtable(L, 0, 3)
        _ = try o.withField(kinds[0]) { slot -> Bool in
            lua_pushvalue(L, slot)
            return true
        }
        lua_setfield(L, -2, kinds[0])
        LuaStack(L).push(summary)
        lua_setfield(L, -2, "summary")
        lua_setfield(L, -2, name)
        ls_pop(L, 1)
        return name
    }

    /// The metric called `name`: built in, or registered in this state (then it calls back into Lua on
    /// the thread `L` and is never run concurrently).
    static func metric(_ name: String, _ L: OpaquePointer) throws -> Metric {
        if let m = Metrics.builtIn(name) { return m }
        pushTable(L)
        let found = lua_getfield(L, -1, name) == LUA_TTABLE
        var kind = "", summary = "plugin metric"
        if found {
            kind = lua_getfield(L, -1, "per_group") == LUA_TFUNCTION ? "per_group" : "fn"
            ls_pop(L, 1)
            if lua_getfield(L, -1, "summary") == LUA_TSTRING { summary = LuaStack(L).string(at: -1) ?? summary }
            ls_pop(L, 1)
        }
        ls_pop(L, 2)
        guard found else {
            throw FairnessError.unknownMetric(name, known: Metrics.builtIn.map(\.name) + names(L))
        }
        if kind == "per_group" {
            return Metric(name, summary, .counts { cm in
                try call(L, name, kind, [.table([
                    "tp": .integer(cm.tp), "fp": .integer(cm.fp), "tn": .integer(cm.tn), "fn": .integer(cm.fn), "n": .integer(cm.n),
                    "wtp": .number(cm.wtp), "wfp": .number(cm.wfp), "wtn": .number(cm.wtn), "wfn": .number(cm.wfn),
                    "wn": .number(cm.total)])])
            }, concurrent: false)
        }
        return Metric(name, summary, .rows { data, rows in
            let pick = { (v: [Double]) in Tensor(rows.map { Float(v[$0]) }) }
            return try call(L, name, kind, [], tensors: [pick(data.yTrue), pick(data.yPred), data.score.map(pick)])
        }, concurrent: false)
    }

    /// Calls plugin `name`'s function (protected) and checks that it returned a number.
    static func call(_ L: OpaquePointer, _ name: String, _ kind: String, _ args: [LuaValue], tensors: [Tensor?] = []) throws -> Double {
        let stack = LuaStack(L)
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        guard lua_checkstack(L, 8) != 0 else { throw LuaError.message("Lua stack overflow") }
        pushTable(L)
        _ = lua_getfield(L, -1, name)
        _ = lua_getfield(L, -1, kind)
        for a in args { stack.push(a) }
        for t in tensors {
            if let t { stack.pushObject(t, key: TensorBindings.key) } else { stack.pushNil() }
        }
        if ls_pcall_callback(L, Int32(args.count + tensors.count), 1, "metric '\(name)'") != LUA_OK {
            let message = stack.string(at: -1) ?? "error"
            throw LuaError.runtime(message.hasPrefix("plugin ") ? message : "metric '\(name)': " + message)
        }
        guard lua_type(L, -1) == LUA_TNUMBER else {
            throw LuaError.message("metric '\(name)' must return a number, returned \(stack.typeName(at: -1))")
        }
        return lua_tonumberx(L, -1, nil)
    }
}
