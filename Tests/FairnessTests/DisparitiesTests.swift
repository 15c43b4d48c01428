@testable import Fairness
import XCTest

/// fair.disparities against aequitas 1.1's Bias and Fairness classes: disparities to 1e-9, reference groups and
/// parity determinations exactly.
final class DisparitiesTests: XCTestCase {
    func assertMatches(_ name: String) throws {
        let ref = CheckReference.entry("disparities", name)
        XCTAssertFalse(ref.isEmpty, "\(name) missing from check_reference.json")
        let data = String(name.split(separator: "_")[0]), attribute = try XCTUnwrap(ref["attribute"] as? String)
        let (labels, scores, groups) = try CheckReference.inputs(data, attribute)
        let reference: Disparities.Reference = switch try XCTUnwrap(ref["reference"] as? String) {
        case "largest": .largest
        case "min_metric": .minMetric
        case let group: .group(group)
        }
        let view = try Disparities(labels: labels, scores: scores, groups: groups, reference: reference, tau: try XCTUnwrap(ref["tau"] as? Double))
        XCTAssertEqual(view.groups, ref["groups"] as? [String], name)
        XCTAssertEqual(view.sizes, ref["sizes"] as? [Int], name)
        for (m, metric) in Disparities.metrics.enumerated() {
            let refs = ref["references"] as? [String: String]
            XCTAssertEqual(view.groups[view.referenceGroups[m]], refs?[metric.rawValue], "\(name) reference of \(metric.rawValue)")
            for (g, group) in view.groups.enumerated() {
                XCTAssert(close(view.values[g][m], CheckReference.number(ref["values"], metric.rawValue, group)), "\(name) \(metric.rawValue) \(group)")
                XCTAssert(close(view.disparities[g][m], CheckReference.number(ref["disparities"], metric.rawValue + "_disparity", group)),
                          "\(name) \(metric.rawValue)_disparity \(group): \(view.disparities[g][m])")
                XCTAssertEqual(view.isFair(group: g, metric: m), CheckReference.determination(ref["fair"], metric.parity, group) ?? false,
                               "\(name) \(metric.parity) \(group)")
            }
            let attributeFair = (ref["attribute_fair"] as? [String: Any])?[metric.parity]
            XCTAssertEqual(view.isFair(metric: m), attributeFair as? Bool, "\(name) \(metric.parity)")
        }
    }

    func testAdultMatchesAequitas() throws {
        for name in ["adult_race_largest", "adult_race_min_metric", "adult_sex_female"] { try assertMatches(name) }
    }

    func testCompasMatchesAequitas() throws {
        for name in ["compas_race_largest", "compas_race_min_metric", "compas_race_caucasian"] { try assertMatches(name) }
    }

    func testDivisionByZeroIsCappedAtTen() throws {
        // b's predictions are all negative: its fpr is 0, so a's fpr disparity against b is 10 and b's own is NaN.
        let groups = try GroupIndex(features: [("g", ["a", "b"], [0, 0, 0, 1, 1, 1])])
        let view = try Disparities(labels: [0, 0, 1, 0, 0, 1], scores: [1, 0, 1, 0, 0, 0], groups: groups, reference: .group("b"))
        let fpr = try XCTUnwrap(Disparities.metrics.firstIndex(of: .fpr))
        XCTAssertEqual(view.disparities[0][fpr], 10)
        XCTAssert(view.disparities[1][fpr].isNaN)
        XCTAssertNil(view.isFair(group: 1, metric: fpr))
        XCTAssertThrowsError(try Disparities(labels: [0, 1], scores: [0, 1], groups: try GroupIndex(features: [("g", ["a", "b"], [0, 1])]), reference: .group("c")))
        XCTAssertThrowsError(try Disparities(labels: [0, 1], scores: [0, 1], groups: try GroupIndex(features: [("g", ["a", "b"], [0, 1])]), tau: 0))
    }
}
