@testable import Fairness
import Foundation
import XCTest

/// Regression fairness against scikit-learn (MAE, RMSE, R² per group) and SciPy (ks_2samp, wasserstein_distance) to 1e-9
/// (Tests/reference/generate_clarify.py): Adult's standardised hours per week against the committed score, by sex and race.
final class RegressionFairnessTests: XCTestCase {
    func measure(_ attribute: String, permutations: Int = 0, seed: UInt64 = 0) throws -> RegressionFairness {
        let t = try Reference.adult()
        return try RegressionFairness(targets: try Reference.numbers(t, "x_hours-per-week"), predictions: try Reference.numbers(t, "score"),
                                      groups: try GroupIndex(features: [Reference.feature(t, attribute)]), permutations: permutations, seed: seed)
    }

    func testMatchesScikitLearnAndSciPy() throws {
        for attribute in ["sex", "race"] {
            let ref = try XCTUnwrap(((ClarifyTests.json["regression"] as? [String: Any])?["adult_" + attribute]) as? [String: Any])
            let r = try measure(attribute)
            func number(_ key: String, _ group: String) -> Double? { ((ref[key] as? [String: Any])?[group] as? NSNumber)?.doubleValue }
            for (k, g) in r.groups.enumerated() {
                XCTAssert(close(r.byGroup[k].mae, number("mae", g)), "\(attribute) \(g) MAE")
                XCTAssert(close(r.byGroup[k].rmse, number("rmse", g)), "\(attribute) \(g) RMSE")
                XCTAssert(close(r.byGroup[k].r2, number("r2", g)), "\(attribute) \(g) R²")
                XCTAssert(close(r.byGroup[k].meanPrediction, number("mean_prediction", g)), "\(attribute) \(g) mean")
                XCTAssert(close(r.ksToOverall[k], number("ks_to_overall", g)), "\(attribute) \(g) KS")
                XCTAssert(close(r.wassersteinToOverall[k], number("wasserstein_to_overall", g)), "\(attribute) \(g) W1")
            }
            XCTAssert(close(r.overall.mae, number("overall", "mae")) && close(r.overall.rmse, number("overall", "rmse"))
                      && close(r.overall.r2, number("overall", "r2")), attribute)
            XCTAssert(close(r.ks, (ref["ks"] as? NSNumber)?.doubleValue), "\(attribute) KS between groups \(r.ks)")
            XCTAssert(close(r.wasserstein, (ref["wasserstein"] as? NSNumber)?.doubleValue), "\(attribute) W1 between groups \(r.wasserstein)")
        }
    }

    func testPermutationTestIsSeededAndFindsTheGap() throws {
        let a = try measure("sex", permutations: 50, seed: 7), b = try measure("sex", permutations: 50, seed: 7)
        XCTAssertEqual(a.ksPValue, b.ksPValue)
        XCTAssertEqual(a.ksPValue, 1.0 / 51)           // no shuffle comes near the observed gap
        let groups = try GroupIndex(features: [("g", ["a", "b"], (0..<200).map { Int32($0 % 2) })])
        let y = (0..<200).map { Double($0 / 2) }
        let same = try RegressionFairness(targets: y, predictions: y, groups: groups, permutations: 99, seed: 1)
        XCTAssertGreaterThan(try XCTUnwrap(same.ksPValue), 0.5)   // interleaved groups: no difference to find
    }

    func testBoundedGroupLossAndBadInput() throws {
        let groups = try GroupIndex(features: [("g", ["a", "b"], [0, 0, 1, 1])])
        let r = try RegressionFairness(targets: [0, 0, 0, 0], predictions: [0, 1, 0, 3], groups: groups, bound: 1)
        XCTAssertEqual(r.withinBound, [true, false])
        XCTAssertEqual(r.byGroup.map(\.r2), [0, 0])          // constant targets, imperfect fit: scikit-learn's 0
        XCTAssertEqual(r.smallGroups, ["a", "b"])
        XCTAssertThrowsError(try RegressionFairness(targets: [0, 0, 0, 0], predictions: [0, .nan, 0, 3], groups: groups)) { e in
            XCTAssert("\(e)".contains("y_pred 2 is not a finite number"), "\(e)")
        }
        XCTAssertThrowsError(try RegressionFairness(targets: [0, 0, 0], predictions: [0, 1, 0, 3], groups: groups))
        let one = try GroupIndex(features: [("g", ["a"], [0, 0])])
        XCTAssertThrowsError(try RegressionFairness(targets: [0, 1], predictions: [0, 1], groups: one))
    }
}
