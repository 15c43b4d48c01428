@testable import FairLuaKernel
import LuaHost
import XCTest

final class CellTests: XCTestCase {
    func testCompletenessFollowsTheREPLsEofRule() {
        let state = LuaState()
        XCTAssertEqual(Cell.completeness("function f()", state), "incomplete")
        XCTAssertEqual(Cell.completeness("x = 1", state), "complete")
        XCTAssertEqual(Cell.completeness("x = 1 +", state), "incomplete")
        XCTAssertEqual(Cell.completeness("x = = 1", state), "invalid")
        XCTAssertEqual(state.stack.top, 0)
    }

    func testValueOfTheLastLineAndErrors() {
        let state = LuaState()
        guard case let .success(forms) = Cell.run("local a = 20\na * 2 + 2", in: state) else { return XCTFail("cell failed") }
        XCTAssertEqual(forms?["text/plain"], "42")
        guard case .success(nil) = Cell.run("x = 1", in: state) else { return XCTFail("a statement has no value") }
        guard case let .failure(error) = Cell.run("error('boom')", in: state) else { return XCTFail("error expected") }
        XCTAssertEqual(error.name, "LuaError")
        XCTAssertEqual(error.value, "cell:1: boom")
        XCTAssertEqual(state.stack.top, 0)
    }

    func testTokensAtTheCursor() {
        XCTAssertEqual(Cell.token(before: 12, in: "x = fair.Met"), "fair.Met")
        XCTAssertEqual(Cell.token(before: 7, in: "print(mf:di"), "m")
        XCTAssertEqual(Cell.token(around: 6, in: "fair.MetricFrame{}"), "fair.MetricFrame")
        XCTAssertEqual(Cell.token(before: 3, in: "é.a"), ".a")
    }
}
