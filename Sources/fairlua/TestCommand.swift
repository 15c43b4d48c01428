import ArgumentParser
import LuaHost

/// `fairlua test [PATH…]`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run Lua test files; a directory means its *_test.lua files.",
        discussion: """
        Test files call test(name, fn) (or describe/it) and use assert, expect_eq(actual, expected),
        expect_near(actual, expected, tol) and expect_error(fn, pattern). Each failure prints
        FILE:LINE: message; the last line is "N passed, N failed"; the exit status is 1 if any failed.
        """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Test files or directories (default: Tests/lua).")
    var paths: [String] = []

    func run() throws {
        let files: [String]
        do {
            files = try LuaTestRunner.files(for: paths.isEmpty ? ["Tests/lua"] : paths)
        } catch {
            throw UsageFailure(message: String(describing: error))
        }
        let options = self.options.host
        let runner = LuaTestRunner(quiet: options.quiet) { try Session.makeState(options) }
        let result = try runner.run(files: files)
        if result.failed > 0 { throw ExitCode(1) }
    }
}
