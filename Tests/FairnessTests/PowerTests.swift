@testable import Fairness
import XCTest

final class PowerTests: XCTestCase {
    func cases(_ key: String) -> [[String: Double]] {
        ((Reference.detection["power"] as? [String: Any])?[key] as? [[String: Any]] ?? []).map { $0.compactMapValues { ($0 as? NSNumber)?.doubleValue } }
    }

    /// statsmodels' NormalIndPower.power, to 1e-12.
    func testPowerMatchesStatsmodels() throws {
        let all = cases("achieved")
        XCTAssertEqual(all.count, 4)
        for c in all {
            let p = try Power.power(effect: c["effect"]!, n1: Int(c["n1"]!), n2: Int(c["n2"]!), alpha: c["alpha"]!)
            XCTAssertEqual(p, c["power"]!, accuracy: 1e-12, "\(c)")
        }
    }

    /// The root of statsmodels' power function to 1e-12, and its solve_power to 1e-5 (it stops within about 1e-6).
    func testDetectableEffectMatchesStatsmodels() throws {
        let all = cases("detectable")
        XCTAssertEqual(all.count, 5)
        for c in all {
            let h = try Power.detectableEffect(n1: Int(c["n1"]!), n2: Int(c["n2"]!), alpha: c["alpha"]!, power: c["power"]!)
            XCTAssertEqual(h, c["effect_exact"]!, accuracy: 1e-12, "\(c)")
            XCTAssertEqual(h, c["effect"]!, accuracy: 1e-5, "\(c)")
        }
    }

    /// statsmodels' proportion_effectsize, to 1e-15.
    func testCohensH() throws {
        for c in cases("cohens_h") { XCTAssertEqual(try Power.cohensH(c["p1"]!, c["p2"]!), c["h"]!, accuracy: 1e-15) }
        XCTAssertThrowsError(try Power.cohensH(1.5, 0.2)) { XCTAssertEqual("\($0)", "power: a rate in [0, 1] expected, got 1.5") }
    }

    /// The detectable difference is the change of rate the detectable h means, and its power is the one asked for.
    func testDetectableDifferenceRoundTrips() throws {
        let a = try Power.analyse(n1: 100, n2: 300, rate: 0.3)
        let d = try XCTUnwrap(a.difference)
        XCTAssertEqual(abs(try Power.cohensH(0.3 + d, 0.3)), a.effect, accuracy: 1e-12)
        XCTAssertEqual(try Power.power(effect: a.effect, n1: 100, n2: 300, alpha: 0.05), 0.8, accuracy: 1e-12)
        // A rate near 1 can only fall.
        XCTAssertEqual(try Power.detectableDifference(rate: 0.99, n1: 30, n2: 30, alpha: 0.05, power: 0.8) > 0, true)
        // Two rows cannot reveal anything at 80 % power.
        XCTAssert(try Power.detectableEffect(n1: 1, n2: 1, alpha: 0.05, power: 0.8).isNaN)
    }

    func testBadInputIsATypedError() {
        XCTAssertThrowsError(try Power.analyse(n1: 0, n2: 10)) { XCTAssertEqual("\($0)", "power: group sizes must be at least 1, got 0 and 10") }
        XCTAssertThrowsError(try Power.analyse(n1: 10, n2: 10, alpha: .nan)) { XCTAssert("\($0)".hasPrefix("power: alpha must lie strictly between 0 and 1")) }
        XCTAssertThrowsError(try Power.analyse(n1: 10, n2: 10, power: 0.01)) { XCTAssert("\($0)".hasPrefix("power: the power must lie between alpha")) }
        XCTAssertThrowsError(try Power.analyse(n1: 10, n2: 10, power: 0.8, effect: 0.2)) { XCTAssert("\($0)".hasPrefix("power: give either power")) }
        XCTAssertThrowsError(try Power.analyse(n1: 10, n2: 10, effect: .infinity)) { XCTAssert("\($0)".hasPrefix("power: the effect size must be a finite number")) }
    }
}
