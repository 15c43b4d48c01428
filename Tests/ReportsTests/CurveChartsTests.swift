import Fairness
@testable import Reports
import XCTest

final class CurveChartsTests: XCTestCase {
    func testOneCurvePerGroupAndTheDiagonal() throws {
        let groups = try GroupIndex(features: [("sex", ["F", "M"], [0, 0, 1, 1])])
        let roc = SVGChart.curves(.roc, scores: [0.9, 0.1, 0.6, 0.4], labels: [1, 0, 1, 0], groups: groups)
        XCTAssertTrue(roc.contains("ROC by group") && roc.contains("chance") && roc.contains("false positive rate"), roc)
        let calibration = SVGChart.curves(.calibration(bins: 2), scores: [0.9, 0.1, 0.6, 0.4], labels: [1, 0, 1, 0], groups: groups, title: "by sex")
        XCTAssertTrue(calibration.contains("by sex") && calibration.contains("perfectly calibrated") && !calibration.contains("chance"), calibration)
        XCTAssertEqual(Curves.roc(scores: [0.9, 0.1], labels: [1, 0], rows: [0, 1]).last?.x, 1)
    }
}
