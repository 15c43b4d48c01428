@testable import Fairness
import XCTest

final class InequalityIndexTests: XCTestCase {
    func testEachIndexIsItsEntropyForm() throws {
        let y: [Double] = [1, 0, 1, 0, 1, 1], p: [Double] = [1, 1, 0, 0, 1, 0]
        let groups = try GroupIndex(features: [("g", ["a", "b"], [0, 0, 0, 1, 1, 1])])
        let index = Dictionary(uniqueKeysWithValues: InequalityIndex.all.map { ($0.name, $0) })
        XCTAssertEqual(InequalityIndex.all.count, 6)
        let ge2 = try IndividualFairness.generalizedEntropy(yTrue: y, yPred: p, alpha: 2)
        // Benefits b = ŷ − y + 1 are 1, 2, 0, 1, 1, 0 with mean μ = 5/6; GE(2) = Σ ((b/μ)² − 1) / (n · 2 · 1).
        let b = [1.0, 2, 0, 1, 1, 0], mu = 5.0 / 6
        XCTAssertEqual(ge2, b.map { pow($0 / mu, 2) - 1 }.reduce(0, +) / (6 * 2 * 1), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(index["generalized_entropy_index"]).value(yTrue: y, yPred: p, groups: nil, alpha: nil), ge2)
        XCTAssertEqual(try XCTUnwrap(index["generalized_entropy_index"]).value(yTrue: y, yPred: p, groups: nil, alpha: 0.5),
                       try IndividualFairness.generalizedEntropy(yTrue: y, yPred: p, alpha: 0.5))
        XCTAssertEqual(try XCTUnwrap(index["theil_index"]).value(yTrue: y, yPred: p, groups: nil, alpha: 3),
                       try IndividualFairness.generalizedEntropy(yTrue: y, yPred: p, alpha: 1))
        XCTAssertEqual(try XCTUnwrap(index["coefficient_of_variation"]).value(yTrue: y, yPred: p, groups: nil, alpha: nil), (2 * ge2).squareRoot())
        XCTAssertEqual(try XCTUnwrap(index["between_group_theil_index"]).value(yTrue: y, yPred: p, groups: groups, alpha: nil),
                       try IndividualFairness.betweenGroupEntropy(yTrue: y, yPred: p, groups: groups, alpha: 1))
        XCTAssertThrowsError(try XCTUnwrap(index["between_group_coefficient_of_variation"]).value(yTrue: y, yPred: p, groups: nil, alpha: nil))
    }
}
