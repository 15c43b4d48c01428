@testable import Learning
import Tensors
import XCTest

final class TrainingRecipeTests: XCTestCase {
    func testFitRecordsItsRecipeAndTheRecipeRetrainsAFreshCopyIdentically() throws {
        Tensor.seed(3)
        let x = try Tensor.randn([40, 3]), y = (0..<40).map { Float($0 % 3) }
        let data = try TrainingData(x: x, y: y)
        func net() throws -> Sequential { Sequential([try Dense(units: 4, activation: .relu, inUnits: 3), try Dense(units: 3, inUnits: 4)]) }
        Tensor.seed(7)
        let a = try net()
        XCTAssertNil(a.recipe)
        let trainer = try Trainer(net: a, loss: .softmaxCrossEntropy, optimizer: try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: 0.05))
        _ = try trainer.fit(data, epochs: 3, batchSize: 8, seed: 5)
        let recipe = try XCTUnwrap(a.recipe)
        XCTAssertEqual([recipe.epochs, recipe.batchSize], [3, 8])
        XCTAssertEqual(recipe.seed, 5)
        XCTAssertEqual(recipe.learningRate, 0.05)
        // The same initial weights trained by the recipe give the same network, with a new optimiser.
        Tensor.seed(7)
        let b = try net()
        try recipe.train(b, on: data)
        XCTAssertEqual(b.parameters.map(\.tensor.storage), a.parameters.map(\.tensor.storage))
    }

    func testClassProbabilitiesAreTheSoftmaxOrTheSigmoidPair() throws {
        let wide = Sequential([try Dense(units: 3, inUnits: 2)])
        let x = try Tensor(shape: [2, 2], storage: [1, -2, 0.5, 3])
        let p = try wide.classProbabilities(x)
        let out = try wide.forward(x, training: false).storage.map(Double.init)
        for i in 0..<2 {
            let e = (0..<3).map { exp(out[i * 3 + $0]) }
            for c in 0..<3 { XCTAssertEqual(p[i][c], e[c] / e.reduce(0, +), accuracy: 1e-12) }
        }
        let single = Sequential([try Dense(units: 1, inUnits: 2)])
        let q = try single.classProbabilities(x)
        XCTAssertEqual(q[0][1], try single.predictProbability(x)[0], accuracy: 1e-15)
        XCTAssertEqual(q[0][0] + q[0][1], 1, accuracy: 1e-15)
    }
}
