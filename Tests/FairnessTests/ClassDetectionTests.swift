import Datasets
@testable import Fairness
import XCTest

final class ClassDetectionTests: XCTestCase {
    func testDetectionFindsTheInkGroupsClassImbalance() throws {
        let node = MulticlassReference.digits
        let yPred = try XCTUnwrap(node["y_pred"] as? [Int])
        let d = try ClassDetection(train: try MulticlassReference.folder("train"), test: try MulticlassReference.folder("test"),
                                   probabilities: MulticlassReference.oneHot(yPred, classes: 10))
        // Class 8 is 13.4 % of heavy and 6.2 % of light training images: a four-fifths finding, and a significant chi-square.
        XCTAssert(d.findings.contains { $0.kind == .label && $0.message.contains("class '8'") }, "\(d.findings.map(\.message))")
        XCTAssert(d.findings.contains { $0.rule == "significant difference" && $0.kind == .label }, "\(d.findings.map(\.message))")
        XCTAssertEqual(d.tests.count, 2)
        XCTAssertEqual(d.model.sizes, [220, 230])
        XCTAssertThrowsError(try ClassDetection(train: try MulticlassReference.folder("train"), test: try MulticlassReference.folder("test"), probabilities: [])) {
            XCTAssert("\($0)".contains("predictions has 0 rows"), "\($0)")
        }
    }
}
