import Foundation
@testable import Learning
import Tensors
import XCTest

final class NetworkTests: XCTestCase {
    func testLossesAndPenaltyHaveCorrectGradients() throws {
        let y = Tensor([1, 0, 1, 0, 1, 1])
        let w = Tensor([1, 2, 0.5, 1, 1, 3])
        for loss in [Loss.sigmoidBCE, .l2, .l1, .huber(rho: 1), .hinge(margin: 1)] {
            let err = try Tensor.gradcheck([Tensor([0.3, -1.2, 2.5, 0.7, -0.4, 1.9])]) { try loss($0[0], y, weights: w).sum() }
            XCTAssertLessThan(err, 2e-2, loss.name)
        }
        let err = try Tensor.gradcheck([try Tensor.randn([6, 3])]) { try Loss.softmaxCrossEntropy($0[0], Tensor([0, 2, 1, 1, 0, 2])).sum() }
        XCTAssertLessThan(err, 2e-2)
        for kind in FairnessConstraint.Kind.allCases {
            let penalty = try FairnessConstraint(kind, weight: 2)
            let e = try Tensor.gradcheck([Tensor([0.3, -1.2, 2.5, 0.7, -0.4, 1.9])]) { try penalty($0[0], labels: y, groups: [0, 0, 1, 1, 0, 1]) }
            XCTAssertLessThan(e, 2e-2, kind.rawValue)
        }
    }

    func testNetworkRemembersTheRowShapeItRanOnForSummary() throws {
        let net = Sequential([try Dense(units: 4, activation: .relu), try Dense(units: 1)])
        XCTAssertNil(net.lastInputShape)
        _ = try net(try Tensor.zeros([5, 3]))
        XCTAssertEqual(net.lastInputShape, [1, 3])
        XCTAssertEqual(try net.summary(input: [1, 3]).map(\.parameters), [16, 5])
    }

    func testSigmoidBCEIsStableForLargeLogits() throws {
        let l = try Loss.sigmoidBCE(Tensor([1000, -1000]), Tensor([1, 0]))
        XCTAssertEqual(l.storage, [0, 0])
        let bad = try Loss.sigmoidBCE(Tensor([1000, -1000]), Tensor([0, 1]))
        XCTAssertEqual(bad.storage, [1000, 1000])
    }

    func testDenseAndActivationsHaveCorrectGradients() throws {
        Tensor.seed(3)
        for activation in Activation.allCases {
            let dense = try Dense(units: 3, activation: activation, inUnits: 4)
            let x = try Tensor.randn([5, 4])
            let params = dense.parameters.map(\.tensor)
            let err = try Tensor.gradcheck([x] + params) { _ in try dense.forward(x, training: false).sum() }
            XCTAssertLessThan(err, 5e-2, activation.rawValue)
        }
    }

    func testShapeMismatchNamesTheLayer() throws {
        let net = Sequential([try Dense(units: 4, inUnits: 3), try Dense(units: 1)])
        XCTAssertThrowsError(try net(try Tensor.zeros([2, 5]))) {
            XCTAssertEqual("\($0)", "Dense(4): expected input of shape (batch, 3), got (2, 5)")
        }
    }

