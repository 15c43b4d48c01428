@testable import Fairness
import Tensors
import XCTest

final class SensitiveSubspaceTests: XCTestCase {
    func testMovesInsideTheSpanAreFreeAndDependentDirectionsAreDropped() throws {
        let s = try SensitiveSubspace(directions: [[1, 1, 0], [2, 2, 0]], dimension: 3)
        XCTAssertEqual(s.basis.count, 1)
        XCTAssertEqual(s.basis[0][0], Float(0.5).squareRoot(), accuracy: 1e-6)
        let d = s.distance([0, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 2])
        XCTAssertEqual(d[0], 0, accuracy: 1e-6)
        XCTAssertEqual(d[1], 4, accuracy: 1e-6)
        XCTAssertEqual(s.distance([0, 0, 0], [1, 0, 0])[0], 0.5, accuracy: 1e-6)   // half of e₁ lies in the span
        XCTAssertThrowsError(try SensitiveSubspace(directions: [[1, .nan, 0]], dimension: 3))
        XCTAssertThrowsError(try SensitiveSubspace(directions: [[1, 0]], dimension: 3))
    }

    func testTheLogisticDirectionFollowsTheColumnThatEncodesTheGroup() throws {
        var g = RandomGenerator(seed: 4)
        var x: [Float] = [], codes: [Int32] = []
        for i in 0..<400 {
            let group = Int32(i % 2)
            x += [Float(group) * 2 - 1 + 0.5 * Float(g.normal()), Float(g.normal())]
            codes.append(group)
        }
        let groups = try GroupIndex(features: [("g", ["a", "b"], codes)])
        let s = try SensitiveSubspace.fit(try Tensor(shape: [400, 2], storage: x), groups: groups, columns: [1])
        XCTAssertEqual(s.basis.count, 2)                         // the direction and the axis of column 2 span the plane
        XCTAssertEqual(s.distance([0, 0], [3, 3])[0], 0, accuracy: 1e-5)
        let alone = try SensitiveSubspace.fit(try Tensor(shape: [400, 2], storage: x), groups: groups)
        XCTAssertGreaterThan(abs(alone.basis[0][0]), 0.95)       // the group lives in column 1
        XCTAssertThrowsError(try SensitiveSubspace.fit(try Tensor(shape: [400, 2], storage: x), groups: groups, columns: [5]))
    }

    func testSubspaceConsistencyIsOneForABlindModelAndLowerForOneReadingTheGroup() throws {
        let s = try SensitiveSubspace(directions: [[1, 0]], dimension: 2)
        let x = try Tensor(shape: [4, 2], storage: [-0.5, 1, 0.2, -1, 2, 0.3, -2, -0.4])
        let blind = try IndividualFairness.subspaceConsistency(x, subspace: s, radius: 1, steps: 2) { t in
            (0..<4).map { t.storage[$0 * 2 + 1] > 0 ? 1 : 0 }
        }
        XCTAssertEqual(blind, 1)
        let reading = try IndividualFairness.subspaceConsistency(x, subspace: s, radius: 1, steps: 2) { t in
            (0..<4).map { t.storage[$0 * 2] > 0 ? 1 : 0 }
        }
        XCTAssertEqual(reading, 0.5)                             // rows at −0.5 and 0.2 cross 0 within radius 1
        XCTAssertThrowsError(try IndividualFairness.subspaceConsistency(x, subspace: s, radius: .nan, steps: 2) { _ in [] })
        XCTAssertThrowsError(try IndividualFairness.subspaceConsistency(x, subspace: s, radius: 1, steps: 0) { _ in [] })
    }
}
