import Datasets
import Explain
import Learning
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

    /// TreeSHAP's summary prints the features by mean |SHAP| with a column per group, flags a small group, charts the
    /// groups as bar series, and its JSON carries the means.
    func testSHAPSummaryPrintsChartsAndEncodes() throws {
        let tree = try TreeNodes(feature: [0, -1, 1, -1, -1], threshold: [0.5, 0, 0.5, 0, 0], left: [1, -1, 3, -1, -1], right: [2, -1, 4, -1, -1],
                                 value: [0, 0, 0, 0.5, 1], cover: [4, 2, 2, 1, 1], features: 2)
        let x = try Tensor(shape: [4, 2], storage: [0, 0, 0, 1, 1, 0, 1, 1])
        let shap = try TreeSHAP(try TreeEnsemble(trees: [tree], base: 0, features: 2, margin: .probability), x: x)
        let summary = try SHAPImportance(shap, features: ["age", "job"], columns: [[0], [1]],
                                         by: ("sex", CategoricalColumn(levels: ["F", "M"], codes: [0, 0, 1, 1])))
        let text = summary.text
        XCTAssertEqual(text.split(separator: "\n").first, "TreeSHAP of the probability: 4 rows, expected value 0.375; mean |SHAP| by feature and by sex")
        XCTAssertEqual(RenderingTests.row("age", in: text), ["age", "0.375", "0.375", "0.375"])
        XCTAssert(text.contains("* F has 2 rows (fewer than 30)"), text)
        let svg = summary.chart
        XCTAssert(svg.contains("Mean |SHAP| by feature and sex") && svg.contains(">F<") && svg.contains(">M<"), svg)
        guard case let .object(json) = summary.json, case let .object(means)? = json["mean_abs"] else { return XCTFail("an object expected") }
        XCTAssertEqual(means["age"], .number(0.375))
        XCTAssertEqual(json["by"], .string("sex"))
    }
}
