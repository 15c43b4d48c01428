import Explain
@testable import Reports
import Tensors
import XCTest

/// Occlusion importance prints, serialises and charts itself from Swift.
final class OcclusionRenderingTests: XCTestCase {
    func occlusion() throws -> OcclusionImportance {
        // Two 1 × 2 × 2 images, one per group; the classifier reads pixel (0, 0).
        let x = try Tensor(shape: [2, 1, 2, 2], storage: [1, 0, 0, 0, 0, 0, 0, 0])
        return try OcclusionImportance(images: x, labels: [1, 0], groups: [0, 1], groupNames: ["a", "b"], patch: 1, fill: [0]) { t in
            (0..<2).map { t.storage[$0 * 4] > 0.5 ? 1 : 0 }
        }
    }

    func testTextRanksRegionsByGapDrop() throws {
        let text = try occlusion().text
        XCTAssert(text.hasPrefix("occlusion importance: 4 regions of 1 × 1 px on 2 × 2 images, filled with 0"), text)
        XCTAssert(text.contains("by group a 1 (n = 1), b 1 (n = 1); gap 0"), text)
        let first = text.split(separator: "\n").first { $0.hasPrefix("rows 0–0, columns 0–0") }.map { $0.split(separator: " ").dropFirst(4).map(String.init) }
        XCTAssertEqual(first, ["-1", "0.5", "1", "0"])   // hiding a's pixel: a drops to 0, the gap widens to 1
    }

    func testJSONHoldsTheGridsAndTheChartOneMapPerMeasure() throws {
        let r = try occlusion()
        guard case let .object(doc) = r.json, case let .object(drops)? = doc["drops"], case let .object(byGroup)? = drops["by_group"] else {
            return XCTFail("\(r.json)")
        }
        XCTAssertEqual(doc["rows"], .integer(2))
        XCTAssertEqual(byGroup["a"], .array([.array([.number(1), .number(0)]), .array([.number(0), .number(0)])]))
        XCTAssertEqual(try r.drops(group: nil), drops["gap"])
        XCTAssertThrowsError(try r.drops(group: "z")) { XCTAssert("\($0)".contains("groups: a, b"), "\($0)") }
        let svg = r.chart
        XCTAssert(svg.hasPrefix("<svg"), svg)
        XCTAssertEqual(svg.components(separatedBy: "<g transform=").count - 1, 3)   // the gap and two groups
        XCTAssert(svg.contains("Accuracy drop, b (n = 1)"), svg)
    }
}
