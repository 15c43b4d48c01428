import ArgumentParser
import Datasets
import LuaHost

/// Options every command that runs Lua shares (`--sandbox` is `run`'s own: only a main script can be sandboxed).
struct GlobalOptions: ParsableArguments {
    /// The help of each option, by flag, shown by each command and by `fairlua --help`.
    static let help: [(flag: String, text: String)] = [
        ("--plugins DIR", "Load every *.lua file in DIR as a sandboxed plugin (repeatable; also FAIRLUA_PLUGINS=DIR:DIR)."),
        ("--seed N", "Seed every random generator (math.random included), for reproducible runs."),
        ("--quiet", "No progress bars or chatter; only results and errors."),
        ("--digits N", "Significant digits of the numbers in tables and reports, 1 to 17 (default 4; report.digits in Lua)."),
    ]

    @Option(name: .customLong("plugins"), help: ArgumentHelp(help[0].text, valueName: "DIR"))
    var pluginDirectories: [String] = []

    @Option(help: ArgumentHelp(help[1].text, valueName: "N"))
    var seed: Int?

    @Flag(help: ArgumentHelp(help[2].text))
    var quiet = false

    @Option(help: ArgumentHelp(help[3].text, valueName: "N"))
    var digits: Int?

    func validate() throws {
        if let digits, !TextTable.digitRange.contains(digits) { throw ValidationError("--digits: 1 to 17 expected, got \(digits)") }
    }

    /// The parsed values as a plain struct.
    var host: HostOptions {
        HostOptions(pluginDirectories: pluginDirectories, seed: seed, quiet: quiet, digits: digits)
    }
}

extension GlobalOptions {
    /// The options that may come before the subcommand, and whether each takes a value.
    static let names: [String: Bool] = ["--plugins": true, "--sandbox": false, "--seed": true, "--quiet": false, "--digits": true]

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
    var digits: Int?

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

/// Help text written across source lines as one paragraph (blank lines separate paragraphs): the argument
/// parser wraps it to the terminal, so a line break kept inside a sentence would show as a broken line.
func prose(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
        .split(whereSeparator: { $0.allSatisfy { $0 == " " } })
        .map { $0.joined(separator: " ") }
        .joined(separator: "\n\n")
}
