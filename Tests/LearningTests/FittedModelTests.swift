import Datasets
import Foundation
@testable import Learning
import Tensors
import XCTest

/// The model lifecycle without Lua: fit on one split, save, load, score the other split and a subset.
final class FittedModelTests: XCTestCase {
    let path = NSTemporaryDirectory() + "fairlua-fitted-\(getpid()).safetensors"
    override func tearDown() { unlink(path) }

    /// German credit standardised, split 70/30.
    func german() throws -> (train: Dataset, test: Dataset) {
        let (train, test) = try BundledDatasets.german().split(ratio: 0.7, seed: 4, stratify: ["label"])
        let scaler = Standardizer(fitting: train)
        return (try scaler.transform(train), try scaler.transform(test))
    }

    func testLogisticRegressionRoundTripsBitExactlyWithItsSchema() throws {
        let (train, test) = try german()
        let model = try FittedModel.fit(try LogisticRegression(c: 1), on: train)
        try model.save(to: path)
        let loaded = try FittedModel.load(path)
        XCTAssertEqual(loaded.encoder, model.encoder)
        let lr = try XCTUnwrap(loaded.estimator as? LogisticRegression), original = try XCTUnwrap(model.estimator as? LogisticRegression)
        XCTAssertEqual(lr.coefficients, original.coefficients)
        XCTAssertEqual(lr.intercept, original.intercept)
        XCTAssertEqual(try loaded.predictProbability(test), try model.predictProbability(test))
        XCTAssertEqual(try loaded.evaluate(test).accuracy, try model.evaluate(test).accuracy)
        XCTAssertGreaterThan(try loaded.evaluate(test).accuracy, 0.7)
        // Saving the loaded model gives the same bytes.
        let first = try FileBytes.read(path)
        try loaded.save(to: path)
        XCTAssertEqual(try FileBytes.read(path), first)
    }

    func testNetworkScoresASubsetLackingALevelAndRawData() throws {
        let (train, test) = try german()
        Tensor.seed(5)
        let net = Sequential([try Dense(units: 8, activation: .relu), try Dense(units: 1)])
        let model = FittedModel(net)
        let x = try model.features(train)
        _ = try Trainer(net: net, loss: .sigmoidBCE, optimizer: try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: 1e-2))
            .fit(try TrainingData(x: x, y: try train.labels().map(Float.init)), epochs: 2, batchSize: 64, seed: 1)
        net.training = false
        try model.save(to: path)
        let loaded = try FittedModel.load(path)
        XCTAssertEqual(try loaded.predictProbability(test), try model.predictProbability(test))
        // A subset without one purpose level still has every column.
        let purpose = Dataset.categories(try test.column("purpose"))
        let subset = try test.filter((0..<test.count).map { purpose.value($0) != "car (new)" })
        XCTAssertEqual(try loaded.features(subset).shape, [subset.count, x.shape[1]])
        XCTAssertEqual(try loaded.predict(subset), try model.predict(subset))
        // Raw (unstandardised) data is standardised with the statistics in the schema.
        let raw = try BundledDatasets.german().split(ratio: 0.7, seed: 4, stratify: ["label"]).1
        XCTAssertEqual(try loaded.predictProbability(raw), try model.predictProbability(test))
    }

    func testCorruptFilesAreErrorsNamingTheFile() throws {
        let (train, _) = try german()
        try FittedModel.fit(try LogisticRegression(), on: train).save(to: path)
        let good = try FileBytes.read(path)
        func expectError(_ bytes: [UInt8], _ words: String) throws {
            try AtomicFile.write(bytes, to: path)
            XCTAssertThrowsError(try FittedModel.load(path)) {
                XCTAssert("\($0)".contains(path) && "\($0)".contains(words), "\($0)")
            }
        }
        try expectError(Array(good.prefix(good.count - 3)), "truncated")
        try expectError(Array(good.prefix(5)), "shorter than the 8-byte header")
        var badHeader = good
        badHeader[9] = UInt8(ascii: "#")
        try expectError(badHeader, "not safetensors JSON")
        // The header edited in place (padded with spaces to its length, as the format allows).
        func editingHeader(_ from: String, _ to: String) -> [UInt8] {
            let length = Int(good[0]) | Int(good[1]) << 8
            let header = String(decoding: good[8..<(8 + length)], as: UTF8.self)
            XCTAssert(header.contains(from), header)
            var edited = Array(header.replacingOccurrences(of: from, with: to).utf8)
            edited += [UInt8](repeating: 0x20, count: max(0, length - edited.count))
            return Array(good[0..<8]) + edited + Array(good[(8 + length)...])
        }
        try expectError(editingHeader(#""version":"2""#, #""version":"9""#), "newer FairLua (model format version 9")
        try expectError(editingHeader(#"\"kind\":\"LogisticRegression\""#, #"\"kind\":\"Forest\""#), "unknown estimator kind 'Forest'")
        try expectError(editingHeader(#""dtype":"F64""#, #""dtype":"F32""#), "does not match")
        XCTAssertThrowsError(try FittedModel.load("/nonexistent/model.safetensors")) { XCTAssert("\($0)".contains("cannot open /nonexistent/model.safetensors"), "\($0)") }
    }
}
