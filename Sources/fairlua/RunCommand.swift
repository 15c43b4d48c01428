import ArgumentParser
import LuaHost

/// `fairlua [run] SCRIPT [args…]`, `-e CODE`, `-i`, `-` for stdin; the default command.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua script (the default command: `fairlua SCRIPT.lua` is `fairlua run SCRIPT.lua`).",
        discussion: prose("""
        The script sees its arguments in the global `arg` (arg[0] is the script) and as `...`.
        With no script and no -e, standard input is run as a script, or the REPL starts on a terminal.
        Exit status: 0 ok, 1 script or data error, 2 usage error.
        """))

    /// The help of `run`'s own options, by flag, shown by `fairlua run --help` and `fairlua --help`.
    static let help: [(flag: String, text: String)] = [
        ("-e CODE", "Run CODE before the script (repeatable)."),
        ("-i", "Enter the REPL after running the script."),
        ("--sandbox", "Run the main script in the plugin sandbox (no io, os, load, require, debug)."),
    ]

    @OptionGroup var options: GlobalOptions

    @Option(name: .customShort("e"), help: ArgumentHelp(help[0].text, valueName: "CODE"))
    var code: [String] = []

    @Flag(name: .customShort("i"), help: ArgumentHelp(help[1].text))
    var interactive = false

    @Flag(help: ArgumentHelp(help[2].text))
    var sandbox = false

    @Argument(help: ArgumentHelp("The script to run; - reads it from standard input.", valueName: "SCRIPT"))
    var script: String?

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the script.")
    var arguments: [String] = []

    func run() throws {
        var host = options.host
        host.sandbox = sandbox
        try ScriptRun(options: host, code: code, script: script, arguments: arguments,
                      interactive: interactive).run()
    }
}

/// What `fairlua run` does, separate from parsing so that the plain forms `fairlua SCRIPT args…` and
/// `fairlua -e CODE` can skip the argument parser (it costs milliseconds of start-up).
struct ScriptRun {
    var options = HostOptions()
    var code: [String] = []
    var script: String?
    var arguments: [String] = []
    var interactive = false

    /// The run for `argv` when it is one of the plain forms, else nil (the parser handles it).
    init?(plain argv: [String], subcommands: [String]) {
        if argv.count == 2 && argv[0] == "-e" {
            code = [argv[1]]
        } else if let first = argv.first, !first.hasPrefix("-"), !subcommands.contains(first), first != "help" {
            script = first
            arguments = Array(argv.dropFirst())
        } else {
            return nil
        }
    }

    /// A run from parsed options.
    init(options: HostOptions, code: [String], script: String?, arguments: [String], interactive: Bool) {
        self.options = options
        self.code = code
        self.script = script
        self.arguments = arguments
        self.interactive = interactive
    }

    func run() throws {
        let session = try Session(options: options)
        for chunk in code {
            try session.loadCode(chunk)
            try session.runChunk([])
        }
        if let script {
            session.setArguments(script: script, arguments)
            try session.loadScript(script)
            try session.runChunk(arguments)
        } else if code.isEmpty && !interactive {
            if FileSystem.isTerminal(0) {
                session.repl()
            } else {
                try session.loadScript("-")
                try session.runChunk([])
            }
        }
        if interactive { session.repl() }
    }
}
