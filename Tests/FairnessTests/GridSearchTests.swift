@testable import Fairness
import Learning
import Tensors
import XCTest

final class GridSearchTests: XCTestCase {
    /// Fairlearn's grid search on its smoke-test data: every point's objective and largest γ, the selected
    /// index and its predictions.
    func testToyGridsEqualFairlearn() throws {
        let data = try ReductionsReference.toyData()
        let cases = try XCTUnwrap(ReductionsReference.toy["grid_search"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 4)
        for c in cases {
            let name = try XCTUnwrap(c["constraint"] as? String), size = try XCTUnwrap(c["grid_size"] as? Int)
            let bgl = name == "bounded_group_loss"
            let constraint = try ReductionConstraint.named(name, bound: 0.01, upperBound: c["upper_bound"] as? Double, loss: .square(min: 0, max: 1))
            let gs = try GridSearch(estimator: LeastSquaresLearner(regression: bgl), constraint: constraint, gridSize: size)
            try gs.fit(data.x, bgl ? data.scores : data.y, groups: data.groups)
            XCTAssertEqual(gs.bestIndex, c["best_idx"] as? Int, name)
            XCTAssertEqual(gs.predictors.count, size, name)
            for (a, b) in zip(gs.objectives, try XCTUnwrap(c["objectives"] as? [Double])) { XCTAssertEqual(a, b, accuracy: 1e-9, name) }
            for (a, b) in zip(gs.gammas.map { $0.max() ?? .nan }, try XCTUnwrap(c["max_gamma"] as? [Double])) { XCTAssertEqual(a, b, accuracy: 1e-9, name) }
            for (a, b) in zip(try gs.predictions(data.x), try XCTUnwrap(c["predictions"] as? [Double])) { XCTAssertEqual(a, b, accuracy: 1e-9, name) }
        }
    }

    /// Fairlearn's grid for two groups and demographic parity, size 10: λ⁺ − λ⁻ from −2 to 1.6 in steps of 0.4.
    func testGridMatchesFairlearnGenerator() throws {
        let basis = GridBasis(positive: [[1, 0, 0, 0]], negative: [[0, 0, 1, 0]], negativeAllowed: [true], objectiveInSpan: false)
        let grid = try GridSearch.grid(size: 10, limit: 2, basis: basis)
        XCTAssertEqual(grid.count, 10)
        for (i, lambda) in grid.enumerated() { XCTAssertEqual(lambda[0] - lambda[2], -2 + 0.4 * Double(i), accuracy: 1e-12) }
    }

    /// Bad settings are errors.
    func testBadInput() {
        XCTAssertThrowsError(try GridSearch(estimator: LeastSquaresLearner(), constraint: .parity(.demographicParity, differenceBound: 0.01), gridSize: 0))
        XCTAssertThrowsError(try GridSearch(estimator: LeastSquaresLearner(), constraint: .parity(.demographicParity, differenceBound: 0.01), gridLimit: -1))
    }
}

extension GridSearchTests {
    /// GridSearch(LogisticRegression, demographic parity, 20 points) on Adult: the selected predictor's test
    /// accuracy and DP difference within 0.005 of Fairlearn with scikit-learn.
    func testAdultWithinFairlearnTolerance() throws {
        let adult = try AdultReductions.load()
        let gs = try GridSearch(estimator: try LogisticRegression(), constraint: .parity(.demographicParity, differenceBound: 0.01), gridSize: 20)
        try gs.fit(adult.x, adult.y, groups: adult.groups)
        let s = AdultReductions.summary(try gs.predictions(adult.testX), adult.testY, adult.testGroups)
        XCTAssertEqual(gs.bestIndex, AdultReductions.reference("grid_search", "best_idx").map(Int.init))
        XCTAssertEqual(s.accuracy, try XCTUnwrap(AdultReductions.reference("grid_search", "accuracy")), accuracy: 0.005)
        XCTAssertEqual(s.difference, try XCTUnwrap(AdultReductions.reference("grid_search", "dp_difference")), accuracy: 0.005)
    }
}
