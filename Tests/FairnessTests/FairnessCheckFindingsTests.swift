@testable import Fairness
import XCTest

/// The fairness check's findings follow the rule every report applies: a failed criterion is a finding naming the
/// group farthest outside [ε, 1/ε]; groups below 30 rows are left out; a criterion already reported can be excluded.
final class FairnessCheckFindingsTests: XCTestCase {
    /// Confusion counts of `n` rows: `tp`, `fp`, `tn` and the rest false negatives.
    func counts(_ tp: Int, _ fp: Int, _ tn: Int, _ fn: Int) -> ConfusionCounts {
        var c = ConfusionCounts()
        for (label, decision, k) in [(1, 1, tp), (0, 1, fp), (0, 0, tn), (1, 0, fn)] {
            for _ in 0..<k { c.add(label: label, decision: decision) }
        }
        return c
    }

    func testAFailedCriterionIsAFindingOfTheFarthestGroupAndSmallGroupsAreLeftOut() throws {
        // p (100 rows): TPR 0.8, ACC 0.8, STP 0.5; a (100): TPR 0.5 (ratio 0.625), STP 0.3 (0.6); b (100): TPR 0.6 (0.75);
        // tiny (10): ACC 0.4 (0.5), STP 0.1 (0.2).
        let groups = ["a", "b", "p", "tiny"]
        let per = [counts(20, 10, 50, 20), counts(30, 12, 38, 20), counts(40, 10, 40, 10), counts(0, 1, 4, 5)]
        let check = try FairnessCheck(counts: per, groups: groups, attribute: "g", privileged: 2)
        XCTAssertEqual(check.failed.map(\.rawValue), ["TPR", "ACC", "STP"])
        let findings = check.findings()
        XCTAssertEqual(findings.map(\.evidence.statistic), ["TPR ratio", "STP ratio"])   // ACC fails only for tiny
        XCTAssertEqual(findings[0].evidence.value, 0.625, accuracy: 1e-12)
        XCTAssertEqual(findings[1].evidence.value, 0.6, accuracy: 1e-12)
        XCTAssertEqual(findings[0].kind, .errorRate)
        XCTAssertEqual(findings[0].severity, 0.375, accuracy: 1e-12)
        XCTAssertTrue(findings[0].message.hasPrefix("Equal opportunity (TPR): a over p is 0.625, outside [0.8, 1.25]"), findings[0].message)
        XCTAssertEqual(check.findings(minimumSize: 0).map(\.evidence.statistic), ["TPR ratio", "ACC ratio", "STP ratio"])
        XCTAssertEqual(check.findings(minimumSize: 0)[2].evidence.value, 0.2, accuracy: 1e-12)   // tiny, farther than a
        XCTAssertEqual(check.findings(excluding: [.statisticalParity]).map(\.evidence.statistic), ["TPR ratio"])
        // A privileged group below the size supports no finding at all.
        XCTAssertTrue(try FairnessCheck(counts: per, groups: groups, attribute: "g", privileged: 3).findings().isEmpty)
    }

    func testTheCountsInitAgreesWithTheRowsInit() throws {
        let labels: [UInt8] = [1, 1, 0, 0, 1, 0, 1, 0, 0, 1]
        let scores: [Double] = [0.9, 0.2, 0.7, 0.1, 0.8, 0.3, 0.6, 0.4, 0.55, 0.45]
        let index = try GroupIndex(features: [("g", ["a", "b"], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])])
        let rows = try FairnessCheck(labels: labels, scores: scores, groups: index)
        let decisions = scores.map { $0 >= 0.5 ? UInt8(1) : 0 }
        let per = ConfusionCounts.byGroup(labels: labels, decisions: decisions, groups: index.codes, groupCount: 2, weights: nil)
        let counted = try FairnessCheck(counts: per, groups: index.names, attribute: "g", privileged: 0)
        XCTAssertEqual(counted.privileged, rows.privileged)
        XCTAssertEqual(counted.rates.flatMap { $0 }.map { $0.isNaN ? -1 : $0 }, rows.rates.flatMap { $0 }.map { $0.isNaN ? -1 : $0 })
        XCTAssertThrowsError(try FairnessCheck(counts: per, groups: index.names, attribute: "g", privileged: 5))
    }
}
