@testable import Explain
import Fairness
import Learning
import Tensors
import XCTest

/// A classifier whose probability is the first feature.
private final class FirstColumn: Classifier {
    func predictProbability(_ x: Tensor) throws -> [Double] { (0..<x.shape[0]).map { Double(x.storage[$0 * x.shape[1]]) } }
}

final class ImportanceScoreTests: XCTestCase {
    let x = try? Tensor(shape: [4, 1], storage: [0.9, 0.2, 0.8, 0.1])

    func testAMetricScoresDecisionsAtOneHalf() throws {
        let score = try PermutationImportance.score(FirstColumn(), metric: "accuracy", labels: [1, 0, 0, 0], groups: nil) { try XCTUnwrap(Metrics.builtIn($0)) }
        XCTAssertEqual(try score(try XCTUnwrap(x)), 0.75)    // decisions 1, 0, 1, 0
    }

    func testAFairnessMeasureNeedsGroups() throws {
        XCTAssertTrue(PermutationImportance.needsGroups("demographic_parity_difference"))
        XCTAssertFalse(PermutationImportance.needsGroups("accuracy"))
        XCTAssertThrowsError(try PermutationImportance.score(FirstColumn(), metric: "demographic_parity_difference", labels: [1, 0, 0, 0], groups: nil) { _ in
            throw FairnessError.invalid("not asked")
        })
        let groups = try GroupIndex(features: [("g", ["a", "b"], [0, 0, 1, 1])])
        let score = try PermutationImportance.score(FirstColumn(), metric: "demographic_parity_difference", labels: [1, 0, 0, 0], groups: groups) { _ in
            throw FairnessError.invalid("not asked")
        }
        XCTAssertEqual(try score(try XCTUnwrap(x)), 0)        // both groups select one of two rows
        XCTAssertEqual(PermutationImportance.defaultRepeats, 10)
    }
}
