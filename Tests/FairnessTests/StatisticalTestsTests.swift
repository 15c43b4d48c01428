@testable import Fairness
import XCTest

final class StatisticalTestsTests: XCTestCase {
    func relativelyClose(_ a: Double, _ b: Double?, _ tolerance: Double = 1e-9) -> Bool {
        guard let b else { return false }
        return abs(a - b) <= tolerance * abs(b)
    }


    func testAgainstSciPyOnAdult() throws {
        let t = try Reference.adult()
        let y = try Reference.numbers(t, "y_true"), p = try Reference.numbers(t, "y_pred")
        for attribute in ["sex", "race"] {
            let groups = try GroupIndex(features: [Reference.feature(t, attribute)])
            let key = "tests_" + attribute
            var results: [(String, TestResult)] = [
                ("chi2_correction", try StatisticalTests.chiSquare(decisions: p, groups: groups, correction: true)),
                ("chi2", try StatisticalTests.chiSquare(decisions: p, groups: groups, correction: false)),
            ]
            if attribute == "sex" {
                results += [
                    ("fisher", try StatisticalTests.fisher(decisions: p, groups: groups)),
                    ("two_proportion", try StatisticalTests.twoProportion(decisions: p, groups: groups)),
                    ("two_proportion_tpr", try StatisticalTests.twoProportion(yTrue: y, decisions: p, groups: groups, stratum: 1)),
                    ("two_proportion_fpr", try StatisticalTests.twoProportion(yTrue: y, decisions: p, groups: groups, stratum: 0)),
                ]
            }
            for (name, result) in results {
                let ref = Reference.table("adult", key, name)
                XCTAssert(relativelyClose(result.statistic, (ref["statistic"] as? NSNumber)?.doubleValue), "\(key) \(name) statistic \(result.statistic)")
                XCTAssert(relativelyClose(result.pValue, (ref["p_value"] as? NSNumber)?.doubleValue), "\(key) \(name) p \(result.pValue) vs \(ref["p_value"] ?? "nil")")
            }
        }
    }

    func testAdjustmentsMatchReference() throws {
        let p = (Reference.json["p_values"] as? [NSNumber])?.map(\.doubleValue) ?? []
        XCTAssertEqual(p.count, 5)
        for (key, method) in [("holm", StatisticalTests.Adjustment.holm), ("bh", .bh)] {
            let expected = (Reference.json[key] as? [NSNumber])?.map(\.doubleValue) ?? []
            let got = try StatisticalTests.adjust(p, method: method)
            for (a, b) in zip(got, expected) { XCTAssert(relativelyClose(a, b), "\(key): \(got) vs \(expected)") }
        }
        XCTAssertThrowsError(try StatisticalTests.adjust([0.5, 2], method: .holm))
    }

    func testPermutationTestIsSeededAndDetectsAGap() throws {
        let groups = try GroupIndex(features: [("g", ["a", "b"], (0..<200).map { Int32($0 % 2) })])
        let data = try Predictions(yTrue: [Double](repeating: 0, count: 200), yPred: (0..<200).map { $0 % 2 == 0 && $0 < 120 ? 1 : 0 })
        let metric = try XCTUnwrap(Metrics.builtIn("selection_rate"))
        let a = try StatisticalTests.permutation(metric: metric, data: data, groups: groups, samples: 200, seed: 3)
        let b = try StatisticalTests.permutation(metric: metric, data: data, groups: groups, samples: 200, seed: 3)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.statistic, 0.6)
        XCTAssertEqual(a.pValue, 1.0 / 201)
    }

    func testChiSquareTailIsAccurate() {
        // SciPy: chi2.sf(30, 3) = 1.3800570312932553e-06; chi2.sf(0.5, 4) = 0.9735009788392561.
        XCTAssert(relativelyClose(SpecialFunctions.chiSquareSurvival(30, dof: 3), 1.3800570312932553e-06))
        XCTAssert(relativelyClose(SpecialFunctions.chiSquareSurvival(0.5, dof: 4), 0.9735009788392561))
    }
}
