import Datasets
@testable import Fairness
import XCTest

final class ClassModelBiasTests: XCTestCase {
    func testMulticlassParityAndOddsAreTheWorstClassesGaps() throws {
        // Group a: y = (0, 0, 1), ŷ = (0, 1, 1); group b: y = (0, 1), ŷ = (0, 0).
        let rows = try GroupedClasses(classes: ["x", "y"], labels: [0, 0, 1, 0, 1], groups: CategoricalColumn(values: ["a", "a", "a", "b", "b"]))
        let m = try ClassModelBias(test: rows, probabilities: MulticlassReference.oneHot([0, 1, 1, 0, 0], classes: 2), groups: ["a", "b"])
        // P(ŷ = 0): a 1/3, b 1 → 2/3; recall of 1: a 1, b 0 → 1.
        XCTAssertEqual(m.demographicParityDifference, 2.0 / 3.0, accuracy: 1e-15)
        XCTAssertEqual(m.equalizedOddsDifference, 1, accuracy: 1e-15)
        XCTAssertEqual(m.accuracy, [2.0 / 3.0, 0.5])
        // One-hot scores are confident: the calibration error is the error rate.
        XCTAssertEqual(m.calibrationError[0], 1.0 / 3.0, accuracy: 1e-15)
        XCTAssertThrowsError(try ClassModelBias(test: rows, probabilities: [[1, 0, 0]], groups: ["a"])) { XCTAssert("\($0)".contains("predictions has 1 rows but test rows has 5"), "\($0)") }
        XCTAssertThrowsError(try GroupedClasses(classes: ["x", "y"], labels: [0, 2], groups: CategoricalColumn(values: ["a", "a"]))) {
            XCTAssert("\($0)".contains("label 2 is not a class id"), "\($0)")
        }
    }
}
