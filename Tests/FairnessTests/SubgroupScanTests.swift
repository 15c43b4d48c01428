import Fairness
import Datasets
import XCTest

/// The exhaustive depth-2 scan of Adult's test split against pandas + statsmodels (scan_reference.json): the same
/// subgroups tested, each one's size exactly, its rates, z and p-value (statsmodels' proportions_ztest) and its
/// Benjamini–Hochberg adjusted p-value (multipletests fdr_bh) to 1e-9 (closed forms; the differences are rounding).
final class SubgroupScanTests: XCTestCase {
    func testAdultMatchesStatsmodels() throws {
        let (features, observed, _, decisions) = try ScanReference.inputs("adult")
        let data = try Predictions(yTrue: observed.map(Double.init), yPred: decisions.map(Double.init))
        for reference in ScanReference.json["exhaustive"] as? [[String: Any]] ?? [] {
            let name = reference["metric"] as? String ?? ""
            let scan = try SubgroupScan(features: features, data: data, metric: try XCTUnwrap(Metrics.builtIn(name)))
            let rows = reference["subgroups"] as? [[String: Any]] ?? []
            XCTAssertEqual(scan.tested, reference["tested"] as? Int, name)
            XCTAssertEqual(scan.tested, rows.count)
            let mine = Dictionary(uniqueKeysWithValues: scan.subgroups.map { ($0.description, $0) })
            for row in rows {
                let key = (row["conditions"] as? [[String]] ?? []).map { "\($0[0]) = \($0[1])" }.joined(separator: " ∧ ")
                let s = try XCTUnwrap(mine[key], key)
                XCTAssertEqual(s.size, row["size"] as? Int, key)
                XCTAssertEqual(s.value, row["value"] as? Double ?? .nan, accuracy: 1e-12, key)
                XCTAssertEqual(s.reference, row["complement"] as? Double ?? .nan, accuracy: 1e-12, key)
                XCTAssertEqual(s.z ?? .nan, row["z"] as? Double ?? .nan, accuracy: 1e-9, key)
                XCTAssertEqual(s.pValue ?? .nan, row["p"] as? Double ?? .nan, accuracy: 1e-9, key)
                XCTAssertEqual(s.adjusted ?? .nan, row["adjusted"] as? Double ?? .nan, accuracy: 1e-9, key)
            }
            let gaps = scan.subgroups.map { abs($0.gap) }.filter { !$0.isNaN }
            XCTAssertEqual(gaps, gaps.sorted(by: >), "ranked by |gap|")
        }
    }

    func testCountsCandidatesAndWarnsAboveDepthThree() throws {
        XCTAssertEqual(SubgroupScan.candidates(levels: [2, 3, 4], depth: 2), 2 + 3 + 4 + 6 + 8 + 12)
        let f = try ScanFeatures(names: ["a", "b", "c", "d"], levels: [["x", "y"], ["x", "y"], ["x", "y"], ["x", "y"]],
                                 codes: (0..<4).map { j in (0..<64).map { Int32(($0 >> j) & 1) } })
        let data = try Predictions(yTrue: (0..<64).map { Double($0 % 2) }, yPred: (0..<64).map { Double(($0 / 2) % 2) })
        var o = SubgroupScan.Options()
        o.depth = 4
        o.minSupport = 1
        let scan = try SubgroupScan(features: f, data: data, metric: try XCTUnwrap(Metrics.builtIn("selection_rate")), options: o)
        XCTAssertTrue(scan.notes.contains { $0.hasPrefix("depth 4 over 4 features: up to 80 subgroups") }, "\(scan.notes)")
        XCTAssertEqual(scan.subgroups.count, 80)
        o.depth = 0
        XCTAssertThrowsError(try SubgroupScan(features: f, data: data, metric: try XCTUnwrap(Metrics.builtIn("tpr")), options: o))
    }

    func testRefusesAFeatureWithTooManyLevels() throws {
        let test = try BundledDatasets.adult().test
        XCTAssertThrowsError(try ScanFeatures(test, columns: ["native-country"], maxLevels: 10)) { error in
            XCTAssertTrue("\(error)".contains("'native-country' has 40 levels, more than max_levels = 10: bin it"), "\(error)")
        }
        XCTAssertThrowsError(try ScanFeatures(test, columns: ["age"], bins: 1001))
        XCTAssertThrowsError(try ScanFeatures(test, columns: ["age", "age"]))
        let age = try ScanFeatures(test, columns: ["age"], bins: 4)
        XCTAssertEqual(age.levels[0], ["[17, 28]", "(28, 37]", "(37, 48]", "(48, 90]"])
    }
}