    func testTrainingIsReproducibleAndLearns() throws {
        func run() throws -> ([EpochStats], [Float]) {
            Tensor.seed(1)
            let data = try AdultNumeric.load()
            let net = Sequential([try Dense(units: 16, activation: .relu), try Dense(units: 1)])
            let trainer = try Trainer(net: net, loss: .sigmoidBCE, optimizer: try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: 1e-2))
            let rows = 4000
            let x = try data.x.narrow(dim: 0, start: 0, length: rows)
            let train = try TrainingData(x: x, y: data.y.prefix(rows).map(Float.init))
            let history = try trainer.fit(train, epochs: 3, batchSize: 128, seed: 7)
            return (history, net.parameters.flatMap(\.tensor.storage))
        }
        let (a, wa) = try run()
        let (b, wb) = try run()
        XCTAssertEqual(wa, wb, "the same seed gives bit-identical weights")
        XCTAssertEqual(a.map(\.loss), b.map(\.loss))
        XCTAssertLessThan(a[2].loss, a[0].loss)
        XCTAssertGreaterThan(a[2].accuracy, 0.78)
    }

    func testSaveAndLoadGiveIdenticalPredictions() throws {
        Tensor.seed(2)
        let net = Sequential([try Dense(units: 8, activation: .tanh, inUnits: 6), try Dropout(0.2), try Dense(units: 1)])
        let x = try Tensor.randn([10, 6])
        let path = NSTemporaryDirectory() + "fairlua-model-\(getpid()).safetensors"
        defer { unlink(path) }
        XCTAssertThrowsError(try FittedModel(net).save(to: path))
        _ = try net.predictProbability(x)
        try FittedModel(net).save(to: path)
        let loaded = try XCTUnwrap(try FittedModel.load(path).estimator as? Sequential)
        XCTAssertEqual(try loaded.predictProbability(x), try net.predictProbability(x))
        // A truncated file is a clear error.
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try FittedModel.load(path)) { XCTAssert("\($0)".contains("truncated"), "\($0)") }
    }

    func testNaNLossStopsTrainingWithEpochAndBatch() throws {
        let net = Sequential([try Dense(units: 1, inUnits: 1)])
        let trainer = try Trainer(net: net, loss: .l2, optimizer: try Optimizer(.sgd(momentum: 0, nesterov: false), learningRate: 10))
        let data = try TrainingData(x: try Tensor(shape: [4, 1], storage: [1e18, 2e18, 3e18, 4e18]), y: [1, 2, 3, 4])
        XCTAssertThrowsError(try trainer.fit(data, epochs: 5, batchSize: 2)) {
            XCTAssert("\($0)".hasPrefix("the loss became NaN at epoch 1, batch"), "\($0)")
        }
    }
}

final class ConvolutionLayerTests: XCTestCase {
    func testConvAndBatchNormGradients() throws {
        Tensor.seed(6)
        let conv = try Conv2D(channels: 2, kernel: 3, padding: 1, activation: .tanh, inChannels: 1)
        let x = try Tensor.randn([2, 1, 4, 4])
        let err = try Tensor.gradcheck([x] + conv.parameters.map(\.tensor)) { _ in try conv.forward(x, training: true).sum() }
        XCTAssertLessThan(err, 5e-2)
        for shape in [[6, 3], [3, 2, 3, 3]] {
            let bn = try BatchNorm(features: shape[1])
            let input = try Tensor.randn(shape)
            let w = try Tensor.randn(shape)
            let e = try Tensor.gradcheck([input] + bn.parameters.map(\.tensor)) { _ in try bn.forward(input, training: true).multiplying(w).sum() }
            XCTAssertLessThan(e, 5e-2, "\(shape)")
        }
    }

    func testBatchNormNormalisesAndTracksRunningStatistics() throws {
        let bn = try BatchNorm(momentum: 0, features: 1)
        let y = try bn.forward(try Tensor(shape: [4, 1], storage: [1, 2, 3, 4]), training: true)
        XCTAssertEqual(try y.mean().item(), 0, accuracy: 1e-6)
        XCTAssertEqual(try y.variance(unbiased: false).item(), 1, accuracy: 1e-4)
        XCTAssertEqual(bn.runningMean?.storage, [2.5])
        XCTAssertEqual(try bn.forward(try Tensor(shape: [1, 1], storage: [2.5]), training: false).storage[0], 0, accuracy: 1e-6)
    }

    func testSeedsConvNetSavesAndLoads() throws {
        Tensor.seed(7)
        let net = Sequential([try Conv2D(channels: 4, kernel: 3, activation: .relu), try BatchNorm(), try Pool2D(size: 2, average: false),
                              Flatten(), try Dense(units: 8, activation: .relu), try Dense(units: 3)])
        let x = try Tensor.randn([5, 1, 8, 8])
        let before = try net.predictProbability(x)
        let path = NSTemporaryDirectory() + "fairlua-conv-\(getpid()).safetensors"
        defer { unlink(path) }
        try FittedModel(net).save(to: path)
        let loaded = try XCTUnwrap(try FittedModel.load(path).estimator as? Sequential)
        XCTAssertEqual(try loaded.predictProbability(x), before)
        XCTAssertEqual(try loaded.predictClasses(x), try net.predictClasses(x))
        XCTAssertThrowsError(try net(try Tensor.zeros([2, 2, 8, 8]))) { XCTAssert("\($0)".contains("Conv2D(4): expected input of shape (batch, 1, height, width)"), "\($0)") }
    }
}
