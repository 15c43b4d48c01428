import Foundation
import XCTest
@testable import Tensors

/// L-BFGS-B against SciPy's fmin_l_bfgs_b (Tests/reference/generate_lfr.py, section "lbfgsb").
final class LBFGSBTests: XCTestCase {
    static func reference(_ name: String) throws -> [String: Any] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/reference/lfr_reference.json"
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        return try XCTUnwrap((json["lbfgsb"] as? [String: Any])?[name] as? [String: Any], name)
    }

    static func rosenbrock(_ x: [Double]) -> (value: Double, gradient: [Double]) {
        let t = x[1] - x[0] * x[0]
        return ((1 - x[0]) * (1 - x[0]) + 100 * t * t, [-2 * (1 - x[0]) - 400 * x[0] * t, 200 * t])
    }

    /// f = ¼(x₁ − 1)² + Σᵢ 4(xᵢ − x²ᵢ₋₁)², L-BFGS-B's driver1 problem.
    static func driver1(_ x: [Double]) -> (value: Double, gradient: [Double]) {
        var f = 0.25 * (x[0] - 1) * (x[0] - 1), g = [Double](repeating: 0, count: x.count)
        g[0] = 0.5 * (x[0] - 1)
        for i in 1..<x.count {
            let t = x[i] - x[i - 1] * x[i - 1]
            f += 4 * t * t
            g[i] += 8 * t
            g[i - 1] -= 16 * x[i - 1] * t
        }
        return (f, g)
    }

    /// Runs case `name` and checks x and f to `tolerance`, and SciPy's iteration and evaluation counts exactly.
    func check(_ name: String, maxIterations: Int = 15000, tolerance: Double,
               _ f: @escaping ([Double]) -> (value: Double, gradient: [Double])) throws {
        let ref = try Self.reference(name)
        let bound = { (key: String) in (ref[key] as? [Double])?.map { abs($0) >= 1e308 ? $0.sign == .minus ? -Double.infinity : .infinity : $0 } }
        let result = try LBFGSB(maxIterations: maxIterations).minimize(try XCTUnwrap(ref["x0"] as? [Double]), lower: bound("lower"), upper: bound("upper"), f)
        let x = try XCTUnwrap(ref["x"] as? [Double])
        for i in x.indices { XCTAssertEqual(result.x[i], x[i], accuracy: tolerance, "\(name) x[\(i)]") }
        XCTAssertEqual(result.value, try XCTUnwrap(ref["f"] as? Double), accuracy: tolerance, name)
        XCTAssertEqual(result.iterations, ref["nit"] as? Int, "\(name) iterations")
        XCTAssertEqual(result.evaluations, ref["nfev"] as? Int, "\(name) evaluations")
        XCTAssertEqual(result.history.count, result.iterations + 1)
    }

    func testRosenbrockUnboundedMatchesSciPy() throws {
        try check("rosenbrock", tolerance: 1e-8, Self.rosenbrock)
    }

    func testRosenbrockWithTheMinimumCutOffByABoundMatchesSciPy() throws {
        try check("rosenbrock_bounded", tolerance: 1e-8, Self.rosenbrock)
    }

    func testDriver1WithEveryVariableBoundedMatchesSciPy() throws {
        try check("driver1", tolerance: 1e-8, Self.driver1)
    }

    func testFiveIterationsTakeSciPysPath() throws {
        try check("driver1_5", maxIterations: 5, tolerance: 1e-10, Self.driver1)
    }

    func testForwardDifferencesReachTheMinimum() throws {
        let result = try LBFGSB().minimize([-1.2, 1], lower: [-2, -1], upper: [0.8, 2], differenceStep: 1e-8) { Self.rosenbrock($0).value }
        XCTAssertEqual(result.x[0], 0.8, accuracy: 1e-6)
        XCTAssertEqual(result.x[1], 0.64, accuracy: 1e-4)
        XCTAssertEqual(result.evaluations % 3, 0, "each point costs 1 + n evaluations")
    }

    func testBadInputIsAnError() {
        XCTAssertThrowsError(try LBFGSB().minimize([0, 0], lower: [1, 0], upper: [0, 1], Self.rosenbrock))
        XCTAssertThrowsError(try LBFGSB().minimize([.nan, 0], Self.rosenbrock))
        XCTAssertThrowsError(try LBFGSB().minimize([0, 0], lower: [0], upper: nil, Self.rosenbrock))
        XCTAssertThrowsError(try LBFGSB().minimize([0, 0, 0], Self.rosenbrock))
        XCTAssertThrowsError(try LBFGSB(memory: 0))
    }
}
