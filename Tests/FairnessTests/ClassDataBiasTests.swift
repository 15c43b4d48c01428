import Datasets
@testable import Fairness
import XCTest

/// The digits training folder by group and class against SciPy (Tests/reference/generate_multiclass.py).
final class ClassDataBiasTests: XCTestCase {
    func testTrainingClassBalanceAndChiSquareMatchSciPy() throws {
        let node = MulticlassReference.digits
        let counts = try XCTUnwrap(node["train_counts"] as? [String: [Int]]), chi = try XCTUnwrap(node["chi2"] as? [String: Double])
        let bias = ClassDataBias(try MulticlassReference.folder("train"), groups: ["heavy", "light"])
        XCTAssertEqual(bias.counts, [try XCTUnwrap(counts["heavy"]), try XCTUnwrap(counts["light"])])
        XCTAssertEqual(bias.balance[8][0], 89.0 / 131.0, accuracy: 1e-15)
        XCTAssertEqual(bias.distributions[1][8], 42.0 / 681.0, accuracy: 1e-15)
        let test = try XCTUnwrap(bias.test)
        XCTAssertEqual(test.statistic, try XCTUnwrap(chi["statistic"]), accuracy: 1e-9)
        XCTAssertEqual(test.pValue, try XCTUnwrap(chi["p_value"]), accuracy: 1e-12)
        XCTAssertEqual(test.dof, 9)
    }
}
