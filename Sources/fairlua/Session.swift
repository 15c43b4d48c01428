import Datasets
import FairLuaBindings
import LuaHost
#if canImport(Glibc)
import Glibc
#endif

/// A script error: printed as `fairlua: message` and exit status 1 (130 when Ctrl-C stopped it, as a shell reports SIGINT).
struct ScriptFailure: Error {
    let message: String
    var status: Int32 = 1

    /// The run was stopped by Ctrl-C.
    static let interrupted = ScriptFailure(message: "interrupted", status: 130)
}

/// A usage error found after parsing (a missing script file): exit status 2.
struct UsageFailure: Error {
    let message: String
}

/// One Lua state configured from the global options, with the helpers the commands share.
struct Session {
    let state: LuaState
    let options: HostOptions

    /// Makes a state with the API, the seed and the plugins.
    init(options: HostOptions) throws {
        self.options = options
        do {
            state = try Session.makeState(options)
        } catch let usage as UsageFailure {
            throw usage
        } catch {
            throw ScriptFailure(message: String(describing: error))
        }
    }

    /// The state factory (also used for each file of `fairlua test`).
    static func makeState(_ options: HostOptions) throws -> LuaState {
        if options.quiet { Progress.enabled = false }
        TextTable.digits = options.digits ?? 4
        let state = try FairLuaAPI.makeState(pluginDirectories: try options.allPluginDirectories())
        if let seed = options.seed { try FairLuaAPI.seed(state, seed) }
        return state
    }

    /// Sets the global `arg` as lua(1) does: `arg[0]` the script, `arg[1…]` its arguments.
    func setArguments(script: String, _ arguments: [String]) { state.setArguments(script: script, arguments) }

    /// Compiles a script from a file (or stdin for "-") and pushes it.
    func loadScript(_ path: String) throws {
        do {
            if path == "-" {
                var text = ""
                while let line = readLine(strippingNewline: false) { text += line }
                if text.hasPrefix("#") { text = "--" + text }      // a #! line, as lua(1) skips it
                try state.load(text, chunkName: "=stdin")
            } else {
                guard !FileSystem.isDirectory(path) else { throw UsageFailure(message: "cannot run \(path): it is a directory") }
                guard FileSystem.isFile(path) else { throw UsageFailure(message: "cannot open \(path): no such file") }
                try state.loadFile(path)
            }
        } catch let error as LuaError {
            throw ScriptFailure(message: error.description)
        }
    }

    /// Compiles a `-e` chunk and pushes it.
    func loadCode(_ code: String) throws {
        do { try state.load(code, chunkName: "=(command line)") } catch let error as LuaError {
            throw ScriptFailure(message: error.description)
        }
    }

    /// Runs the chunk on top of the stack with `arguments` as `...`, in the sandbox when asked.
    func runChunk(_ arguments: [String]) throws {
        if options.sandbox {
            state.pushSandboxEnvironment()
            state.setChunkEnvironment()
        }
        for a in arguments { state.stack.push(a) }
        do {
            try state.interruptible(secondKills: true) {     // a second Ctrl-C kills, as in lua(1)
                if options.sandbox {
                    state.sandboxLimits = .script
                    try state.callSandboxed(nargs: Int32(arguments.count), nresults: 0)
                } else {
                    try state.call(nargs: Int32(arguments.count), nresults: 0)
                }
            }
        } catch {
            throw LuaState.wasInterrupted ? ScriptFailure.interrupted : ScriptFailure(message: String(describing: error))
        }
        Console.flush()
    }

    /// Runs the interactive loop (prompts and history on a terminal, line by line when piped).
    func repl() {
        let interactive = FileSystem.isTerminal(0)
        let reader: LineReader = interactive
            ? EditlineReader(historyPath: Repl.defaultHistoryPath) : PipeLineReader()
        if interactive && !options.quiet {
            print("FairLua \(FairLuaAPI.version) (Lua 5.4) — help() lists the modules, Ctrl-D exits")
        }
        Repl(state: state, reader: reader, interactive: interactive).run()
    }
}
