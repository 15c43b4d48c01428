import Foundation
@testable import Learning
import Tensors
import XCTest

final class FairnessConstraintTests: XCTestCase {
    /// On softmax logits, demographic parity equalises every class's mean probability: group 0 at (1/3, 1/3, 1/3),
    /// group 1 at (1/2, 1/4, 1/4); the overall means are 5/12 and 7/24, so Σ (mean_gc − mean_c)² = 2/144 + 4/576 = 1/48.
    func testMulticlassDemographicParityByHand() throws {
        let l2 = Float(Foundation.log(2.0))
        let logits = try Tensor(shape: [4, 3], storage: [0, 0, 0, 0, 0, 0, l2, 0, 0, l2, 0, 0])
        let penalty = try FairnessConstraint(.demographicParity, weight: 1)
        XCTAssertEqual(try penalty(logits, labels: Tensor([0, 1, 2, 0]), groups: [0, 0, 1, 1]).item(), 1 / 48, accuracy: 1e-6)
        // Absolute form: 2/12 + 4/24.
        let absolute = try FairnessConstraint(.demographicParity, weight: 1, squared: false)
        XCTAssertEqual(try absolute(logits, labels: Tensor([0, 1, 2, 0]), groups: [0, 0, 1, 1]).item(), 1 / 3, accuracy: 1e-6)
    }

    /// Equal opportunity on softmax logits compares P(class c) among the rows of class c only: with labels all 0,
    /// class 0's means are 1/3 and 1/2 (overall 5/12), so 2 · (1/12)².
    func testMulticlassEqualOpportunityUsesEachClassOwnRows() throws {
        let l2 = Float(Foundation.log(2.0))
        let logits = try Tensor(shape: [4, 3], storage: [0, 0, 0, 0, 0, 0, l2, 0, 0, l2, 0, 0])
        let penalty = try FairnessConstraint(.equalOpportunity, weight: 1)
        XCTAssertEqual(try penalty(logits, labels: Tensor([0, 0, 0, 0]), groups: [0, 0, 1, 1]).item(), 2.0 / 144, accuracy: 1e-6)
    }

    /// The gradient of each multiclass penalty matches finite differences.
    func testMulticlassGradients() throws {
        let labels = Tensor([0, 2, 1, 1, 0, 2])
        for kind in FairnessConstraint.Kind.allCases {
            let penalty = try FairnessConstraint(kind, weight: 2)
            let e = try Tensor.gradcheck([try Tensor.randn([6, 3])]) { try penalty($0[0], labels: labels, groups: [0, 0, 1, 1, 0, 1]) }
            XCTAssertLessThan(e, 2e-2, kind.rawValue)
        }
    }

    /// Labels that are not class indices, or outputs that do not divide into rows, are errors.
    func testBadLabelsAndShapes() throws {
        let penalty = try FairnessConstraint(.equalizedOdds, weight: 1)
        XCTAssertThrowsError(try penalty(try Tensor.zeros([2, 3]), labels: Tensor([0, 3]), groups: [0, 1])) {
            XCTAssert("\($0)".contains("not a class index 0..2"), "\($0)")
        }
        XCTAssertThrowsError(try penalty(try Tensor.zeros([5]), labels: Tensor([0, 1]), groups: [0, 1])) {
            XCTAssert("\($0)".contains("5 outputs, 2 labels"), "\($0)")
        }
    }
}
