@testable import Reports
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

final class ReportsTests: XCTestCase {
    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array(String(repeating: "a", count: 1000).utf8)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

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
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("http://") && !html.contains("http://www.w3.org"))
    }
}
