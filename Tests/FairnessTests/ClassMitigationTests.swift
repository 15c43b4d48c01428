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
        let plain = try ClassMitigation.mitigate("fair_penalty", network: net, train: train, test: test, seed: 1,
                                                 penalty: try FairnessConstraint(.demographicParity, weight: 0))
        let penalised = try ClassMitigation.mitigate("fair_penalty", network: net, train: train, test: test, seed: 1,
                                                     penalty: try FairnessConstraint(.demographicParity, weight: 100))
        XCTAssertEqual(penalised.method, "fair_penalty")
        XCTAssertLessThan(try penaltyValue(penalised.network, train), 0.5 * (try penaltyValue(plain.network, train)))
        XCTAssertThrowsError(try ClassMitigation.mitigate("reweighing", network: net, train: train, test: test,
                                                          penalty: try FairnessConstraint(.demographicParity, weight: 1))) {
            XCTAssert("\($0)".contains("option of fair_penalty only"), "\($0)")
        }
    }
}
