import XCTest
@testable import LuaHost

final class LuaStateTests: XCTestCase {
    func testRunReturnsValues() throws {
        let state = LuaState()
        XCTAssertEqual(try state.run("return 1, 2.5, 'x', true, nil, {1, 2}, {a = 1}"),
                       [.integer(1), .number(2.5), .string("x"), .boolean(true), .nil,
                        .array([.integer(1), .integer(2)]), .table(["a": .integer(1)])])
    }

    func testSyntaxAndRuntimeErrorsAreThrown() {
        let state = LuaState()
        XCTAssertThrowsError(try state.run("x = = 1", chunkName: "=t")) { error in
            XCTAssertEqual(error as? LuaError, .syntax("t:1: unexpected symbol near '='"))
        }
        XCTAssertThrowsError(try state.run("error('boom')", chunkName: "=t")) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("t:1: boom\nstack traceback:"), "\(error)")
        }
    }

    func testMemoryIsAccounted() throws {
        let state = LuaState()
        try state.run("collectgarbage(); collectgarbage('stop')")  // no collection of the prelude's garbage in between
        let before = state.memoryInUse
        try state.run("big = string.rep('x', 1 << 20)")
        XCTAssertGreaterThan(state.memoryInUse - before, 1 << 20)
    }
}
