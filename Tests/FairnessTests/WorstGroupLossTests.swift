import Datasets
@testable import Fairness
import XCTest

final class WorstGroupLossTests: XCTestCase {
    /// Group a: |1 − 0.5|, |0 − 0| (MAE 0.25, MSE 0.125); group b: |1 − 0|, |1 − 1| (MAE 0.5, MSE 0.5): b is worst.
    func testWorstGroupAndItsLoss() throws {
        let data = try Predictions(yTrue: [1, 0, 1, 1], yPred: [0.5, 0, 0, 1])
        let groups = try GroupIndex(features: [("g", ["a", "b"], [0, 0, 1, 1])])
        let mae = try WorstGroupLoss.measure(data, groups)
        XCTAssertEqual(mae.value, 0.5, accuracy: 1e-12)
        XCTAssertEqual(mae.group, "b")
        let rmse = try WorstGroupLoss.measure(data, groups, loss: .rmse)
        XCTAssertEqual(rmse.value, 0.5.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(rmse.group, "b")
    }
}
