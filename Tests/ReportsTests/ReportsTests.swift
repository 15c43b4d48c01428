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
        let legend = SVGChart.legend(SVGChart.Frame(), ["disparate impact remover (repair 0.5)"])
        XCTAssert(legend.contains("<title>disparate impact remover (repair 0.5)</title>disparate impact r…</text>"), legend)
    }

    func testLineChartAndTicks() throws {
        XCTAssertEqual(SVGChart.ticks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1])
        let svg = SVGChart.lines(title: "ROC", series: [.init(name: "Female", points: [(0, 0), (0.5, 0.8), (1, 1)], markers: [(0.5, 0.8)])],
                                 xLabel: "FPR", yLabel: "TPR")
        XCTAssert(svg.contains("<circle"))
        XCTAssertNotNil(try XMLDocument(xmlString: svg))
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
