import XCTest
@testable import LuaHost

final class SandboxTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = "/tmp/fairlua-sandbox-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        XCTAssertEqual(mkdir(directory, 0o755), 0)
    }

    override func tearDown() {
        _ = try? FileSystem.files(in: directory, suffix: "").forEach { unlink($0) }
        rmdir(directory)
    }

    private func write(_ name: String, _ text: String) {
        let path = directory + "/" + name
        let file = fopen(path, "w")
        fputs(text, file)
        fclose(file)
    }

    private func loadError() -> String? {
        let state = LuaState()
        do {
            state.sandboxLimits = SandboxLimits(instructions: 1_000_000, memoryBytes: 8 << 20)
            try state.loadPlugins(from: [directory])
            return nil
        } catch {
            return String(describing: error)
        }
    }

    func testPluginRunsInItsOwnEnvironment() throws {
        write("ok.lua", "x = 1\nassert(math.sqrt(4) == 2)\nmath.pi = 3")
        let state = LuaState()
        XCTAssertEqual(try state.loadPlugins(from: [directory]), [directory + "/ok.lua"])
        XCTAssertEqual(try state.run("return x, math.pi == 3"), [.nil, .boolean(false)])
    }

    func testSandboxDeniesOsAndIo() {
        write("evil.lua", "\nos.execute('echo pwned')\n")
        XCTAssertEqual(loadError()?.hasPrefix("plugin \(directory)/evil.lua:2: attempt to index a nil value (global 'os')"), true)
        write("evil.lua", "return string.dump(print)")
        XCTAssertTrue(loadError()?.contains("attempt to call a nil value (field 'dump')") == true)
    }

    func testBytecodeIsRefused() {
        write("bin.lua", "\u{1B}Lua")
        XCTAssertEqual(loadError(), "plugin \(directory)/bin.lua: attempt to load a binary chunk (mode is 't')")
    }

    func testRunawayLoopIsStopped() {
        write("loop.lua", "while true do end")
        XCTAssertTrue(loadError()?.contains("instruction limit exceeded") == true)
    }

    func testMemoryBudgetIsEnforced() {
        // Megabytes per instruction, so the memory budget (8 MiB) runs out long before the instruction budget.
        write("hog.lua", "local t = {} for i = 1, 100 do t[i] = string.rep('x', 1 << 20) .. i end")
        XCTAssertEqual(loadError().map { $0.contains("not enough memory") }, true)
    }

    func testErrorNamesFileAndLine() {
        write("bad.lua", "local a = 1\nerror('bad plugin')")
        XCTAssertEqual(loadError()?.hasPrefix("plugin \(directory)/bad.lua:2: bad plugin"), true)
    }

    func testMissingDirectoryIsAnError() {
        XCTAssertThrowsError(try LuaState().loadPlugins(from: ["/nonexistent-dir"])) { error in
            XCTAssertEqual(String(describing: error), "plugin directory '/nonexistent-dir' does not exist")
        }
    }
}

final class SandboxBudgetTests: XCTestCase {
    private func sandboxed(_ code: String) -> String? {
        let state = LuaState()
        state.sandboxLimits = SandboxLimits(instructions: 1_000_000, memoryBytes: 8 << 20)
        do {
            try state.load(code, chunkName: "=sandboxed")
            state.pushSandboxEnvironment()
            state.setChunkEnvironment()
            try state.callSandboxed(nargs: 0, nresults: 0)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    func testPcallCannotSwitchTheBudgetOff() {
        XCTAssertEqual(sandboxed("while true do pcall(function() while true do end end) end")?.contains("instruction limit exceeded"), true)
    }

    func testErrorObjectWithLoopingTostringIsNamedByType() {
        XCTAssertEqual(sandboxed("error(setmetatable({}, {__tostring = function() while true do end end}))"), "(error object is a table value)")
    }

    func testStringDumpIsUnreachableThroughStrings() {
        XCTAssertEqual(sandboxed("return ('').dump(print)")?.contains("attempt to call a nil value (field 'dump')"), true)
    }
}
