import Learning
import Tensors
import XCTest
@testable import Fairness

final class AdversarialDebiasingTests: XCTestCase {
    func testProjectionRemovesTheAdversarysDirection() {
        let g: [Float] = [1, 2, 3], a: [Float] = [0, 1, 1]
        let out = AdversarialDebiasing.project(g, away: a, weight: 0.5)
        // (g − (g·a/‖a‖²)a)·a = 0, so out·a = −0.5‖a‖².
        XCTAssertEqual(zip(out, a).map { $0 * $1 }.reduce(0, +), -1, accuracy: 1e-6)
        XCTAssertEqual(out[0], 1)
        XCTAssertEqual(AdversarialDebiasing.project(g, away: [0, 0, 0], weight: 0.1), g)
    }

    /// The hand-written gradients of one step against central differences of its mean losses.
    func testStepGradientsMatchFiniteDifferences() {
        let logit: [Float] = [0.3, -1.2, 2.0, 0.1], y: [Float] = [1, 0, 1, 0], a: [Int32] = [1, 0, 0, 1]
        for target in AdversarialDebiasing.Target.allCases {
            let adversary: [Float] = target == .equalizedOdds ? [0.7, 0.5, -0.8, 0.3, 0.1] : [-0.4, 0.9, -0.2]
            let step = AdversarialDebiasing.Step(logit: logit, y: y, a: a, adversary: adversary, target: target)
            let h: Float = 1e-2
            for i in logit.indices {
                var up = logit, down = logit
                up[i] += h
                down[i] -= h
                let plus = AdversarialDebiasing.Step(logit: up, y: y, a: a, adversary: adversary, target: target)
                let minus = AdversarialDebiasing.Step(logit: down, y: y, a: a, adversary: adversary, target: target)
                XCTAssertEqual(Double(step.classifierGradient[i]), (plus.classifierLoss - minus.classifierLoss) / Double(2 * h), accuracy: 2e-3)
                XCTAssertEqual(Double(step.adversaryGradient[i]), (plus.adversaryLoss - minus.adversaryLoss) / Double(2 * h), accuracy: 2e-3)
            }
            for k in adversary.indices {
                var up = adversary, down = adversary
                up[k] += h
                down[k] -= h
                let plus = AdversarialDebiasing.Step(logit: logit, y: y, a: a, adversary: up, target: target)
                let minus = AdversarialDebiasing.Step(logit: logit, y: y, a: a, adversary: down, target: target)
                XCTAssertEqual(Double(step.adversaryParameterGradient[k]), (plus.adversaryLoss - minus.adversaryLoss) / Double(2 * h), accuracy: 2e-3, "\(target) parameter \(k)")
            }
        }
    }

    func testSeededAndValidated() throws {
        var generator = RandomGenerator(seed: 3)
        let n = 200
        let x = try Tensor(shape: [n, 4], storage: (0..<(n * 4)).map { _ in generator.uniform() * 2 - 1 })
        let groups = try GroupIndex(features: [("g", ["a", "b"], (0..<n).map { Int32($0 % 2) })])
        let y = (0..<n).map { i in Double(x.storage[i * 4] + (i % 2 == 0 ? 0.3 : -0.3) > 0 ? 1 : 0) }
        func run() throws -> [Double] {
            let m = try AdversarialDebiasing(epochs: 2, batchSize: 32, seed: 5)
            try m.fit(x, y, groups: groups)
            XCTAssertEqual(m.history.count, 2)
            return try m.predictProbability(x)
        }
        XCTAssertEqual(try run(), try run())
        XCTAssertThrowsError(try AdversarialDebiasing(adversaryWeight: -1))
        XCTAssertThrowsError(try AdversarialDebiasing(epochs: 0))
        let three = try GroupIndex(features: [("g", ["a", "b", "c"], (0..<n).map { Int32($0 % 3) })])
        XCTAssertThrowsError(try AdversarialDebiasing(epochs: 1).fit(x, y, groups: three)) {
            XCTAssertTrue("\($0)".contains("exactly two groups, found 3: a, b, c"), "\($0)")
        }
        XCTAssertThrowsError(try AdversarialDebiasing().predictProbability(x)) { XCTAssertTrue("\($0)".contains("call fit first")) }
        // A learning rate so large that the weights overflow: the loss becomes NaN and training stops, naming where.
        XCTAssertThrowsError(try AdversarialDebiasing(epochs: 3, batchSize: 32, learningRate: 1e30).fit(x, y, groups: groups)) {
            XCTAssertTrue("\($0)".contains("diverged (NaN) at epoch 1, batch "), "\($0)")
        }
    }
}
