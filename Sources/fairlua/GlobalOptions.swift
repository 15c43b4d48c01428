import ArgumentParser
import LuaHost

/// Options every command that runs Lua shares (`--sandbox` is `run`'s own: only a main script can be sandboxed).
struct GlobalOptions: ParsableArguments {
    /// The help of each option, by flag, shown by each command and by `fairlua --help`.
    static let help: [(flag: String, text: String)] = [
        ("--plugins DIR", "Load every *.lua file in DIR as a sandboxed plugin (repeatable; also FAIRLUA_PLUGINS=DIR:DIR)."),
        ("--seed N", "Seed every random generator (math.random included), for reproducible runs."),
        ("--quiet", "No progress bars or chatter; only results and errors."),
    ]

    @Option(name: .customLong("plugins"), help: ArgumentHelp(help[0].text, valueName: "DIR"))
    var pluginDirectories: [String] = []

    @Option(help: ArgumentHelp(help[1].text, valueName: "N"))
    var seed: Int?

    @Flag(help: ArgumentHelp(help[2].text))
    var quiet = false

    /// The parsed values as a plain struct.
    var host: HostOptions {
        HostOptions(pluginDirectories: pluginDirectories, seed: seed, quiet: quiet)
    }
}

extension GlobalOptions {
    /// The options that may come before the subcommand, and whether each takes a value.
    static let names: [String: Bool] = ["--plugins": true, "--sandbox": false, "--seed": true, "--quiet": false]

    /// `argv` with the global options written before the subcommand (or script) moved after it:
    /// `fairlua --quiet run x.lua` is `fairlua run --quiet x.lua`, `fairlua --seed 1 x.lua` is `fairlua run --seed 1 x.lua`.
    static func movedAfterSubcommand(_ argv: [String], subcommands: [String]) -> [String] {
        var i = 0
        while i < argv.count, let takesValue = names[String(argv[i].prefix { $0 != "=" })] {
            i += takesValue && !argv[i].contains("=") ? 2 : 1
        }
        guard i > 0, i < argv.count else { return argv }
        let options = Array(argv[..<i])
        if subcommands.contains(argv[i]) { return [argv[i]] + options + argv[(i + 1)...] }
        if !argv[i].hasPrefix("-") || argv[i] == "-" { return ["run"] + options + argv[i...] }
        return argv
    }
}

/// What the global options ask of a session, independent of how they were parsed.
struct HostOptions {
    var pluginDirectories: [String] = []
    var sandbox = false
    var seed: Int?
    var quiet = false

    /// Plugin directories from the flags, then from FAIRLUA_PLUGINS; a missing one is a usage error.
    func allPluginDirectories() throws -> [String] {
        let fromEnvironment = FileSystem.environment("FAIRLUA_PLUGINS")?
            .split(separator: ":").map(String.init) ?? []
        let all = pluginDirectories + fromEnvironment
        if let missing = all.first(where: { !$0.isEmpty && !FileSystem.isDirectory($0) }) {
            throw UsageFailure(message: "plugin directory '\(missing)' does not exist")
        }
        return all
    }
}
