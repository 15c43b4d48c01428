import Fairness
import XCTest

/// The MDSS bias scan against AIF360 0.6.1 (scan_reference.json). Subgroups must be identical once the
/// conditions that restrict nothing are dropped from AIF360's (it sometimes lists a feature with every value its
/// rows take, by the last bit of two equal sums; see `MDSSScan.essential`); scores are rounded to 4 decimals by
/// AIF360 and by FairLua, so they must be equal (to 1e-9, the JSON's decimal).
final class MDSSScanTests: XCTestCase {
    func assertMatches(_ dataset: String) throws {
        let (features, observed, expected, _) = try ScanReference.inputs(dataset)
        let cases = ScanReference.mdss(dataset)
        XCTAssertFalse(cases.isEmpty)
        for c in cases {
            var o = MDSSScan.Options()
            o.penalty = c["penalty"] as? Double ?? 0
            o.iterations = c["num_iters"] as? Int ?? 0
            o.direction = c["overpredicted"] as? Bool == true ? .overpredicted : .underpredicted
            let scan = try MDSSScan(features: features, observations: observed, expectations: expected, options: o)
            let want = (c["subgroup"] as? [String: [String]] ?? [:])
            let essential = try MDSSScan.essential(features: features, observations: observed, expectations: expected, subgroup: want)
            XCTAssertEqual(scan.subgroup, essential, "\(dataset) \(c)")
            XCTAssertFalse(scan.subgroup.isEmpty)
            XCTAssertEqual(scan.score, c["score"] as? Double ?? .nan, accuracy: 1e-9, "\(dataset) \(c)")
            let rescored = try MDSSScan.score(features: features, observations: observed, expectations: expected, subgroup: want,
                                              direction: o.direction, penalty: o.penalty)
            XCTAssertEqual(rescored, c["rescored"] as? Double ?? .nan, accuracy: 1e-9, "mdss_bias_score \(dataset) \(c)")
        }
    }

    func testAdultMatchesAIF360() throws { try assertMatches("adult") }

    func testCompasMatchesAIF360() throws { try assertMatches("compas") }

    func testBadInput() throws {
        let f = try ScanFeatures(names: ["a"], levels: [["x", "y"]], codes: [[0, 1, 0]])
        XCTAssertThrowsError(try MDSSScan(features: f, observations: [0, 1], expectations: [0.5, 0.5, 0.5]))
        XCTAssertThrowsError(try MDSSScan(features: f, observations: [0, 1, 2], expectations: [0.5, 0.5, 0.5]))
        XCTAssertThrowsError(try MDSSScan(features: f, observations: [0, 1, 1], expectations: [0.5, 1.5, 0.5]))
        var o = MDSSScan.Options()
        o.iterations = 0
        XCTAssertThrowsError(try MDSSScan(features: f, observations: [0, 1, 1], expectations: [0.5, 0.5, 0.5], options: o))
        o.iterations = 10_001
        XCTAssertThrowsError(try MDSSScan(features: f, observations: [0, 1, 1], expectations: [0.5, 0.5, 0.5], options: o))
        o.iterations = 1
        o.penalty = -1
        XCTAssertThrowsError(try MDSSScan(features: f, observations: [0, 1, 1], expectations: [0.5, 0.5, 0.5], options: o))
        XCTAssertThrowsError(try ScanFeatures(names: ["a"], levels: [["x"]], codes: [[0, 1]]))
    }
}
