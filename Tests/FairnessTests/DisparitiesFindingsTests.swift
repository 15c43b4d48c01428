@testable import Fairness
import XCTest

/// Aequitas's parities as findings, by the rule every report applies: the group farthest outside [τ, 1/τ] per
/// parity that does not hold, groups below 30 rows left out.
final class DisparitiesFindingsTests: XCTestCase {
    func testAParityThatDoesNotHoldIsAFindingAndTinyGroupsAreLeftOut() throws {
        // a (40 rows) all selected; b (40) a quarter selected; tiny (5) none. The reference is the largest, a.
        let labels = (0..<85).map { $0 >= 80 ? UInt8(1) : UInt8($0 % 2) }
        let scores = (0..<85).map { i -> Double in i < 40 || (i >= 40 && i < 50) ? 0.9 : 0.1 }
        let codes = (0..<85).map { Int32($0 < 40 ? 0 : $0 < 80 ? 1 : 2) }
        let view = try Disparities(labels: labels, scores: scores, groups: try GroupIndex(features: [("g", ["a", "b", "tiny"], codes)]))
        let findings = view.findings()
        let impact = try XCTUnwrap(findings.first { $0.message.hasPrefix("Impact Parity does not hold") })
        XCTAssertEqual(impact.message, "Impact Parity does not hold: pprev_disparity of b against a is 0.25, outside [0.8, 1.25]")
        XCTAssertEqual(impact.kind, .outcome)
        XCTAssertEqual(impact.severity, 0.75, accuracy: 1e-12)
        XCTAssertFalse(findings.contains { $0.message.contains("tiny") })
        XCTAssertTrue(view.findings(minimumSize: 0).contains { $0.message.contains("of tiny against a") })
    }
}
