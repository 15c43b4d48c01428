import LuaHost

/// Everything FairLua exposes to Lua, and the one way to make a ready state.
public enum FairLuaAPI {
    /// The version printed by `fairlua --version` and written into reports.
    public static let version = "0.1.0"

    /// The modules installed as globals, in order.
    static var modules: [LuaModule] { [JSONBindings.module] }

    /// Installs every module into `state`, plus `require "fairlua"` returning a table of them.
    public static func install(into state: LuaState) throws {
        for module in modules { state.install(module) }
        var api = "local t = {"
        for module in modules { api += "\(module.name) = \(module.name), " }
        api += "version = \"\(version)\"} package.loaded.fairlua = t"
        try state.run(api, chunkName: "=fairlua")
    }

    /// A state with the API installed and, when given, plugins loaded from `pluginDirectories`.
    public static func makeState(pluginDirectories: [String] = []) throws -> LuaState {
        let state = LuaState()
        try install(into: state)
        try state.loadPlugins(from: pluginDirectories)
        return state
    }
}
