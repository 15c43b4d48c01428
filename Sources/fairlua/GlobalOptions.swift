import ArgumentParser
import LuaHost

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("plugins"), help: ArgumentHelp(
        "Load every *.lua file in DIR as a sandboxed plugin (repeatable; also FAIRLUA_PLUGINS=DIR:DIR).",
        valueName: "DIR"))
    var pluginDirectories: [String] = []

    @Flag(help: "Run the main script in the plugin sandbox (no io, os, load, require, debug).")
    var sandbox = false

    @Option(help: ArgumentHelp("Seed for every random generator (math.random included), for reproducible runs.",
                               valueName: "N"))
    var seed: Int?

    @Flag(help: "No progress bars or chatter; only results and errors.")
    var quiet = false

    /// The parsed values as a plain struct.
    var host: HostOptions {
        HostOptions(pluginDirectories: pluginDirectories, sandbox: sandbox, seed: seed, quiet: quiet)
    }
}

/// What the global options ask of a session, independent of how they were parsed.
struct HostOptions {
    var pluginDirectories: [String] = []
    var sandbox = false
    var seed: Int?
    var quiet = false

    /// Plugin directories from the flags, then from FAIRLUA_PLUGINS.
    var allPluginDirectories: [String] {
        let fromEnvironment = FileSystem.environment("FAIRLUA_PLUGINS")?
            .split(separator: ":").map(String.init) ?? []
        return pluginDirectories + fromEnvironment
    }
}
