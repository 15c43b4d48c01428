import XCTest
@testable import Datasets

final class ImageTransformTests: XCTestCase {
    /// A 2 × 2 two-channel image: channel 0 is [[0, 10], [20, 30]], channel 1 is 255 minus it.
    let image = try! Image(height: 2, width: 2, channels: 2, values: [0, 255, 10, 245, 20, 235, 30, 225])

    func testToTensorReordersAndScales() throws {
        let t = try ImagePipeline([.toTensor]).apply(image, name: "x")
        XCTAssertEqual(t.layout, .chw)
        XCTAssertEqual(t.shape, [2, 2, 2])
        XCTAssertEqual(t.values, [0, 10, 20, 30, 255, 245, 235, 225].map { $0 / 255 })
    }

    func testNormalizePerChannel() throws {
        let t = try ImagePipeline([.toTensor, .normalize(mean: [0.5, 0], std: [0.5, 2])]).apply(image, name: "x")
        XCTAssertEqual(t.values[0], -1, accuracy: 1e-6)
        XCTAssertEqual(t.values[3], (30 / 255 - 0.5) / 0.5, accuracy: 1e-6)
        XCTAssertEqual(t.values[4], 0.5, accuracy: 1e-6)
    }

    func testBilinearResizeWithHalfPixelCentres() throws {
        let t = try ImagePipeline([.resize(height: 4, width: 4)]).apply(image, name: "x")
        // Source coordinates (i + 0.5) / 2 − 0.5 clamped: 0, 0.25, 0.75, 1.
        let channel0 = stride(from: 0, to: 32, by: 2).map { t.values[$0] }
        XCTAssertEqual(channel0, [0, 2.5, 7.5, 10, 5, 7.5, 12.5, 15, 15, 17.5, 22.5, 25, 20, 22.5, 27.5, 30])
        XCTAssertEqual(try ImagePipeline([.resize(height: 1, width: 1)]).apply(image, name: "x").values, [15, 240])
    }

    func testFlipIsSeededAndReproducible() throws {
        let flipped = image.flippedHorizontally()
        XCTAssertEqual(flipped.values, [10, 245, 0, 255, 30, 225, 20, 235])
        func draws(_ seed: UInt64) throws -> [Bool] {
            let p = try ImagePipeline([.randomHorizontalFlip(p: 0.5, seed: seed)])
            return try (0..<32).map { _ in try p.apply(image, name: "x") == flipped }
        }
        XCTAssertEqual(try draws(3), try draws(3))
        XCTAssertNotEqual(try draws(3), try draws(4))
        XCTAssertEqual(try ImagePipeline([.randomHorizontalFlip(p: 1, seed: 0)]).apply(image, name: "x"), flipped)
    }

    func testInvalidStepsAreRefused() {
        XCTAssertThrowsError(try ImagePipeline([.normalize(mean: [0.5], std: [0.5])])) { XCTAssertTrue("\($0)".contains("ToTensor() before Normalize")) }
        XCTAssertThrowsError(try ImagePipeline([.toTensor, .normalize(mean: [0.5], std: [0])]))
        XCTAssertThrowsError(try ImagePipeline([.toTensor, .normalize(mean: [0.5, 0.5], std: [1])]))
        XCTAssertThrowsError(try ImagePipeline([.resize(height: 0, width: 3)]))
        XCTAssertThrowsError(try ImagePipeline([.randomHorizontalFlip(p: 1.5, seed: 0)]))
        XCTAssertThrowsError(try ImagePipeline([.toTensor, .normalize(mean: [0, 0, 0], std: [1, 1, 1])]).apply(image, name: "two.png")) {
            XCTAssertTrue("\($0)".contains("two.png: Normalize has 3 means but the image has 2 channels"), "\($0)")
        }
    }
}
