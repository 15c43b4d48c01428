import Datasets
@testable import Fairness
import XCTest

final class EqOddsTests: XCTestCase {
    static func inputs() throws -> ([Double], [Double], GroupIndex, [String: [Double]]) {
        let t = try Reference.adult()
        let ref = try XCTUnwrap(PreprocessingTests.reference["eq_odds"] as? [String: Any]).compactMapValues { $0 as? [Double] }
        return (try Reference.numbers(t, "score"), try Reference.numbers(t, "y_true"), try GroupIndex(features: [Reference.feature(t, "sex")]), ref)
    }

    func testEqOddsMixingRatesEqualAIF360() throws {
        let (scores, y, groups, ref) = try Self.inputs()
        var eo = EqOddsPostprocessing(privileged: "Male")
        try eo.fit(scores: scores, labels: y, groups: groups)
        let expected = try XCTUnwrap(ref["eq_odds"])
        for k in 0..<4 { XCTAssertEqual(eo.rates[k], expected[k], accuracy: 1e-6, "rate \(k)") }
        // The expected TPR and FPR of the two groups are equal.
        let p = try eo.probabilities(scores: scores, groups: groups)
        func rate(_ label: Double, _ code: Int32) -> Double {
            let rows = y.indices.filter { y[$0] == label && groups.codes[$0] == code }
            return rows.reduce(0) { $0 + p[$1] } / Double(rows.count)
        }
        XCTAssertEqual(rate(1, 0), rate(1, 1), accuracy: 1e-9)
        XCTAssertEqual(rate(0, 0), rate(0, 1), accuracy: 1e-9)
        let d = try eo.predict(scores: scores, groups: groups, seed: 1)
        XCTAssertEqual(try eo.predict(scores: scores, groups: groups, seed: 1), d)
    }

    func testCalibratedMixingRatesEqualAIF360() throws {
        let (scores, y, groups, ref) = try Self.inputs()
        for cost in ["fpr", "fnr", "weighted"] {
            var c = try CalibratedEqOdds(cost: cost, privileged: "Male")
            try c.fit(scores: scores, labels: y, groups: groups)
            let expected = try XCTUnwrap(ref["calibrated_" + cost])
            XCTAssertEqual(c.mixRates.privileged, expected[0], accuracy: 1e-6, cost)
            XCTAssertEqual(c.mixRates.other, expected[1], accuracy: 1e-6, cost)
        }
        XCTAssertThrowsError(try CalibratedEqOdds(cost: "tpr", privileged: "Male"))
        var eo = EqOddsPostprocessing(privileged: "male")
        XCTAssertThrowsError(try eo.fit(scores: scores, labels: y, groups: groups)) { XCTAssert("\($0)".contains("'male' not found")) }
    }
}

final class RejectOptionTests: XCTestCase {
    func testGridChoiceEqualsAIF360() throws {
        let (scores, y, groups, _) = try EqOddsTests.inputs()
        let ref = try XCTUnwrap(PreprocessingTests.reference["eq_odds"] as? [String: Any])
        for metric in RejectOption.Metric.allCases {
            var ro = try RejectOption(privileged: "Male", metric: metric)
            try ro.fit(scores: scores, labels: y, groups: groups)
            let r = try XCTUnwrap(ref["reject_option_" + metric.rawValue] as? [String: Any])
            XCTAssertEqual(ro.threshold, try XCTUnwrap(r["threshold"] as? Double), accuracy: 1e-12, metric.rawValue)
            XCTAssertEqual(ro.margin, try XCTUnwrap(r["margin"] as? Double), accuracy: 1e-12, metric.rawValue)
            XCTAssertEqual(Int(try ro.predict(scores: scores, groups: groups).reduce(0, +)), try XCTUnwrap(r["positives"] as? Int), metric.rawValue)
            XCTAssertTrue(ro.satisfied)
        }
        XCTAssertThrowsError(try RejectOption(privileged: "Male", bounds: (0.1, -0.1)))
    }
}
