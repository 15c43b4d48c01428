@testable import Reports
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

final class ReportsTests: XCTestCase {
    func testBarChartIsWellFormedSVGWithTextLabels() throws {
        let svg = SVGChart.bars(title: "Selection rate by sex", categories: ["Female", "Male"],
                                series: [.init(name: "before", values: [0.08, 0.26], intervals: [(0.07, 0.09), (0.25, 0.27)]),
                                         .init(name: "after <x>", values: [0.17, .nan])], yLabel: "rate")
        XCTAssert(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\""))
        XCTAssert(svg.contains(">Female</text>"))
        XCTAssert(svg.contains("after &lt;x&gt;"))
        XCTAssert(svg.contains(">NaN</text>"))
        XCTAssertNotNil(try XMLDocument(xmlString: svg))
    }

    func testLongCategoryLabelsWrapAndLongLegendNamesAreCutWithATooltip() {
        XCTAssertEqual(SVGChart.categoryLabel("Amer-Indian-Eskimo", x: 5, y: 9, width: 106),
                       "<text x=\"5.0\" y=\"9.0\" text-anchor=\"middle\"><tspan x=\"5.0\" dy=\"0\">Amer-Indian-</tspan><tspan x=\"5.0\" dy=\"15\">Eskimo</tspan></text>\n")
        XCTAssertEqual(SVGChart.categoryLabel("Female", x: 5, y: 9, width: 106), "<text x=\"5.0\" y=\"9.0\" text-anchor=\"middle\">Female</text>\n")
        let legend = SVGChart.legend(SVGChart.Frame(), [("disparate impact remover (repair 0.5)", .filled("#000"))])
        XCTAssert(legend.contains("<title>disparate impact remover (repair 0.5)</title>disparate impact r…</text>"), legend)
    }

    func testLineChartAndTicks() throws {
        XCTAssertEqual(SVGChart.ticks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1])
        let svg = SVGChart.lines(title: "ROC", series: [.init(name: "Female", points: [(0, 0), (0.5, 0.8), (1, 1)], markers: [(0.5, 0.8)])],
                                 xLabel: "FPR", yLabel: "TPR")
        XCTAssert(svg.contains("<circle"))
        XCTAssertNotNil(try XMLDocument(xmlString: svg))
    }

    func testLongLinesAreSimplifiedToAtMost500PointsRoundedTo0_01Px() throws {
        // A wiggly curve of 20,000 points: the path keeps ≤ 500 vertices, each coordinate with ≤ 2 decimals.
        let points: [(x: Double, y: Double)] = (0..<20_000).map { i in
            let t = Double(i), wiggle: Double = sin(t / 37) * Double(i % 7) / 7
            return (x: t / 19_999, y: 0.5 + 0.4 * wiggle)
        }
        let svg = SVGChart.lines(title: "wiggle", series: [.init(name: "a", points: points)], xLabel: "x", yLabel: "y")
        let path = try XCTUnwrap(svg.split(separator: "\n").first { $0.hasPrefix("<path d=") })
        XCTAssertLessThanOrEqual(path.filter { $0 == "L" }.count + 1, 500)
        XCTAssertNil(svg.firstMatch(of: /\.\d{3}/), "a coordinate with more than two decimals")
        XCTAssertLessThan(svg.utf8.count, 20_000)
        // Ramer–Douglas–Peucker keeps corners and drops points on a straight run.
        let straight: [(x: Double, y: Double)] = (0...100).map { (x: Double($0), y: 0) }
        let corner = SVGChart.simplified(straight + [(x: 100, y: 100)])
        XCTAssertEqual(corner.map(\.x), [0, 100, 100])
        XCTAssertEqual(corner.map(\.y), [0, 0, 100])
        XCTAssertEqual(SVGChart.px(12.3456), "12.35")
        XCTAssertEqual(SVGChart.px(40), "40")
    }

    func testReferenceLinesAreGreyDashesAndSmallGroupsHollow() throws {
        let svg = SVGChart.lines(title: "t", series: [.init(name: "F", points: [(0, 0), (1, 0.5)]),
                                                      .init(name: "chance", points: [(0, 0), (1, 1)], style: .reference),
                                                      .init(name: "M (n = 4, small)", points: [(0, 0), (1, 0.7)], markers: [(1, 0.7)], style: .small)],
                                 xLabel: "x", yLabel: "y")
        let chance = try XCTUnwrap(svg.split(separator: "\n").first { $0.contains("<title>chance</title>") })
        XCTAssert(chance.contains("stroke=\"#888\"") && chance.contains("stroke-dasharray=\"6 4\""), String(chance))
        // The reference takes no palette colour: the small group has the second one, dotted, its marker hollow.
        let small = try XCTUnwrap(svg.split(separator: "\n").first { $0.hasPrefix("<path") && $0.contains("small)</title>") })
        XCTAssert(small.contains(SVGChart.palette[1]) && small.contains("stroke-dasharray=\"2 3\""), String(small))
        XCTAssert(svg.contains("<circle cx=\"630\" cy=\"143\" r=\"6\" fill=\"white\""), svg)
        XCTAssertNotNil(try XMLDocument(xmlString: svg))
        let bars = SVGChart.bars(title: "t", categories: ["big", "tiny"], series: [.init(name: "rate", values: [0.5, 0.2])], yLabel: "rate", small: [1])
        XCTAssertEqual(bars.components(separatedBy: "fill=\"white\" stroke=").count - 1, 2, bars)   // the bar and the legend swatch
        XCTAssert(bars.contains("rate tiny: 0.2 (below min_group_size)") && bars.contains(">small group</text>"), bars)
    }

    func testHTMLReportIsSelfContained() {
        var r = HTMLReport(title: "Audit & more")
        r.findings = ["four-fifths rule: ratio 0.31"]
        r.add("Metrics", HTMLReport.table(header: ["group", "rate"], rows: [["Female", "0.08"]]))
        r.provenance = [("FairLua", "0.1.0")]
        let html = r.html
        XCTAssert(html.contains("<title>Audit &amp; more</title>"))
        XCTAssert(html.contains("<td class=\"n\">0.08</td>"))
        let mixed = HTMLReport.table(header: ["group", "n"], rows: [["Female", "3"], ["Male", ""], ["all", "n/a"]])
        XCTAssert(mixed.contains("<td>3</td>"), mixed)   // a number in a column of text stays left, with its column
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("http://") && !html.contains("http://www.w3.org"))
    }
}
