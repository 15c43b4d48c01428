import Datasets
@testable import Fairness
import XCTest

final class ThresholdOptimizerTests: XCTestCase {
    func testOperatingPointsEqualFairlearn() throws {
        let t = try Reference.adult()
        let scores = try Reference.numbers(t, "score"), y = try Reference.numbers(t, "y_true")
        let cases = try XCTUnwrap(PreprocessingTests.reference["threshold_optimizer"] as? [String: Any]).compactMapValues { $0 as? [String: Any] }
        XCTAssertEqual(cases.count, 14)
        for (key, ref) in cases {
            let parts = key.split(separator: "/").map(String.init)
            let groups = try GroupIndex(features: [Reference.feature(t, parts[0])])
            var to = try ThresholdOptimizer(constraint: parts[1], objective: parts[2])
            try to.fit(scores: scores, labels: y, groups: groups)
            XCTAssertEqual(to.best, try XCTUnwrap(ref["x_best"] as? Double), accuracy: 1e-12, key)
            let p = try to.probabilities(scores: scores, groups: groups)
            let expected = zip(p, y).reduce(0) { $0 + ($1.1 == 1 ? $1.0 : 1 - $1.0) } / Double(p.count)
            XCTAssertEqual(expected, try XCTUnwrap(ref["expected_accuracy"] as? Double), accuracy: 1e-6, key)
            let refGroups = try XCTUnwrap(ref["groups"] as? [String: Any]).compactMapValues { $0 as? [String: Any] }
            for (g, name) in groups.names.enumerated() {
                let r = try XCTUnwrap(refGroups[name]), rule = try XCTUnwrap(to.rules[name])
                XCTAssertEqual(rule.p0, try XCTUnwrap(r["p0"] as? Double), accuracy: 1e-9, "\(key) \(name) p0")
                for (op, field) in [(rule.operation0, "operation0"), (rule.operation1, "operation1")] {
                    // ±infinity is written as the string "inf" / "-inf".
                    let value = try XCTUnwrap((r[field] as? [Any])?[1])
                    let threshold = try XCTUnwrap((value as? Double) ?? (value as? String).flatMap(Double.init))
                    if threshold.isInfinite { XCTAssertEqual(op.threshold, threshold, "\(key) \(name)") } else {
                        XCTAssertEqual(op.threshold, threshold, accuracy: 1e-12, "\(key) \(name)")
                    }
                }
                let rows = (0..<p.count).filter { groups.codes[$0] == Int32(g) }
                let mean = { (keep: (Int) -> Bool) -> Double in
                    let chosen = rows.filter(keep)
                    return chosen.reduce(0) { $0 + p[$1] } / Double(chosen.count)
                }
                XCTAssertEqual(mean { _ in true }, try XCTUnwrap(r["selection_rate"] as? Double), accuracy: 1e-6, "\(key) \(name) selection")
                XCTAssertEqual(mean { y[$0] == 1 }, try XCTUnwrap(r["tpr"] as? Double), accuracy: 1e-6, "\(key) \(name) tpr")
                XCTAssertEqual(mean { y[$0] == 0 }, try XCTUnwrap(r["fpr"] as? Double), accuracy: 1e-6, "\(key) \(name) fpr")
                if parts[1] == "equalized_odds" {   // the plotted point is the one the randomized decisions reach
                    let point = try XCTUnwrap(to.chosen[name])
                    XCTAssertEqual(point.x, mean { y[$0] == 0 }, accuracy: 1e-9, "\(key) \(name) plotted fpr")
                    XCTAssertEqual(point.y, mean { y[$0] == 1 }, accuracy: 1e-9, "\(key) \(name) plotted tpr")
                }
            }
        }
    }

    func testBadInput() throws {
        XCTAssertThrowsError(try ThresholdOptimizer(constraint: "parity")) { XCTAssert("\($0)".contains("constraints: demographic_parity")) }
        XCTAssertThrowsError(try ThresholdOptimizer(constraint: "equalized_odds", objective: "tpr"))
        var to = try ThresholdOptimizer()
        let groups = try GroupIndex(features: [("g", ["a", "b"], [0, 0, 1, 1])])
        XCTAssertThrowsError(try to.fit(scores: [0.1, 0.9, 0.2, 0.3], labels: [0, 1, 1, 1], groups: groups)) {
            XCTAssertEqual("\($0)", "ThresholdOptimizer: group 'b' has only one label value, so no threshold trade-off exists")
        }
        try to.fit(scores: [0.1, 0.9, 0.2, 0.3], labels: [0, 1, 1, 0], groups: groups)
        XCTAssertThrowsError(try to.probabilities(scores: [0.5], groups: GroupIndex(features: [("g", ["c"], [0])]))) {
            XCTAssert("\($0)".hasPrefix("ThresholdOptimizer: group 'c' was not seen when fitting"))
        }
    }
}
