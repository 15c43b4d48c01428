import Datasets
@testable import Fairness
import Learning
import Tensors
import XCTest

/// Adversarial training as a mitigation (`adversarial_training`): it reads the rows' layout, moves only numeric
/// columns, and is more robust under the attack it trained against than the same network trained cleanly.
final class AdversarialRobustnessTests: XCTestCase {
    func testTrainsMoreRobustThanTheSameNetworkTrainedCleanly() throws {
        let (train, test) = try MitigateTests.data()
        let attack = try Attack.pgd(eps: 0.2, seed: 1)
        func trained(ratio: Double) throws -> (FittedModel, AdversarialRobustness) {
            Tensor.seed(1)
            let net = Sequential([try Dense(units: 16, activation: .relu), try Dense(units: 1)])
            let m = try AdversarialRobustness(network: net, adversarial: try AdversarialTraining(attack: attack, ratio: ratio), epochs: 5, seed: 1)
            let fitted = FittedInProcessor(m)
            try fitted.fit(train)
            return (FittedModel(m, encoder: fitted.encoder), m)
        }
        let (plain, _) = try trained(ratio: 0), (robust, model) = try trained(ratio: 0.5)
        // The encoder's layout reached the attack: one-hot blocks are known, so they never move.
        XCTAssertEqual(model.blocks, robust.encoder?.blocks)
        XCTAssertTrue(try XCTUnwrap(model.blocks).contains { $0.oneHot })
        let before = try Robustness(model: plain, dataset: test, attack: attack)
        let after = try Robustness(model: robust, dataset: test, attack: attack)
        XCTAssertGreaterThan(after.adversarial.accuracy, before.adversarial.accuracy + 0.02, "\(before.adversarial.accuracy) → \(after.adversarial.accuracy)")
        XCTAssertLessThan(after.changed, before.changed)
        XCTAssertGreaterThan(after.clean.accuracy, 0.78)
        XCTAssertTrue("\(robust)".hasPrefix("Model(AdversarialTraining(PGD(eps=0.2"), "\(robust)")
        // It saves as its network.
        XCTAssertEqual(try model.archive().kind, try model.network.archive().kind)
    }

    func testBadOptionsAreErrors() throws {
        let method = try MitigationRegistry.method("adversarial_training")
        XCTAssertThrowsError(try method.make(["ratio": .number(2)]))
        XCTAssertThrowsError(try method.make(["eps": .number(-1)]))
        XCTAssertThrowsError(try method.make(["norm": .text("1")]))
        XCTAssertThrowsError(try method.make(["steps": .integer(0)]))
    }
}
