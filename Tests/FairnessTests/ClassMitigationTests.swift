import Datasets
@testable import Fairness
import Learning
import Tensors
import XCTest

final class ClassMitigationTests: XCTestCase {
    func folder(_ part: String) throws -> ImageFolder {
        try ImageFolder(directory: Reference.directory + "/../fixtures/digits/" + part, groups: .manifest("groups.csv"),
                        transform: try ImagePipeline([.toTensor]))
    }

    /// The penalty, summed over the training images (demographic parity on the softmax, weight 1), of a network.
    func penaltyValue(_ net: Sequential, _ train: ImageFolder) throws -> Float {
        let rows = try GroupedClasses(train)
        let output = try GradMode.noGrad { try net.forward(try train.tensor(), training: false) }
        return try FairnessConstraint(.demographicParity, weight: 1)(output, labels: Tensor(rows.labels.map(Float.init)),
                                                                      groups: rows.codes(in: rows.groups.levels.sorted()).map(Int32.init)).item()
    }

    /// fair_penalty retrains a fresh copy with the penalty on its softmax logits: with the same seed, a heavy penalty
    /// leaves a smaller gap between the groups' mean class probabilities on the training images than no penalty does.
    func testFairPenaltyNarrowsTheGroupsMeanClassProbabilities() throws {
        let (train, test) = (try folder("train"), try folder("test"))
        let net = Sequential([try Conv2D(channels: 4, kernel: 3, activation: .relu), Flatten(), try Dense(units: 10)])
        let trainer = try Trainer(net: net, loss: .softmaxCrossEntropy,
                                  optimizer: try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: 1e-2))
        let rows = try GroupedClasses(train)
        _ = try trainer.fit(try TrainingData(x: try train.tensor(), y: rows.labels.map(Float.init)), epochs: 2, batchSize: 64, seed: 1)
        var options = ClassMitigation.Options()
        (options.seed, options.weight) = (1, 0)
        let plain = try ClassMitigation.mitigate("fair_penalty", network: net, train: train, test: test, options: options)
        options.weight = 100
        let penalised = try ClassMitigation.mitigate("fair_penalty", network: net, train: train, test: test, options: options)
        XCTAssertEqual(penalised.method, "fair_penalty")
        XCTAssertLessThan(try penaltyValue(penalised.network, train), 0.5 * (try penaltyValue(plain.network, train)))
        XCTAssertThrowsError(try ClassMitigation.mitigate("reweighing", network: net, train: train, test: test, options: options)) {
            XCTAssert("\($0)".contains("'weight' is an option of fair_penalty, not of reweighing"), "\($0)")
        }
    }

    /// adversarial_debiasing trains the copy against an adversary reading its softmax: with the same seed, α = 10 under
    /// demographic parity leaves a smaller multiclass demographic parity difference on the test images than α = 0.
    func testAdversarialDebiasingNarrowsDemographicParity() throws {
        let (train, test) = (try folder("train"), try folder("test"))
        let net = Sequential([try Conv2D(channels: 4, kernel: 3, activation: .relu), Flatten(), try Dense(units: 10)])
        let rows = try GroupedClasses(train)
        _ = try Trainer(net: net, loss: .softmaxCrossEntropy, optimizer: try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: 1e-2))
            .fit(try TrainingData(x: try train.tensor(), y: rows.labels.map(Float.init)), epochs: 2, batchSize: 64, seed: 1)
        var options = ClassMitigation.Options()
        (options.constraint, options.adversaryWeight) = ("demographic_parity", 0)
        let plain = try ClassMitigation.mitigate("adversarial_debiasing", network: net, train: train, test: test, options: options)
        options.adversaryWeight = 10
        let debiased = try ClassMitigation.mitigate("adversarial_debiasing", network: net, train: train, test: test, options: options)
        XCTAssertLessThan(debiased.after.demographicParityDifference, plain.after.demographicParityDifference)
        options.constraint = "nosuch"
        XCTAssertThrowsError(try ClassMitigation.mitigate("adversarial_debiasing", network: net, train: train, test: test, options: options)) {
            XCTAssert("\($0)".contains("constraints: demographic_parity, equalized_odds"), "\($0)")
        }
        XCTAssertThrowsError(try ClassAdversarialDebiasing(adversaryWeight: -1)) { XCTAssert("\($0)".contains("must be ≥ 0"), "\($0)") }
    }
}
