@testable import Fairness
import XCTest

/// fair.check against dalex 1.8's fairness_check: ratios to 1e-9, failed metrics and the verdict exactly.
final class FairnessCheckTests: XCTestCase {
    func check(_ name: String) throws -> (FairnessCheck, [String: Any]) {
        let ref = CheckReference.entry("checks", name)
        let data = name.split(separator: "_")[0], attribute = try XCTUnwrap(ref["attribute"] as? String)
        let (labels, scores, groups) = try CheckReference.inputs(String(data), attribute)
        let check = try FairnessCheck(labels: labels, scores: scores, groups: groups, privileged: ref["privileged"] as? String,
                                      epsilon: try XCTUnwrap(ref["epsilon"] as? Double), cutoff: try XCTUnwrap(ref["cutoff"] as? Double))
        return (check, ref)
    }

    func assertMatches(_ name: String) throws {
        let (check, ref) = try check(name)
        XCTAssertFalse(ref.isEmpty, "\(name) missing from check_reference.json")
        for (c, criterion) in FairnessCheck.criteria.enumerated() {
            for g in check.groups.indices {
                XCTAssert(close(check.rates[g][c], CheckReference.number(ref["rates"], criterion.rawValue, check.groups[g])),
                          "\(name) rate \(criterion.rawValue) \(check.groups[g]): \(check.rates[g][c])")
            }
            for g in check.compared {
                XCTAssert(close(check.ratios[g][c], CheckReference.number(ref["ratios"], criterion.rawValue, check.groups[g])),
                          "\(name) ratio \(criterion.rawValue) \(check.groups[g]): \(check.ratios[g][c])")
            }
        }
        XCTAssertEqual(check.failed.map(\.rawValue), ref["failed"] as? [String], name)
        XCTAssertEqual(check.verdict.rawValue, ref["verdict"] as? String, name)
    }

    func testAdultMatchesDalex() throws {
        for name in ["adult_sex", "adult_race", "adult_race_eps09_cut04"] { try assertMatches(name) }
    }

    func testCompasMatchesDalex() throws {
        for name in ["compas_race", "compas_sex"] { try assertMatches(name) }
    }

    func testPrivilegedDefaultsToTheLargestGroupAndUnroundedRatesDiffer() throws {
        let (labels, scores, groups) = try CheckReference.inputs("adult", "race")
        let check = try FairnessCheck(labels: labels, scores: scores, groups: groups)
        XCTAssertEqual(check.privileged, "White")
        let exact = try FairnessCheck(labels: labels, scores: scores, groups: groups, digits: nil)
        let counts = ConfusionCounts.byGroup(labels: labels, decisions: scores.map { $0 >= 0.5 ? 1 : 0 }, groups: groups.codes,
                                             groupCount: groups.count, weights: nil)
        XCTAssertEqual(exact.rates[0][0], counts[0].tpr)
        XCTAssertNotEqual(exact.rates[0][0], check.rates[0][0])
    }

    func testBadInputIsAnError() throws {
        let groups = try GroupIndex(features: [("g", ["a", "b"], [0, 0, 1, 1])])
        XCTAssertThrowsError(try FairnessCheck(labels: [1, 0, 1, 0], scores: [1, 0, 1, 0], groups: groups, epsilon: 1.2))
        XCTAssertThrowsError(try FairnessCheck(labels: [1, 0, 1, 0], scores: [1, 0, 1, 0], groups: groups, cutoff: 0))
        XCTAssertThrowsError(try FairnessCheck(labels: [1, 0, 1], scores: [1, 0, 1, 0], groups: groups))
        XCTAssertThrowsError(try FairnessCheck(labels: [1, 0, 1, 0], scores: [1, .nan, 1, 0], groups: groups))
        XCTAssertThrowsError(try FairnessCheck(labels: [1, 0, 1, 0], scores: [1, 0, 1, 0], groups: groups, privileged: "c")) { e in
            XCTAssert("\(e)".contains("groups are: a, b"), "\(e)")
        }
        let one = try GroupIndex(features: [("g", ["a"], [0, 0])])
        XCTAssertThrowsError(try FairnessCheck(labels: [1, 0], scores: [1, 0], groups: one))
    }

    func testZeroRatiosAreNaNAndNeitherPassNorFail() throws {
        // Group b has no positive decisions: its STP, TPR and FPR are 0 and their ratios NaN (dalex's rule).
        let groups = try GroupIndex(features: [("g", ["a", "b"], [0, 0, 0, 0, 1, 1, 1, 1])])
        let check = try FairnessCheck(labels: [1, 0, 1, 0, 1, 0, 1, 0], scores: [1, 1, 1, 0, 0, 0, 0, 0], groups: groups, privileged: "a")
        XCTAssert(check.ratios[1][FairnessCheck.criteria.firstIndex(of: .statisticalParity) ?? 0].isNaN)
        XCTAssert(check.hasUndefinedRatios)
        XCTAssertFalse(check.failed.contains(.statisticalParity))
    }
}
