import Reports
import Tensors
import XCTest

final class HTMLRenderableTests: XCTestCase {
    func testTensorFragmentLabelsRowsAndElidesLongAxes() throws {
        let html = try Tensor(shape: [2, 20, 3], storage: (0..<120).map(Float.init)).htmlFragment
        XCTAssertTrue(html.hasPrefix("<div class=\"fairlua\">"))
        XCTAssertTrue(html.contains("Tensor of shape [2, 20, 3]"))
        XCTAssertEqual(html.components(separatedBy: "<tr>").count - 1, 1 + 8 + 1 + 8)   // header, 8 rows, …, 8 rows of 40
        XCTAssertTrue(html.contains("<td>[1, 1]</td><td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">2</td></tr>"))
        XCTAssertTrue(html.contains("<td>[2, 20]</td><td class=\"n\">117</td><td class=\"n\">118</td><td class=\"n\">119</td></tr>"))
        XCTAssertTrue(html.contains("<td>…</td>"))
        XCTAssertTrue(try Tensor(shape: [], storage: [2.5]).htmlFragment.contains("<td class=\"n\">2.5000</td>"))
    }

    func testFragmentStylesAreScopedToTheFragment() {
        let html = HTMLFragment.wrap("<p>x</p>\n")
        XCTAssertTrue(html.contains("div.fairlua table {"))
        XCTAssertFalse(html.contains("\ntable {"))
        XCTAssertTrue(html.hasSuffix("<p>x</p>\n</div>\n"))
        var report = HTMLReport(title: "T")
        report.add("S", "<p>body</p>\n")
        XCTAssertTrue(report.htmlFragment.contains("<h3>T</h3>"))
        XCTAssertTrue(report.htmlFragment.contains("<h4>S</h4>\n<p>body</p>"))
        XCTAssertFalse(report.htmlFragment.contains("<body"))
        XCTAssertTrue(report.html.contains("<h1>T</h1>"))
    }
}
