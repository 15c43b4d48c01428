@testable import Fairness
import XCTest

final class LinearProgramTests: XCTestCase {
    /// max 3x + 5y s.t. x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18 (the textbook Wyndor problem): x = 2, y = 6, value 36.
    func testTextbookMaximum() throws {
        let lp = LinearProgram(minimise: [-3, -5], rows: [.init([1, 0], .lessOrEqual, 4), .init([0, 2], .lessOrEqual, 12),
                                                          .init([3, 2], .lessOrEqual, 18)])
        let s = try lp.solve()
        XCTAssertEqual(s.x[0], 2, accuracy: 1e-12)
        XCTAssertEqual(s.x[1], 6, accuracy: 1e-12)
        XCTAssertEqual(s.value, -36, accuracy: 1e-12)
    }

    /// Equalities, ≥ rows and a free variable: min x + 2y − z s.t. x + y + z = 4, x − y ≥ −2 (negative rhs),
    /// z ≤ 3, z free → z = 3, x = 1, y = 0, value −2.
    func testEqualityGreaterAndFree() throws {
        let lp = LinearProgram(minimise: [1, 2, -1], rows: [.init([1, 1, 1], .equal, 4), .init([1, -1, 0], .greaterOrEqual, -2),
                                                            .init([0, 0, 1], .lessOrEqual, 3)], free: [2])
        let s = try lp.solve()
        XCTAssertEqual(s.value, -2, accuracy: 1e-12)
        XCTAssertEqual(s.x[2], 3, accuracy: 1e-12)
        XCTAssertEqual(s.x[0], 1, accuracy: 1e-12)
        // A free variable may go negative: min z s.t. z ≥ −5.
        let negative = try LinearProgram(minimise: [1], rows: [.init([1], .greaterOrEqual, -5)], free: [0]).solve()
        XCTAssertEqual(negative.x[0], -5, accuracy: 1e-12)
    }

    /// The saddle-point shape solved by the dual simplex from the slack basis agrees with the two-phase method.
    func testDualSimplexAgrees() throws {
        let lp = LinearProgram(minimise: [0.3, 0.25, 0.4, 10], rows: [.init([0.05, -0.02, 0.01, -1], .lessOrEqual, 0),
                                                                       .init([-0.07, 0.04, -0.03, -1], .lessOrEqual, 0),
                                                                       .init([1, 1, 1, 0], .equal, 1)])
        let a = try lp.solve(), b = try lp.solveFromSlackBasis()
        XCTAssertEqual(a.value, b.value, accuracy: 1e-12)
        XCTAssertEqual(b.x.prefix(3).reduce(0, +), 1, accuracy: 1e-12)
    }

    /// Infeasible and unbounded programs are errors, not traps.
    func testInfeasibleAndUnbounded() {
        XCTAssertThrowsError(try LinearProgram(minimise: [1], rows: [.init([1], .lessOrEqual, -1)]).solve())
        XCTAssertThrowsError(try LinearProgram(minimise: [-1], rows: [.init([1], .greaterOrEqual, 1)]).solve())
        XCTAssertThrowsError(try LinearProgram(minimise: [1, 1], rows: [.init([1], .lessOrEqual, 1)]).solve())
        XCTAssertThrowsError(try LinearProgram(minimise: [-1], rows: [.init([1], .lessOrEqual, 1)]).solveFromSlackBasis())
    }
}
