import ArgumentParser
import LuaHost
#if canImport(Glibc)
import Glibc
#endif

/// `fairlua test [PATH…]`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run Lua test files; a directory means its *_test.lua files.",
        discussion: prose("""
        Test files call test(name, fn) (or describe/it) and use assert, expect_eq(actual, expected),
        expect_near(actual, expected, tol) and expect_error(fn, pattern); skip(reason) ends a test as
        skipped; test_data(name) is the path of an unbundled data file ($FAIRLUA_TEST_DATA, else
        ../shared/data), skipping the test when it is absent (failing it under CI=true). Each failure
        prints FILE:LINE: message; the last line is "N passed, N failed[, N skipped]"; the exit status
        is 1 if any failed.
        """))

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
        _ = try options.allPluginDirectories()          // a missing directory is a usage error, once
        let runner = LuaTestRunner(quiet: options.quiet, external: TestCommand.externalData) { try Session.makeState(options) }
        let result = try runner.run(files: files)
        if result.failed > 0 { throw ExitCode(1) }
    }

    /// Data the repository does not bundle (the COMPAS file): `FAIRLUA_TEST_DATA=DIR`, else
    /// `../shared/data` beside the checkout (the working directory); absent data fails under `CI=true`.
    static var externalData: LuaTestRunner.ExternalData {
        let env = { (name: String) in getenv(name).map { String(cString: $0) } }
        let dir = env("FAIRLUA_TEST_DATA").flatMap { $0.isEmpty ? nil : $0 } ?? "../shared/data"
        return LuaTestRunner.ExternalData(directory: dir, hint: "set FAIRLUA_TEST_DATA=DIR or put ../shared/data beside the checkout",
                                          required: env("CI") == "true")
    }
}
