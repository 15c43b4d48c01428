@testable import Fairness
import Foundation
import XCTest

final class GroupMetaMetricsTests: XCTestCase {
    /// AIF360 0.6.1's one_vs_rest (four measures) and intersection (selection rate, accuracy) on the Adult test
    /// predictions, by race and by sex × race (Tests/reference/generate_meta_metrics.py), to 1e-12.
    func testMatchesAIF360() throws {
        let path = Reference.directory + "/../fixtures/multiclass/meta_metrics_reference.json"
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: try XCTUnwrap(FileManager.default.contents(atPath: path))) as? [String: Any])
        let table = try Reference.adult()
        let data = try Predictions(yTrue: try Reference.numbers(table, "y_true"), yPred: try Reference.numbers(table, "y_pred"))
        for c in try XCTUnwrap(doc["cases"] as? [[String: Any]]) {
            let attrs = try XCTUnwrap(c["sensitive"] as? [String])
            let groups = try GroupIndex(features: try attrs.map { try Reference.feature(table, $0) })
            for (name, expected) in try XCTUnwrap(c["one_vs_rest"] as? [String: [String: Double]]) {
                let mine = Dictionary(uniqueKeysWithValues: try GroupMetaMetrics.oneVsRest(name, data, groups).map { ($0.group, $0.value) })
                XCTAssertEqual(Set(mine.keys), Set(expected.keys), name)
                for (g, v) in expected { XCTAssertEqual(try XCTUnwrap(mine[g]), v, accuracy: 1e-12, "\(attrs) \(name) \(g)") }
            }
            for (name, expected) in try XCTUnwrap(c["intersection"] as? [String: [String: Double]]) {
                let mine = Dictionary(uniqueKeysWithValues: try GroupMetaMetrics.intersection(try XCTUnwrap(Metrics.builtIn(name)), data, groups).map { ($0.group, $0.value) })
                for (g, v) in expected { XCTAssertEqual(try XCTUnwrap(mine[g]), v, accuracy: 1e-12, "\(attrs) \(name) \(g)") }
            }
        }
        XCTAssertThrowsError(try GroupMetaMetrics.oneVsRest("accuracy", data, try GroupIndex(features: [try Reference.feature(table, "sex")]))) {
            XCTAssert("\($0)".contains("unknown measure 'accuracy'"), "\($0)")
        }
    }
}
