import Fairness
@testable import Reports
import XCTest

/// The fairness check and the Aequitas view print and draw themselves: verdict lines, aligned tables, charts.
final class FairnessCheckRenderingTests: XCTestCase {
    // Group a (privileged, 6 rows) against b (4 rows, no positive decision: its STP ratio is NaN).
    let groups = try? GroupIndex(features: [("g", ["a", "b"], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1])])
    let labels: [UInt8] = [1, 1, 0, 0, 1, 0, 1, 0, 1, 0]
    let scores = [0.9, 0.8, 0.7, 0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3]

    func testCheckPrintsVerdictAndOneRowPerMetricAndGroup() throws {
        let check = try FairnessCheck(labels: labels, scores: scores, groups: try XCTUnwrap(groups), privileged: "a")
        let text = check.text
        XCTAssert(text.hasPrefix("Fairness check of g: each group's rate over a's (n = 6), passing inside [0.8, 1.25]"), text)
        XCTAssert(text.contains("Conclusion: the model "), text)
        XCTAssert(text.contains("Some ratios are NaN"), text)
        let rows = check.table.rows
        XCTAssertEqual(rows.count, 5)
        XCTAssertEqual(rows.map { $0[0] }, ["TPR", "ACC", "PPV", "FPR", "STP"])
        XCTAssertEqual(rows.last?.last, "NaN")
        let lines = check.table.description.split(separator: "\n")
        XCTAssertEqual(Set(lines.dropFirst(2).map { $0.firstRange(of: " b ")?.lowerBound.utf16Offset(in: $0) }).count, 1)
    }

    func testChartsShadeTheBandAndLabelEveryCell() throws {
        let check = try FairnessCheck(labels: labels, scores: scores, groups: try XCTUnwrap(groups), privileged: "a")
        let bars = check.ratioChart
        XCTAssert(bars.contains("fill=\"#e6e6e6\"><title>passing band [0.8, 1.25]</title>"), bars)
        for criterion in FairnessCheck.criteria { XCTAssert(bars.contains("(\(criterion.rawValue))</text>"), criterion.rawValue) }
        XCTAssert(bars.contains(">NaN</text>"))
        let heat = check.heatmap
        XCTAssertEqual(heat.components(separatedBy: "<rect x=").count - 1, 5)   // one row (b) × five metrics
        XCTAssert(heat.contains(">STP</text>") && heat.contains(">NaN</text>"))
    }

    func testDisparitiesPrintTheirReferenceAndDeterminations() throws {
        let view = try Disparities(labels: labels, scores: scores, groups: try XCTUnwrap(groups), reference: .minMetric)
        XCTAssert(view.text.contains("reference per metric the group with the smallest value (ppr b, "), view.text)
        XCTAssertEqual(view.table.header.count, 12)
        XCTAssertEqual(view.determinations.rows.last?.first, "(g)")
        XCTAssert(view.heatmap.contains(">precision</text>"))
        XCTAssert(view.htmlFragment.hasPrefix("<div class=\"fairlua\">"))
    }

    func testChartsOfManyGroupsDrawTheLargestAsTheTableLists() throws {
        // 40 groups, g_k with k + 2 rows; a (privileged) the largest: the charts drew all 39 compared groups.
        let sizes = [60] + (0..<39).map { $0 + 2 }
        let codes = sizes.enumerated().flatMap { g, n in [Int32](repeating: Int32(g), count: n) }
        let many = try GroupIndex(features: [("g", ["a"] + (0..<39).map { "g\($0)" }, codes)])
        let y = codes.indices.map { UInt8($0 % 2) }, s = codes.indices.map { Double($0 % 3) / 2 }
        let check = try FairnessCheck(labels: y, scores: s, groups: many, privileged: "a")
        XCTAssert(check.ratioChart.contains("(largest 12; and 27 more in the JSON)"), check.ratioChart)
        XCTAssert(check.ratioChart.contains(">g38</text>") && !check.ratioChart.contains(">g26</text>"))
        XCTAssertEqual(check.heatmap.components(separatedBy: "<rect x=").count - 1, 12 * 5)
        let view = try Disparities(labels: y, scores: s, groups: many)
        XCTAssert(view.heatmap.contains("Disparities (largest 12; and 28 more in the JSON)"), view.heatmap)
        XCTAssertEqual(view.heatmap.components(separatedBy: "<rect x=").count - 1, 12 * Disparities.metrics.count)
    }

    func testBandDistanceIsHalfOnTheEdges() {
        XCTAssertEqual(SVGChart.bandDistance(1, tau: 0.8), 0)
        XCTAssertEqual(SVGChart.bandDistance(0.8, tau: 0.8), 0.5, accuracy: 1e-12)
        XCTAssertEqual(SVGChart.bandDistance(1.25, tau: 0.8), 0.5, accuracy: 1e-12)
        XCTAssertEqual(SVGChart.bandDistance(.nan, tau: 0.8), 0)
        XCTAssertEqual(SVGChart.bandDistance(2, tau: 1), 1)
    }
}
