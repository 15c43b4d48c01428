import Datasets
import Fairness
import Reports
import Tensors
import XCTest

/// Subgroup scans print themselves: what was scanned and tested, aligned tables, JSON with every subgroup.
final class ScanRenderingTests: XCTestCase {
    // Features a (x, y) and b (u, v) over 80 rows; decisions positive mostly where a = x and b = u.
    let features = try? ScanFeatures(names: ["a", "b"], levels: [["x", "y"], ["u", "v"]],
                                     codes: [(0..<80).map { Int32($0 % 2) }, (0..<80).map { Int32(($0 / 2) % 2) }])
    let decisions = (0..<80).map { i in Double(i % 4 == 0 || i % 7 == 0 ? 1 : 0) }

    func testExhaustiveScanPrintsCountsAndAnAlignedTable() throws {
        let data = try Predictions(yTrue: (0..<80).map { Double($0 % 3 == 0 ? 1 : 0) }, yPred: decisions)
        var o = SubgroupScan.Options()
        o.minSupport = 20
        let scan = try SubgroupScan(features: try XCTUnwrap(features), data: data, metric: try XCTUnwrap(Metrics.builtIn("selection_rate")), options: o)
        let text = scan.text
        XCTAssert(text.hasPrefix("Subgroup scan (exhaustive, conjunctions of up to 2 of a, b; min support 20 rows)"), text)
        XCTAssert(text.contains("8 subgroups evaluated, 8 tested"), text)
        XCTAssertEqual(scan.table().rows.first?.first, "a = x ∧ b = u")
        let lines = scan.table().description.split(separator: "\n")
        // The n column ends at one offset on every row (Characters: "∧" is one).
        XCTAssertEqual(Set(lines.dropFirst(2).map { Array($0).firstIndex(of: "0").map { Int($0) } }).count, 1, "aligned: \(lines)")
        guard case let .object(doc) = scan.json, case let .array(subgroups)? = doc["subgroups"] else { return XCTFail("\(scan.json)") }
        XCTAssertEqual(subgroups.count, 8)
        XCTAssertEqual(doc["tested"], .integer(8))
        XCTAssertEqual(scan.findings().first?.kind, .subgroup)
    }

    func testMDSSScanPrintsItsSubgroupAndScore() throws {
        let labels = decisions.map { UInt8($0) }
        let scan = try MDSSScan(features: try XCTUnwrap(features), observations: labels, expectations: [Double](repeating: 0.5, count: 80))
        XCTAssert(scan.text.contains("Subgroup (n = \(scan.size) of 80): "), scan.text)
        XCTAssert(scan.text.contains("Score \(TextTable.format(scan.score))"), scan.text)
        guard case let .object(doc) = scan.json else { return XCTFail("\(scan.json)") }
        XCTAssertEqual(doc["method"], .string("mdss"))
        XCTAssertEqual(doc["score"], .number(scan.score))
        XCTAssertNotNil(scan.finding)
    }
}
