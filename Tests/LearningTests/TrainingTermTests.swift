import Datasets
@testable import Learning
import Tensors
import XCTest

/// Losses, regularisers and fairness penalties are one kind of thing: terms computed from a batch.
final class TrainingTermTests: XCTestCase {
    let output = Tensor([0.3, -1.2, 2.5, 0.7])
    let labels = Tensor([1, 0, 1, 0])

    func testEachTermReadsWhatItNeedsFromTheBatch() throws {
        let weights = Tensor([1, 2, 1, 0.5])
        let batch = TermBatch(output: output, labels: labels, weights: weights, groups: [0, 0, 1, 1],
                              parameters: [("w", Tensor([1, -2])), ("bias", Tensor([5]))])
        XCTAssertEqual(try Loss.l1.value(on: batch).storage, try Loss.l1(output, labels, weights: weights).storage)
        XCTAssertEqual(try Regularizer.l2(0.5).value(on: batch).item(), 1.25)      // 0.5/2 · (1 + 4); the bias is skipped
        let penalty = try FairnessConstraint(constraint: nil, weight: 2, form: "absolute")
        XCTAssertEqual(try penalty.value(on: batch).item(), try penalty(output, labels: labels, groups: [0, 0, 1, 1]).item())
        XCTAssertEqual([Loss.l1.isPenalty, Regularizer.l1(1).isPenalty, penalty.isPenalty], [false, true, true])
        XCTAssertEqual([Loss.l1.readsGroups, Regularizer.l1(1).readsGroups, penalty.readsGroups], [false, false, true])
        XCTAssertEqual(["\(Loss.sigmoidBCE)", "\(Regularizer.l2(1e-4))", "\(penalty)"],
                       ["loss SigmoidBCE", "regularizer L2(λ = 0.0001)", "fairness penalty demographic_parity, weight 2, absolute"])
    }

    func testMissingPartsAndWrongNamesAreErrors() throws {
        XCTAssertThrowsError(try Loss.l2.value(on: TermBatch(parameters: []))) { XCTAssertEqual("\($0)", "loss L2: call it with (output, labels, …)") }
        XCTAssertThrowsError(try Regularizer.l1(1).value(on: TermBatch(output: output, labels: labels))) {
            XCTAssertEqual("\($0)", "regularizer L1(λ = 1): call it with the network")
        }
        XCTAssertThrowsError(try FairnessConstraint(constraint: "parity", weight: nil, form: nil)) {
            XCTAssertEqual("\($0)", "FairnessConstraint: unknown constraint 'parity'; constraints: demographic_parity, equal_opportunity, equalized_odds")
        }
        let net = Sequential([try Dense(units: 1)])
        XCTAssertThrowsError(try Trainer(net: net, loss: .sigmoidBCE, optimizer: try Optimizer(.sgd(momentum: 0, nesterov: false), learningRate: 0.1),
                                         penalties: [Regularizer.l2(1), Loss.l1])) {
            XCTAssertEqual("\($0)", "penalty 2 is a loss L1, not a penalty: give nn.reg.*, nn.loss.FairnessConstraint or nn.loss.MinDiff")
        }
    }
}
