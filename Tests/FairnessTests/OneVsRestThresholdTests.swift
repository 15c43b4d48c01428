import Datasets
@testable import Fairness
import Learning
import Tensors
import XCTest

final class OneVsRestThresholdTests: XCTestCase {
    /// "Is it an 8?" asked of a digits network: before is its arg-max by group, after the demographic-parity thresholds
    /// fitted on the training images, which narrow the groups' selection-rate gap on the test images.
    func testThresholdsNarrowTheSelectionRateGapOfOneClass() throws {
        let tf = try ImagePipeline([.toTensor])
        let dir = Reference.directory + "/../fixtures/digits/"
        let train = try ImageFolder(directory: dir + "train", groups: .manifest("groups.csv"), transform: tf)
        let test = try ImageFolder(directory: dir + "test", groups: .manifest("groups.csv"), transform: tf)
        let net = Sequential([try Conv2D(channels: 4, kernel: 3, activation: .relu), Flatten(), try Dense(units: 10)])
        _ = try Trainer(net: net, loss: .softmaxCrossEntropy, optimizer: try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: 1e-2))
            .fit(try TrainingData(x: try train.tensor(), y: train.labels.map(Float.init)), epochs: 2, batchSize: 64, seed: 1)
        let r = try OneVsRestThreshold.mitigate(network: net, train: train, test: test, positive: "8")
        XCTAssertEqual(r.method, "threshold_optimizer (is it 8?)")
        // Before: each group's share of test images whose arg-max is class 8.
        let p = try net.classProbabilities(try test.tensor())
        let rows = try GroupedClasses(test), codes = rows.codes(in: ["heavy", "light"])
        for (g, name) in ["heavy", "light"].enumerated() {
            let members = codes.indices.filter { codes[$0] == g }
            let picked = members.filter { i in p[i].indices.max { p[i][$0] < p[i][$1] } == 8 }.count
            let k = try XCTUnwrap(r.before.groups.names.firstIndex(of: name))
            XCTAssertEqual(r.before.byGroup[k][0], Double(picked) / Double(members.count), accuracy: 1e-12, name)
        }
        XCTAssertLessThan(r.after.difference()[0], r.before.difference()[0])
        XCTAssertThrowsError(try OneVsRestThreshold.mitigate(network: net, train: train, test: test, positive: "x")) {
            XCTAssert("\($0)".contains("classes: 0, 1, 2"), "\($0)")
        }
        XCTAssertThrowsError(try OneVsRestThreshold.mitigate(network: net, train: train, test: test, positive: "8", constraint: "nosuch")) {
            XCTAssert("\($0)".contains("unknown constraint"), "\($0)")
        }
    }
}
