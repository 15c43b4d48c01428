import Datasets
@testable import Fairness
import Learning
import Tensors
import XCTest

final class RobustnessTests: XCTestCase {
    func testCountsCleanAndAdversarialDecisionsByGroup() throws {
        // One numeric feature; logit = 4·x; rows near the boundary flip under an FGSM of 0.3.
        let table = Table(names: ["x", "g", "y"], columns: [.numeric([-1, -0.1, 0.1, 1, -0.2, 0.2]),
                                                             .categorical(CategoricalColumn(levels: ["a", "b"], codes: [0, 0, 0, 1, 1, 1])),
                                                             .categorical(CategoricalColumn(values: ["no", "no", "yes", "yes", "no", "yes"]))])
        let ds = try Dataset(table: table, label: "y", positive: ["yes"], sensitive: ["g"])
        let dense = try Dense(units: 1, inUnits: 1)
        try XCTUnwrap(dense.weight).withMutableValues { $0[0] = 4 }
        let model = FittedModel(Sequential([dense]))
        let r = try Robustness(model: model, dataset: ds, attack: try Attack.fgsm(eps: 0.3))
        XCTAssertEqual(r.groups, ["a", "b"])
        XCTAssertEqual(r.clean.accuracy, 1)
        XCTAssertEqual(r.adversarial.accuracy, 2.0 / 6, accuracy: 1e-12)   // only |x| = 1 survive
        XCTAssertEqual(r.cleanByGroup[0].accuracy, 1)
        XCTAssertEqual(r.adversarialByGroup[0].accuracy, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(r.adversarialByGroup[1].accuracy, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(r.changed, 4.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(r.demographicParity.clean, 2.0 / 3 - 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(r.losesMost, "a")
    }

    func testRefusesModelsWithoutInputGradients() throws {
        let table = Table(names: ["x", "g", "y"], columns: [.numeric([0, 1]), .categorical(CategoricalColumn(levels: ["a"], codes: [0, 0])),
                                                             .categorical(CategoricalColumn(values: ["no", "yes"]))])
        let ds = try Dataset(table: table, label: "y", positive: ["yes"], sensitive: ["g"])
        XCTAssertThrowsError(try Robustness(model: FittedModel(LogisticRegression()), dataset: ds, attack: try Attack.fgsm()))
    }
}
