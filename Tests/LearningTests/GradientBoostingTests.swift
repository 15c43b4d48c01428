import Datasets
import Foundation
@testable import Learning
import Tensors
import XCTest

final class GradientBoostingTests: XCTestCase {
    /// Test log-loss and accuracy of `model` on `x`, `y`.
    func score(_ model: GradientBoosting, _ x: Tensor, _ y: [Double]) throws -> (logLoss: Double, accuracy: Double) {
        let m = try model.margins(x)
        var loss = 0.0, correct = 0.0
        for i in m.indices {
            loss += GradientBoosting.logLoss(m[i], y[i])
            correct += (m[i] > 0 ? 1 : 0) == y[i] ? 1 : 0
        }
        return (loss / Double(m.count), correct / Double(m.count))
    }

    /// 100 rounds, 31 leaves, η 0.1, 255 bins, 20 rows per leaf, λ 0 on Adult: test log-loss within 0.002 and
    /// accuracy within 0.003 of LightGBM 4.7 with the same settings (Tests/reference/generate_trees.py).
    func testAdultWithinLightGBM() throws {
        let adult = try TreesReference.adult()
        let ref = try XCTUnwrap((TreesReference.json["boosting"] as? [String: Any])?["lambda0"] as? [String: Any])
        let model = try GradientBoosting(rounds: 100, learningRate: 0.1, numLeaves: 31, minChildSamples: 20, lambdaL2: 0, maxBins: 255)
        try model.fit(adult.x, adult.y)
        let s = try score(model, adult.testX, adult.testY)
        XCTAssertEqual(s.logLoss, try XCTUnwrap(ref["test_log_loss"] as? Double), accuracy: 0.002)
        XCTAssertEqual(s.accuracy, try XCTUnwrap(ref["test_accuracy"] as? Double), accuracy: 0.003)
        XCTAssertEqual(model.trees.count, 100)
        XCTAssert(model.trees.allSatisfy { $0.leafCount <= 31 })
        XCTAssertEqual(model.trees[0].leafCount, 31)
    }

    /// Integer weights are row replication: the same base score and trees (leaf values to 1e-12).
    func testIntegerWeightsEqualReplicatedRows() throws {
        let x = try Tensor(shape: [8, 2], storage: [0, 1, 1, 0, 2, 1, 3, 0, 4, 1, 5, 0, 6, 1, 7, 0])
        let y: [Double] = [0, 1, 0, 1, 1, 0, 1, 1], w: [Double] = [1, 2, 1, 3, 1, 1, 2, 1]
        let weighted = try GradientBoosting(rounds: 5, numLeaves: 4, minChildSamples: 0)
        try weighted.fit(x, y, weights: w)
        let rows = w.indices.flatMap { i in [Int](repeating: i, count: Int(w[i])) }
        let replicated = try GradientBoosting(rounds: 5, numLeaves: 4, minChildSamples: 0)
        try replicated.fit(try Tensor(shape: [rows.count, 2], storage: rows.flatMap { [x.storage[2 * $0], x.storage[2 * $0 + 1]] }), rows.map { y[$0] })
        XCTAssertEqual(weighted.baseScore, replicated.baseScore, accuracy: 1e-12)
        for (a, b) in zip(weighted.trees, replicated.trees) {
            XCTAssertEqual(a.feature, b.feature)
            XCTAssertEqual(a.threshold, b.threshold)
            for (u, v) in zip(a.value, b.value) { XCTAssertEqual(u, v, accuracy: 1e-12) }
        }
    }

    /// With a validation set, boosting stops early_stopping_rounds after the best round and keeps its trees.
    func testEarlyStoppingKeepsTheBestRound() throws {
        let adult = try TreesReference.adult()
        let d = adult.names.count, n = 3000
        let x = try Tensor(shape: [n, d], storage: Array(adult.x.storage.prefix(n * d))), y = Array(adult.y.prefix(n))
        let vx = try Tensor(shape: [1000, d], storage: Array(adult.testX.storage.prefix(1000 * d))), vy = Array(adult.testY.prefix(1000))
        let model = try GradientBoosting(rounds: 300, learningRate: 0.3, earlyStoppingRounds: 5)
        var seen = 0
        model.progress = { round, loss in
            seen = round
            XCTAssertNotNil(loss)
        }
        try model.fit(x, y, weights: nil, validation: (vx, vy))
        let losses = model.validationLoss
        let best = try XCTUnwrap(losses.indices.min { losses[$0] < losses[$1] })
        XCTAssertLessThan(losses.count, 300)
        XCTAssertEqual(losses.count, best + 1 + 5)
        XCTAssertEqual(model.trees.count, best + 1)
        XCTAssertEqual(seen, losses.count)
        XCTAssertEqual(try score(model, vx, vy).logLoss, losses[best], accuracy: 1e-9)
    }

