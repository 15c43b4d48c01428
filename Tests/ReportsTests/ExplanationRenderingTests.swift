import Explain
@testable import Reports
import Tensors
import XCTest

/// Explanations print and chart themselves from Swift, as `print(pd)` and `pd:plot()` show them in Lua.
final class ExplanationRenderingTests: XCTestCase {
    func testPartialDependencePrintsATableAndChartsItsCurves() throws {
        let x = try Tensor(shape: [2, 1], storage: [0, 1])
        let pd = try PartialDependence(x: x, columns: [0], grid: [[0], [1]], labels: ["0", "1"], individual: true) { t in t.storage.map { Double($0) / 2 } }
        let text = pd.text(feature: "age", groups: [("F", [0.1, 0.2])])
        XCTAssertEqual(text.split(separator: "\n").first, "partial dependence on age")
        XCTAssertEqual(RenderingTests.row("1", in: text), ["1", "0.5", "0.2"])
        let svg = pd.chart(feature: "age", groups: [("F", [0.1, 0.2])])
        XCTAssert(svg.hasPrefix("<svg"), svg)
        XCTAssert(svg.contains("ICE (2 rows)") && svg.contains("Partial dependence on age"), svg)
    }
}
