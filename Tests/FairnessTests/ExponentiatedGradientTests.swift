@testable import Fairness
import Foundation
import Datasets
import Learning
import Tensors
import XCTest

/// reductions_reference.json (Tests/reference/generate_reductions.py) and Fairlearn's smoke-test data.
enum ReductionsReference {
    nonisolated(unsafe) static let json: [String: Any] = {
        guard let data = FileManager.default.contents(atPath: Reference.directory + "/reductions_reference.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    static var toy: [String: Any] { json["toy"] as? [String: Any] ?? [:] }

    /// The 20 rows (X1, X2, X3), the labels, the scores and the groups A, B, C.
    static func toyData() throws -> (x: Tensor, y: [Double], scores: [Double], groups: GroupIndex) {
        let columns = try ["X1", "X2", "X3"].map { try XCTUnwrap(toy[$0] as? [Double]) }
        let n = columns[0].count
        var values = [Float](repeating: 0, count: n * 3)
        for i in 0..<n { for j in 0..<3 { values[i * 3 + j] = Float(columns[j][i]) } }
        let names = try XCTUnwrap(toy["groups"] as? [String])
        let levels = Array(Set(names)).sorted()
        let codes = names.map { Int32(levels.firstIndex(of: $0) ?? 0) }
        return (try Tensor(shape: [n, 3], storage: values), try XCTUnwrap(toy["labels"] as? [Double]),
                try XCTUnwrap(toy["scores"] as? [Double]), try GroupIndex(features: [("A", levels, codes)]))
    }
}

final class ExponentiatedGradientTests: XCTestCase {
    /// Every smoke-test case of Fairlearn: gap, iterations, oracle calls, predictors and the mixture's error to
    /// 1e-5; its weights and disparity too, except where the saddle-point LP has several optimal vertices
    /// (equal error, all within the bound) and HiGHS lands on another one than our dual simplex.
    func testFairlearnSmokeCases() throws {
        var alternativeOptima: [String] = []
        let data = try ReductionsReference.toyData()
        let cases = try XCTUnwrap(ReductionsReference.toy["exponentiated_gradient"] as? [[String: Any]])
        XCTAssertGreaterThan(cases.count, 50)
        for c in cases {
            let name = try XCTUnwrap(c["constraint"] as? String), eps = try XCTUnwrap(c["eps"] as? Double)
            let flipped = c["flipped"] as? Bool ?? false
            let label = "\(name) eps \(eps)\(flipped ? " flipped" : "")"
            let bgl = name == "bounded_group_loss"
            let y = bgl ? data.scores : flipped ? data.y.map { 1 - $0 } : data.y
            let constraint = try ReductionConstraint.named(name, bound: eps, upperBound: c["upper_bound"] as? Double, loss: .square(min: 0, max: 1))
            let eg = try ExponentiatedGradient(estimator: LeastSquaresLearner(regression: bgl), constraint: constraint, eps: eps)
            try eg.fit(data.x, y, groups: data.groups)
            XCTAssertEqual(eg.bestGap, try XCTUnwrap(c["best_gap"] as? Double), accuracy: 1e-5, label)
            XCTAssertEqual(eg.lastIteration, c["last_iter"] as? Int, label)
            XCTAssertEqual(eg.bestIteration, c["best_iter"] as? Int, label)
            XCTAssertEqual(eg.oracleCalls, c["n_oracle_calls"] as? Int, label)
            XCTAssertEqual(eg.predictors.count, c["n_predictors"] as? Int, label)
            XCTAssertEqual(eg.nu, try XCTUnwrap(c["nu"] as? Double), accuracy: 1e-9, label)
            let weights = try XCTUnwrap(c["weights"] as? [Double])
            XCTAssertEqual(eg.weights.count, weights.count, label)
            let sameMixture = eg.weights.count == weights.count && zip(eg.weights, weights).allSatisfy { abs($0 - $1) <= 1e-5 }
            let p = try eg.predictProbability(data.x)
            if bgl {
                for (a, b) in zip(p, try XCTUnwrap(c["expected_prediction"] as? [Double])) { XCTAssertEqual(a, b, accuracy: 1e-5, label) }
                continue
            }
            XCTAssertEqual(eg.constantOracleCalls, c["n_oracle_calls_dummy_returned"] as? Int, label)
            let moment = try constraint.load(labels: y, groups: data.groups)
            XCTAssertEqual(moment.objective(p), try XCTUnwrap(c["error"] as? Double), accuracy: 1e-5, label)
            let disparity = moment.gamma(p).max() ?? .nan
            if sameMixture {
                XCTAssertEqual(disparity, try XCTUnwrap(c["disp"] as? Double), accuracy: 1e-5, label)
            } else {
                alternativeOptima.append(label)
                XCTAssertLessThanOrEqual(disparity, eps + 1e-9, label)
            }
        }
        // Measured: error-rate parity at eps 0.02 and 0.01, TPR parity at eps ≤ 0.02 (and the flipped twins).
        XCTAssertLessThanOrEqual(alternativeOptima.count, 10, "\(alternativeOptima)")
    }

    /// The randomised predictions follow the seed.
    func testPredictIsSeeded() throws {
        let data = try ReductionsReference.toyData()
        let eg = try ExponentiatedGradient(estimator: LeastSquaresLearner(), constraint: .parity(.demographicParity, differenceBound: 0.01), eps: 0.01)
        try eg.fit(data.x, data.y, groups: data.groups)
        let a = try eg.predict(data.x, seed: 7), b = try eg.predict(data.x, seed: 7)
        XCTAssertEqual(a, b)
        XCTAssert(Set(a).isSubset(of: [0, 1]))
        XCTAssertEqual(eg.lambdaVectors.count, eg.predictors.count)
        XCTAssertEqual(eg.constraintNames.count, 6)
        XCTAssertEqual(eg.weights.reduce(0, +), 1, accuracy: 1e-9)
    }

    /// Bad input is refused with a message.
    func testBadInput() throws {
        XCTAssertThrowsError(try ExponentiatedGradient(estimator: LeastSquaresLearner(), constraint: .parity(.demographicParity, differenceBound: 0.01), eps: 0))
        XCTAssertThrowsError(try ReductionConstraint.named("parity", bound: 0.01, upperBound: nil, loss: .zeroOne)) { error in
            XCTAssert("\(error)".contains("demographic_parity"))
        }
        XCTAssertThrowsError(try ReductionConstraint.named("bounded_group_loss", bound: 0.01, upperBound: nil, loss: .zeroOne))
        let data = try ReductionsReference.toyData()
        // Group A with only negative labels: TPR parity cannot be measured there.
        var y = data.y
        for i in 0..<7 { y[i] = 0 }
        let eg = try ExponentiatedGradient(estimator: LeastSquaresLearner(), constraint: .parity(.truePositiveRateParity, differenceBound: 0.01))
        XCTAssertThrowsError(try eg.fit(data.x, y, groups: data.groups)) { error in
            XCTAssert("\(error)".contains("group 'A'"), "\(error)")
        }
    }
}

/// Adult as adult_numeric.py builds it: the six numeric features standardised on the training set, sex.
enum AdultReductions {
    static let features = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]

    static func load() throws -> (x: Tensor, y: [Double], groups: GroupIndex, testX: Tensor, testY: [Double], testGroups: GroupIndex) {
        let (train, test) = try BundledDatasets.adult()
        let scaler = Standardizer(fitting: train)
        func matrix(_ ds: Dataset) throws -> Tensor {
            let scaled = try scaler.transform(ds)
            let columns = try features.map { name -> [Double] in
                guard case let .numeric(v) = try scaled.column(name) else { throw FairnessError.invalid("\(name) is not numeric") }
                return v
            }
            let n = columns[0].count, d = features.count
            var values = [Float](repeating: 0, count: n * d)
            for i in 0..<n { for j in 0..<d { values[i * d + j] = Float(columns[j][i]) } }
            return try Tensor(shape: [n, d], storage: values)
        }
        return (try matrix(train), try train.labels().map(Double.init), try GroupIndex(train, sensitive: "sex"),
                try matrix(test), try test.labels().map(Double.init), try GroupIndex(test, sensitive: "sex"))
    }

    /// The expected accuracy and |P(ŷ = 1 | Male) − P(ŷ = 1 | Female)| of decisions taken with probability `p`.
    static func summary(_ p: [Double], _ y: [Double], _ groups: GroupIndex) -> (accuracy: Double, difference: Double) {
        var accuracy = 0.0, sums = [Double](repeating: 0, count: groups.count), counts = sums
        for i in p.indices {
            accuracy += p[i] * y[i] + (1 - p[i]) * (1 - y[i])
            sums[Int(groups.codes[i])] += p[i]
            counts[Int(groups.codes[i])] += 1
        }
        let rates = zip(sums, counts).map { $0 / $1 }
        return (accuracy / Double(p.count), (rates.max() ?? 0) - (rates.min() ?? 0))
    }

    static func reference(_ method: String, _ key: String) -> Double? {
        ((ReductionsReference.json["adult"] as? [String: Any])?[method] as? [String: Any])?[key] as? Double
    }
}

extension ExponentiatedGradientTests {
    /// EG(LogisticRegression, demographic parity, eps 0.01) on Adult: the expected test accuracy and DP
    /// difference within 0.005 of Fairlearn with scikit-learn.
    func testAdultWithinFairlearnTolerance() throws {
        let adult = try AdultReductions.load()
        let eg = try ExponentiatedGradient(estimator: try LogisticRegression(), constraint: .parity(.demographicParity, differenceBound: 0.01), eps: 0.01)
        try eg.fit(adult.x, adult.y, groups: adult.groups)
        let s = AdultReductions.summary(try eg.predictProbability(adult.testX), adult.testY, adult.testGroups)
        XCTAssertEqual(s.accuracy, try XCTUnwrap(AdultReductions.reference("exponentiated_gradient", "accuracy")), accuracy: 0.005)
        XCTAssertEqual(s.difference, try XCTUnwrap(AdultReductions.reference("exponentiated_gradient", "dp_difference")), accuracy: 0.005)
    }
}
