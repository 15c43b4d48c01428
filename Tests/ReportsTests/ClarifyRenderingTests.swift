import Datasets
import Fairness
@testable import Reports
import XCTest

/// The Clarify report and the regression result print and serialise themselves: aligned tables, Clarify's JSON shape.
final class ClarifyRenderingTests: XCTestCase {
    // Facet f (rows 0–3) against the rest; labels and predictions such that TE's FN_a / FP_a is 1 / 0 = +inf.
    func report() throws -> ClarifyBias {
        let table = Table(names: ["g", "y", "s"], columns: [
            .categorical(CategoricalColumn(values: ["f", "f", "f", "f", "m", "m", "m", "m"])),
            .numeric([1, 0, 1, 0, 1, 1, 0, 0]), .categorical(CategoricalColumn(values: ["u", "v", "u", "v", "u", "v", "u", "v"])),
        ])
        let ds = try Dataset(table: table, label: "y", positive: ["1"], sensitive: ["g"])
        return try ClarifyBias(ds, stage: .postTraining, facetValues: .values(["f"]), predictions: [1, 0, 0, 1, 0, 1, 0, 0],
                               group: "s", methods: ["DPPL", "TE", "FT"])
    }

    func testTextAlignsValuesAndSaysWhyAMeasureIsMissing() throws {
        let r = try report()
        let text = r.text
        XCTAssert(text.hasPrefix("Post-training bias (SageMaker Clarify) of 8 rows; flip test on no numeric feature"), text)
        XCTAssert(text.contains("Facet g = f (n = 4) against the rest (n = 4); label y = 1; group variable s"), text)
        let rows = r.table(r.facets[0]).rows
        XCTAssertEqual(rows.map { $0[0] }, ["DPPL", "FT", "TE"])
        XCTAssertEqual(rows[1][2], "NaN")
        XCTAssertEqual(rows[1][3], "FT needs numeric features (the flip test's nearest neighbours)")
        XCTAssertEqual(rows[2][2], "-inf")
    }

    func testJSONHasClarifysShapeWithInfinityAsText() throws {
        let json = try report().json.encoded(indent: 0)
        XCTAssert(json.contains(#""value":"-Infinity""#), json)
        XCTAssert(json.contains(#""value_or_threshold":"f""#), json)
        XCTAssert(json.contains(#""stage":"post_training""#), json)
        XCTAssert(json.contains(#""error":"FT needs numeric features"#), json)
    }

    func testRegressionSummaryAndTable() throws {
        let groups = try GroupIndex(features: [("g", ["a", "b"], [0, 0, 0, 1, 1, 1])])
        let r = try RegressionFairness(targets: [1, 2, 3, 1, 2, 3], predictions: [1, 2, 3, 2, 3, 4], groups: groups, bound: 0.5)
        XCTAssert(r.text.contains("largest Kolmogorov-Smirnov distance 0.3333 (a vs b)"), r.text)
        XCTAssert(r.text.contains("fails for b"), r.text)
        XCTAssertEqual(r.table.rows.map { $0[0] }, ["a (small)", "b (small)", "(all)"])
        XCTAssertEqual(r.table.rows[1][2], "1")
    }
}
