@testable import Learning
import Tensors
import XCTest

/// `evaluate`'s two readings: a network with several outputs is scored by arg max, any other classifier by `Evaluation`.
final class ModelEvaluationTests: XCTestCase {
    func testMulticlassNetworksAreScoredByArgMaxOthersByTheBinarySummary() throws {
        // Dense(2 → 3) with the identity on the first two outputs: row (1, 0) is class 0, (0, 1) class 1.
        let dense = try Dense(units: 3, inUnits: 2)
        try XCTUnwrap(dense.weight).withMutableValues { w in for i in w.indices { w[i] = 0 }; w[0] = 1; w[4] = 1 }
        let x = try Tensor(shape: [3, 2], storage: [1, 0, 0, 1, 1, 0])
        guard case let .multiclass(accuracy) = try ModelEvaluation.of(Sequential([dense]), x, labels: [0, 1, 1]) else { return XCTFail("multiclass expected") }
        XCTAssertEqual(accuracy, 2.0 / 3, accuracy: 1e-12)
        XCTAssertThrowsError(try ModelEvaluation.of(Sequential([dense]), x, labels: [0, 1]))
        let one = try Dense(units: 1, inUnits: 2)
        guard case let .binary(e) = try ModelEvaluation.of(Sequential([one]), x, labels: [0, 1, 1]) else { return XCTFail("binary expected") }
        XCTAssertEqual(e.accuracy, try Evaluation(probabilities: try Sequential([one]).predictProbability(x), labels: [0, 1, 1]).accuracy)
    }
}
