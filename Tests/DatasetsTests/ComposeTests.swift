@testable import Datasets
import XCTest

/// `data.transforms` from Swift: a pipeline fits each step on the previous step's output.
final class ComposeTests: XCTestCase {
    func testStandardizeThenOneHotFitsOnTheStandardisedTable() throws {
        let (train, test) = try BundledDatasets.german().split(ratio: 0.7, seed: 2)
        let pipeline = try Compose([Standardize(), OneHot()]).fitted(on: train)
        XCTAssertEqual(pipeline.summary, "Compose{Standardize, fitted, OneHot, fitted: \(FeatureEncoder(fitting: train).names.count) columns}")
        let scaler = Standardizer(fitting: train)
        let expected = try FeatureEncoder(fitting: try scaler.transform(train)).transform(try scaler.transform(test))
        guard case let .features(x) = try pipeline.apply(test) else { return XCTFail("features expected") }
        XCTAssertEqual(x, expected)
        XCTAssertEqual(try pipeline.fittedSteps().count, 2)
        XCTAssertNil(pipeline.imageSteps)
    }

    func testUnfittedImageAndMisorderedStepsAreErrors() throws {
        let ds = try BundledDatasets.german()
        XCTAssertThrowsError(try Standardize().apply(ds)) { XCTAssertEqual("\($0)", "transform: call :fit(dataset) first") }
        XCTAssertThrowsError(try OneHot().fittedSteps()) { XCTAssertEqual("\($0)", "save: call :fit(dataset) first") }
        XCTAssertThrowsError(try Compose([OneHot(), Standardize()]).fitted(on: ds)) {
            XCTAssertEqual("\($0)", "Compose: only the last step may turn a dataset into a tensor")
        }
        XCTAssertThrowsError(try Compose([ImageTransform.toTensor]).fitted(on: ds)) { XCTAssert("\($0)".hasPrefix("image transforms apply to images")) }
        XCTAssertEqual(Compose([ImageTransform.toTensor, ImageTransform.resize(height: 8, width: 8)]).imageSteps, [.toTensor, .resize(height: 8, width: 8)])
    }
}
