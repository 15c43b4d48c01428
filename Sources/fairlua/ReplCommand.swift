import ArgumentParser

/// `fairlua repl`.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Start the interactive Lua prompt.",
        discussion: prose("""
        Expressions print their values (`=expr` too); unfinished statements continue on `>> `.
        Tab completes globals, fields after `.` and methods after `:`. Ctrl-C stops running code,
        Ctrl-D leaves. History: ~/.fairlua_history (FAIRLUA_HISTORY overrides; empty disables).
        With piped input, lines are evaluated one by one without prompts.
        """))

    @OptionGroup var options: GlobalOptions

    func run() throws {
        try Session(options: options.host).repl()
    }
}
