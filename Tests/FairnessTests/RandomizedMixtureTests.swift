import Datasets
@testable import Fairness
import Foundation
import Learning
import Tensors
import XCTest

/// The reductions' mixtures saved and loaded without Lua: probabilities and seeded draws bit-exact.
final class RandomizedMixtureTests: XCTestCase {
    let path = NSTemporaryDirectory() + "fairlua-mixture-\(getpid()).safetensors"
    override func tearDown() { unlink(path) }

    func testExponentiatedGradientAndGridSearchRoundTrip() throws {
        let german = try BundledDatasets.german()
        let (train, test) = try german.split(ratio: 0.7, seed: 3)
        let scaler = Standardizer(fitting: train)
        let (fit, held) = (try scaler.transform(train), try scaler.transform(test))
        let encoder = FeatureEncoder(fitting: fit)
        func x(_ ds: Dataset) throws -> Tensor {
            let m = try encoder.transform(ds)
            return try Tensor(shape: [m.rows, m.names.count], storage: m.values)
        }
        let y = try fit.labels().map(Double.init), groups = try GroupIndex(fit, sensitive: "sex")
        let eg = try ExponentiatedGradient(estimator: try LogisticRegression(), constraint: .parity(.demographicParity, differenceBound: 0.02), eps: 0.02)
        try eg.fit(try x(fit), y, groups: groups)
        let gs = try GridSearch(estimator: try LogisticRegression(), constraint: .parity(.demographicParity, differenceBound: 0.02), gridSize: 5)
        try gs.fit(try x(fit), y, groups: groups)
        for model in [eg, gs] as [Classifier] {
            try FittedModel(model, encoder: encoder).save(to: path)
            let loaded = try FittedModel.load(path, loader: .fairness)
            XCTAssertEqual(try loaded.predictProbability(held), try model.predictProbability(try x(held)))
            XCTAssertEqual(try loaded.predict(held, seed: 7), try model.decisions(try x(held), seed: 7))
        }
        XCTAssertGreaterThan(eg.predictors.count, 1)
        XCTAssertNotEqual(try eg.predict(try x(held), seed: 1), try eg.predict(try x(held), seed: 2))
        // Truncated and newer-version mixture files are errors naming the file.
        try FittedModel(eg, encoder: encoder).save(to: path)
        let good = try FileBytes.read(path)
        try AtomicFile.write(Array(good.dropLast(9)), to: path)
        XCTAssertThrowsError(try FittedModel.load(path, loader: .fairness)) { XCTAssert("\($0)".contains("\(path) is not a valid FairLua model file"), "\($0)") }
        let length = Int(good[0]) | Int(good[1]) << 8
        let header = String(decoding: good[8..<(8 + length)], as: UTF8.self).replacingOccurrences(of: #""version":"2""#, with: #""version":"3""#)
        try AtomicFile.write(Array(good[0..<8]) + Array(header.utf8) + Array(good[(8 + length)...]), to: path)
        XCTAssertThrowsError(try FittedModel.load(path, loader: .fairness)) { XCTAssert("\($0)".contains("newer FairLua (model format version 3"), "\($0)") }
        // Without the Fairness kinds the mixture is unknown.
        try AtomicFile.write(good, to: path)
        XCTAssertThrowsError(try FittedModel.load(path)) { XCTAssert("\($0)".contains("unknown estimator kind 'RandomizedMixture'"), "\($0)") }
    }
}
