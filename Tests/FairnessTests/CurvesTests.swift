@testable import Fairness
import Foundation
import XCTest

/// The precision-recall curve against scikit-learn's precision_recall_curve (curves_reference.json, from
/// Tests/reference/generate_curves.py), per group, to 1e-12.
final class CurvesTests: XCTestCase {
    func testPrecisionRecallMatchesScikitLearnPerGroup() throws {
        let data = try XCTUnwrap(FileManager.default.contents(atPath: Reference.directory + "/curves_reference.json"))
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 2)
        for c in cases {
            let name = try XCTUnwrap(c["name"] as? String)
            let labels = try XCTUnwrap(c["y"] as? [Int]).map { UInt8($0) }
            let scores = try XCTUnwrap(c["score"] as? [Double])
            let group = try XCTUnwrap(c["group"] as? [String])
            let curves = try XCTUnwrap(c["curves"] as? [String: [String: [Double]]])
            for (g, expected) in curves {
                let rows = group.indices.filter { group[$0] == g }
                // scikit-learn lists the points from the lowest threshold and ends at (recall 0, precision 1); ours start there.
                let precision = try XCTUnwrap(expected["precision"]).reversed().map { $0 }, recall = try XCTUnwrap(expected["recall"]).reversed().map { $0 }
                let points = Curves.precisionRecall(scores: scores, labels: labels, rows: rows)
                XCTAssertEqual(points.count, precision.count, "\(name) \(g)")
                for (k, p) in zip(points.indices, points) {
                    XCTAssertEqual(p.x, recall[k], accuracy: 1e-12, "\(name) \(g) recall \(k)")
                    XCTAssertEqual(p.y, precision[k], accuracy: 1e-12, "\(name) \(g) precision \(k)")
                }
            }
        }
    }

    func testAGroupWithoutPositivesHasNoPrecisionRecallCurve() {
        XCTAssertTrue(Curves.precisionRecall(scores: [0.2, 0.9], labels: [0, 0], rows: [0, 1]).isEmpty)
        let one = Curves.precisionRecall(scores: [0.9, 0.2], labels: [0, 1], rows: [0, 1])
        XCTAssertEqual(one.map(\.x), [0, 0, 1])
        XCTAssertEqual(one.map(\.y), [1, 0, 0.5])
    }
}

extension CurvesTests {
    /// The trapezoid area under each group's ROC equals the group's roc_auc (ties count one half in both).
    func testROCAreaEqualsAUCAndCalibrationBins() throws {
        let t = try Reference.adult()
        let data = try Predictions(yTrue: Reference.numbers(t, "y_true"), yPred: Reference.numbers(t, "y_pred"), score: Reference.numbers(t, "score"))
        let groups = try GroupIndex(features: [Reference.feature(t, "sex")])
        let labels = try data.binaryLabels()
        for (g, rows) in groups.rows().enumerated() {
            let curve = Curves.roc(scores: try XCTUnwrap(data.score), labels: labels, rows: rows)
            XCTAssertEqual(curve.first?.x, 0)
            XCTAssertEqual(curve.last?.y, 1)
            var area = 0.0
            for k in 1..<curve.count { area += (curve[k].x - curve[k - 1].x) * (curve[k].y + curve[k - 1].y) / 2 }
            XCTAssertEqual(area, try ScoreMetrics.rocAUC(data, rows), accuracy: 1e-12, groups.names[g])
            let calibration = Curves.calibration(scores: try XCTUnwrap(data.score), labels: labels, rows: rows)
            XCTAssertLessThanOrEqual(calibration.count, 10)
            XCTAssert(calibration.allSatisfy { $0.x >= 0 && $0.x <= 1 && $0.y >= 0 && $0.y <= 1 })
        }
    }
}
