@testable import Learning
import Tensors
import XCTest

final class AdversarialTrainingTests: XCTestCase {
    /// A robust noisy column x₀ = ±1 + N(0, 1) and a brittle clean one x₁ = ±0.2 + N(0, 0.05²) (Tsipras et al.'s
    /// robust versus non-robust features): an attack of 0.3 flips x₁ but not x₀.
    func data(_ n: Int, seed: UInt64) throws -> TrainingData {
        var g = RandomGenerator(seed: seed)
        var x: [Float] = [], y: [Float] = []
        for _ in 0..<n {
            let label: Float = g.uniform() < 0.5 ? 1 : 0, sign = 2 * label - 1
            x += [sign + Float(g.normal()), 0.2 * sign + 0.05 * Float(g.normal())]
            y.append(label)
        }
        return try TrainingData(x: try Tensor(shape: [n, 2], storage: x), y: y)
    }

    func testMixReplacesTheFirstShareOfTheBatch() throws {
        Tensor.seed(1)
        let net = Sequential([try Dense(units: 1, inUnits: 2)])
        let batch = try data(4, seed: 3)
        let training = try AdversarialTraining(attack: try Attack.fgsm(eps: 0.5), ratio: 0.5)
        let mixed = try training.mix(net, batch.x, Tensor(batch.y), loss: .sigmoidBCE, blocks: nil)
        let attacked = try Attack.fgsm(eps: 0.5).perturb(net, try batch.x.narrow(dim: 0, start: 0, length: 2), Tensor(Array(batch.y[0..<2])), loss: .sigmoidBCE, mask: [1, 1])
        XCTAssertEqual(Array(mixed.storage[0..<4]), attacked.storage)
        XCTAssertEqual(Array(mixed.storage[4...]), Array(batch.x.storage[4...]))
        XCTAssertThrowsError(try AdversarialTraining(attack: try Attack.fgsm(), ratio: 1.5))
        XCTAssertThrowsError(try AdversarialTraining(attack: try Attack.fgsm(), ratio: .nan))
    }

    func testAdversarialTrainingRaisesRobustAccuracy() throws {
        let train = try data(2000, seed: 1), test = try data(1000, seed: 2)
        let attack = try Attack.pgd(eps: 0.3, steps: 5, seed: 1)
        func robust(_ adversarial: AdversarialTraining?) throws -> (clean: Double, robust: Double) {
            Tensor.seed(5)
            let net = Sequential([try Dense(units: 16, activation: .relu), try Dense(units: 1)])
            let trainer = try Trainer(net: net, loss: .sigmoidBCE, optimizer: try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: 1e-2))
            trainer.adversarial = adversarial
            _ = try trainer.fit(train, epochs: 5, batchSize: 64, seed: 1)
            let x = try attack.perturb(net, test)
            let clean = try trainer.evaluate(test)["accuracy"] ?? 0
            return (clean, try trainer.evaluate(try TrainingData(x: x, y: test.y))["accuracy"] ?? 0)
        }
        let plain = try robust(nil), trained = try robust(try AdversarialTraining(attack: attack, ratio: 1))
        XCTAssertGreaterThan(plain.clean, 0.95)
        XCTAssertGreaterThan(trained.robust, plain.robust + 0.2, "\(plain) \(trained)")
    }
}
