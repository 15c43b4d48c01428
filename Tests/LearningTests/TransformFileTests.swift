import Datasets
import Foundation
@testable import Learning
import Tensors
import XCTest

final class TransformFileTests: XCTestCase {
    let path = NSTemporaryDirectory() + "fairlua-transform-\(getpid()).safetensors"
    override func tearDown() { unlink(path) }

    func testStandardizeAndOneHotRoundTripBitExactly() throws {
        let (train, test) = try BundledDatasets.german().split(ratio: 0.7, seed: 2)
        let scaler = Standardizer(fitting: train)
        let encoder = FeatureEncoder(fitting: try scaler.transform(train))
        try TransformFile.save([.standardize(scaler), .oneHot(encoder)], to: path)
        let steps = try TransformFile.load(path)
        guard steps.count == 2, case let .standardize(s) = steps[0], case let .oneHot(e) = steps[1] else { return XCTFail("\(steps)") }
        XCTAssertEqual(s.statistics.map(\.column), scaler.statistics.map(\.column))
        XCTAssertEqual(s.statistics.map(\.mean), scaler.statistics.map(\.mean))
        XCTAssertEqual(s.statistics.map(\.std), scaler.statistics.map(\.std))
        XCTAssertEqual(e, encoder)
        XCTAssertEqual(try e.transform(try s.transform(test)), try encoder.transform(try scaler.transform(test)))
    }

    func testAModelFileIsNotATransformAndViceVersa() throws {
        let (train, _) = try BundledDatasets.german().split(ratio: 0.7, seed: 2)
        try TransformFile.save([.standardize(Standardizer(fitting: train))], to: path)
        XCTAssertThrowsError(try FittedModel.load(path)) { XCTAssert("\($0)".contains("\(path) is not a valid FairLua model file: it holds a data transform"), "\($0)") }
        try FittedModel.fit(try LogisticRegression(), on: train).save(to: path)
        XCTAssertThrowsError(try TransformFile.load(path)) { XCTAssert("\($0)".contains("it holds a LogisticRegression, not a data transform"), "\($0)") }
        let bytes = try FileBytes.read(path)
        try AtomicFile.write(Array(bytes.prefix(bytes.count / 2)), to: path)
        XCTAssertThrowsError(try TransformFile.load(path)) { XCTAssert("\($0)".contains("\(path) is not a valid FairLua model file"), "\($0)") }
    }
}