    /// Row and feature draws follow the seed.
    func testSubsamplesAreSeeded() throws {
        let adult = try TreesReference.adult()
        let d = adult.names.count, n = 2000
        let x = try Tensor(shape: [n, d], storage: Array(adult.x.storage.prefix(n * d))), y = Array(adult.y.prefix(n))
        func fitted(_ seed: UInt64) throws -> [TreeNodes] {
            let m = try GradientBoosting(rounds: 3, subsample: 0.5, colsample: 0.5, seed: seed)
            try m.fit(x, y)
            return m.trees
        }
        XCTAssertEqual(try fitted(1), try fitted(1))
        XCTAssertNotEqual(try fitted(1), try fitted(2))
    }

    /// Few distinct values get a bin each; many get at most max_bins bins of about equal counts, cut between values.
    func testBinning() throws {
        let few = GradientBoostingBins(try Tensor(shape: [4, 1], storage: [3, 1, 1, 2]), maxBins: 255)
        XCTAssertEqual(few.bounds[0], [1.5, 2.5, .infinity])
        XCTAssertEqual(few.columns, [2, 0, 0, 1])
        let many = GradientBoostingBins(try Tensor(shape: [1000, 1], storage: (0..<1000).map { Float($0) }), maxBins: 10)
        XCTAssertEqual(many.bounds[0].count, 10)
        XCTAssertEqual(many.bounds[0][0], 99.5)
        XCTAssertEqual(Set(many.columns).count, 10)
        // Two features: codes feature after feature, each row's non-default bins as histogram slots row after row.
        let two = GradientBoostingBins(try Tensor(shape: [4, 2], storage: [0, 5, 1, 5, 0, 7, 0, 5]), maxBins: 255)
        XCTAssertEqual(two.bounds, [[0.5, .infinity], [6, .infinity]])
        XCTAssertEqual(two.columns, [0, 1, 0, 0, 0, 0, 1, 0])
        XCTAssertEqual(two.defaultBin, [0, 0])
        XCTAssertEqual(two.sparseStart, [0, 0, 1, 2, 2])
        XCTAssertEqual(two.sparseSlots, [1, 3])
    }

    /// Bad settings are errors naming the option.
    func testBadOptionsAreErrors() throws {
        for (make, option) in [({ try GradientBoosting(numLeaves: 1 << 53) }, "num_leaves"), ({ try GradientBoosting(learningRate: .nan) }, "learning_rate"),
                               ({ try GradientBoosting(maxDepth: -1) }, "max_depth"), ({ try GradientBoosting(maxBins: 256) }, "max_bins"),
                               ({ try GradientBoosting(subsample: 0) }, "subsample"), ({ try GradientBoosting(rounds: 0) }, "n_estimators"),
                               ({ try GradientBoosting(lambdaL2: -1) }, "lambda_l2"), ({ try GradientBoosting(earlyStoppingRounds: 0) }, "early_stopping")] as [(() throws -> GradientBoosting, String)] {
            XCTAssertThrowsError(try make()) { XCTAssert("\($0)".contains(option), "\($0)") }
        }
        let m = try GradientBoosting()
        XCTAssertThrowsError(try m.predictProbability(try Tensor(shape: [1, 1], storage: [0]))) { XCTAssert("\($0)".contains("fit first"), "\($0)") }
        XCTAssertThrowsError(try m.fit(try Tensor(shape: [2, 1], storage: [0, 1]), [0, 1], weights: nil, validation: (try Tensor(shape: [1, 2], storage: [0, 0]), [1])))
    }

    /// Saved and loaded, the model gives the same margins.
    func testSaveLoadRoundTrip() throws {
        let x = try Tensor(shape: [8, 2], storage: [0, 1, 1, 0, 2, 1, 3, 0, 4, 1, 5, 0, 6, 1, 7, 0])
        let m = try GradientBoosting(rounds: 4, numLeaves: 3, minChildSamples: 1, lambdaL2: 0.5)
        try m.fit(x, [0, 1, 0, 1, 1, 0, 1, 1])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gbm-\(UUID().uuidString).fairlua").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FittedModel(m).save(to: path)
        let loaded = try XCTUnwrap(try FittedModel.load(path).estimator as? GradientBoosting)
        XCTAssertEqual(loaded.trees, m.trees)
        XCTAssertEqual(loaded.lambdaL2, 0.5)
        XCTAssertEqual(try loaded.margins(x), try m.margins(x))
    }
}
