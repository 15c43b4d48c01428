import Datasets
@testable import Fairness
import Learning
import Tensors
import XCTest

final class FairRegressionTests: XCTestCase {
    static func groups(_ codes: [Int32]) throws -> GroupIndex {
        try GroupIndex(features: [(name: "a", levels: ["a0", "a1"], codes: codes)])
    }

    /// Synthetic rows: y = 0.2 + 0.3·x₁ + 0.4·a + noise, x₂ a noisy copy of the group a, so that a model of y from
    /// (x₁, x₂) predicts higher for group a1.
    static func data(_ n: Int, seed: UInt64) throws -> (x: Tensor, y: [Double], groups: GroupIndex) {
        var rng = RandomGenerator(seed: seed)
        var x: [Float] = [], y: [Double] = [], codes: [Int32] = []
        for _ in 0..<n {
            let a = rng.uniformDouble() < 0.4 ? 1.0 : 0.0, x1 = rng.uniformDouble(), x2 = a + 0.3 * (rng.uniformDouble() - 0.5)
            x += [Float(x1), Float(x2)]
            y.append(0.2 + 0.3 * x1 + 0.4 * a + 0.1 * (rng.uniformDouble() - 0.5))
            codes.append(Int32(a))
        }
        return (try Tensor(shape: [n, 2], storage: x), y, try groups(codes))
    }

    /// The loss decomposes exactly over the thresholds: for a prediction f on the grid, h_j = 1[f ≥ z_j] gives
    /// objective(h) = mean ℓ(y, f), for both losses.
    func testTheLossDecomposesOverTheThresholds() throws {
        let targets = [0.0, 0.15, 0.5, 0.77, 1.0], f = [0.2, 0.0, 0.6, 1.0, 0.4]
        for loss in FairRegression.Loss.allCases {
            let regression = try FairRegression(gridSize: 5, loss: loss)
            let moment = try RegressionParity(targets: targets, groups: try Self.groups([0, 1, 0, 1, 0]), regression: regression)
            let h = f.flatMap { v in (1...5).map { v >= Double($0) / 5 - 1e-12 ? 1.0 : 0.0 } }
            let expected = zip(targets, f).map { regression.lossValue($0, $1) }.reduce(0, +) / 5
            XCTAssertEqual(moment.objective(h), expected, accuracy: 1e-12, loss.rawValue)
            // γ: group a1 (rows 1 and 3) against every row at z = 0.2: P[f ≥ 0.2 | a1] = 1/2, P[f ≥ 0.2] = 4/5.
            XCTAssertEqual(moment.gamma(h)[1], 0.5 - 0.8, accuracy: 1e-12)
        }
    }

    /// On synthetic rows where the group shifts the target, the constrained regression brings the groups'
    /// distributions of randomised predictions together (Kolmogorov–Smirnov distance) far below the loosely
    /// constrained one's, meets its bound on the training rows, and saves and loads with identical predictions.
    func testStatisticalParityNarrowsTheGroupsDistributions() throws {
        let (x, y, groups) = try Self.data(600, seed: 1)
        let (testX, testY, testGroups) = try Self.data(600, seed: 2)
        func ks(_ eps: Double) throws -> (FairRegression, Double, Double) {
            let model = try FairRegression(eps: eps, gridSize: 10)
            try model.fit(x, y, groups: groups)
            let measures = try RegressionFairness(targets: testY, predictions: try model.sample(testX, seed: 1), groups: testGroups)
            return (model, measures.ks, measures.overall.rmse)
        }
        let (loose, looseKS, looseRMSE) = try ks(1)
        let (fair, fairKS, fairRMSE) = try ks(0.02)
        XCTAssertGreaterThan(looseKS, 0.5)
        XCTAssertLessThan(fairKS, looseKS / 3)
        XCTAssertLessThanOrEqual(fair.violation, 0.02 + 0.01)
        XCTAssertGreaterThan(fairRMSE, looseRMSE)
        XCTAssertLessThan(looseRMSE, 0.1)
        XCTAssertEqual(loose.low, y.min() ?? .nan)
        let loaded = try XCTUnwrap(try FairRegression.unarchive(try fair.archive(), .fairness) as? FairRegression)
        XCTAssertEqual(try loaded.predictProbability(testX), try fair.predictProbability(testX))
        XCTAssertEqual(try loaded.sample(testX, seed: 3), try fair.sample(testX, seed: 3))
        XCTAssertEqual(try fair.predict(testX, seed: 3), try fair.sample(testX, seed: 3).map { $0 >= (fair.low + fair.high) / 2 ? 1 : 0 })
    }

    /// Bad settings and inputs are errors naming the problem.
    func testBadInputsAreRefused() throws {
        XCTAssertThrowsError(try FairRegression(eps: 0)) { XCTAssert("\($0)".contains("eps must be in (0, 1]"), "\($0)") }
        XCTAssertThrowsError(try FairRegression(gridSize: 1)) { XCTAssert("\($0)".contains("grid_size must be in 2…1000"), "\($0)") }
        let x = try Tensor(shape: [2, 1], storage: [0, 1])
        XCTAssertThrowsError(try FairRegression().fit(x, [1, 1], groups: try Self.groups([0, 1]))) { XCTAssert("\($0)".contains("all equal"), "\($0)") }
        XCTAssertThrowsError(try FairRegression().fit(x, [0, .nan], groups: try Self.groups([0, 1]))) { XCTAssert("\($0)".contains("target 2"), "\($0)") }
        XCTAssertThrowsError(try FairRegression().fit(x, [0, 1], groups: try Self.groups([0, 0]))) { XCTAssert("\($0)".contains("two groups"), "\($0)") }
        XCTAssertThrowsError(try FairRegression().predictProbability(x)) { XCTAssert("\($0)".contains("call fit first"), "\($0)") }
    }
}
