import ArgumentParser
import FairLuaBindings
import LuaHost
#if canImport(Glibc)
import Glibc
#endif

/// The `fairlua` command: subcommands are small structs that delegate to the library.
@main
struct FairLuaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fairlua",
        abstract: "Lua 5.4 scripting for machine-learning fairness experiments.",
        usage: """
        fairlua [run] [-e CODE]… [-i] [--sandbox] [--plugins DIR] [--seed N] [--quiet] [--digits N] [SCRIPT.lua | -] [ARG…]
          fairlua <subcommand> [options]
        """,
        discussion: "Options of run, the default command\n(repl, audit, merge and test take --plugins, --seed, --quiet and --digits too):\n"
            + (RunCommand.help + GlobalOptions.help).map { optionLine($0.flag, $0.text) }.joined(separator: "\n"),
        version: FairLuaAPI.version,
        subcommands: [RunCommand.self, ReplCommand.self, AuditCommand.self, MergeCommand.self, KernelCommand.self, TestCommand.self, DocCommand.self],
        defaultSubcommand: RunCommand.self)

    /// The subcommands' names, spelled out: reading them from `configuration` instantiates the
    /// argument parser's metadata, which costs the plain `fairlua SCRIPT` path a millisecond of start-up.
    /// (Tests/cli checks that `--help` lists these.)
    static let subcommandNames = ["run", "repl", "audit", "merge", "kernel", "test", "doc"]

    /// Parses, runs, and maps failures to the documented exit codes (0 ok, 1 script error, 2 usage). The process
    /// exits only after `status()` has returned, so everything the run made is released first (valgrind sees
    /// no block lost at exit).
    static func main() {
        let code = status()
        Console.flush()
        Glibc.exit(code)
    }

    /// Runs the command line and returns the exit status.
    @inline(never)
    static func status() -> Int32 {
        if let problem = Progress.configure() {
            Console.error("fairlua: \(problem)")
            return 2
        }
        let argv = GlobalOptions.movedAfterSubcommand(Array(CommandLine.arguments.dropFirst()), subcommands: subcommandNames)
        if argv.count > 1, argv[0] == "help", !subcommandNames.contains(argv[1]) {
            Console.error("fairlua: no command '\(argv[1])'; commands are: \(subcommandNames.joined(separator: ", "))")
            return 2
        }
        if let plain = ScriptRun(plain: argv, subcommands: subcommandNames) {
            return outcome { try plain.run() }
        }
        let command: ParsableCommand
        do {
            command = try parseAsRoot(argv)
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                return 0
            }
            Console.error(fullMessage(for: error))
            return 2
        }
        var running = command
        return outcome { try running.run() }
    }

    /// `  FLAG   text…` wrapped to 78 columns with the text's lines aligned (the parser would wrap them to column 0).
    static func optionLine(_ flag: String, _ text: String) -> String {
        var lines = ["  " + flag.padded(to: 15)], width = 78
        for word in text.split(separator: " ") {
            if lines[lines.count - 1].count + word.count + 1 > width { lines.append(String(repeating: " ", count: 17)) }
            lines[lines.count - 1] += (lines[lines.count - 1].hasSuffix(" ") ? "" : " ") + word
        }
        return lines.joined(separator: "\n")
    }

    /// Runs `body` and returns the status its outcome maps to.
    static func outcome(_ body: () throws -> Void) -> Int32 {
        do {
            try body()
            return 0
        } catch let failure as ScriptFailure {
            Console.error("fairlua: \(failure.message)")
            return failure.status
        } catch let failure as UsageFailure {
            Console.error("fairlua: \(failure.message)")
            return 2
        } catch let code as ExitCode {
            return code.rawValue
        } catch {
            if exitCode(for: error) == .success {      // --help, --version reached through run()
                print(fullMessage(for: error))
                return 0
            }
            Console.error("fairlua: \(error)")
            return 1
        }
    }
}
