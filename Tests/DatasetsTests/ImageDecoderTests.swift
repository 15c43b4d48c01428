import Foundation
import XCTest
@testable import Datasets

/// Decoded pixels against Pillow's (Tests/reference/generate_images.py wrote the files and the values).
final class ImageDecoderTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/images").path

    func reference() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/images_reference.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(json["images"] as? [String: [String: Any]])
    }

    func testEveryColourTypeAndDepthMatchesPillow() throws {
        let cases = try reference()
        XCTAssertEqual(cases.count, 10)
        for (name, expected) in cases {
            let image = try ImageDecoder.decode(file: Self.folder + "/" + name)
            XCTAssertEqual(image.height, expected["height"] as? Int, name)
            XCTAssertEqual(image.width, expected["width"] as? Int, name)
            XCTAssertEqual(image.channels, expected["channels"] as? Int, name)
            XCTAssertEqual(image.maxValue, expected["bit_depth"] as? Int == 16 ? 65535 : 255, name)
            let pixels = try XCTUnwrap(expected["pixels"] as? [Int])
            XCTAssertEqual(image.values.count, pixels.count, name)
            // Both sides use libjpeg-turbo's default (islow DCT, fancy upsampling), so JPEGs agree exactly too.
            XCTAssertEqual(image.values, pixels.map(Float.init), name)
        }
    }

    func testBrokenFilesAreErrorsNamingTheFile() {
        for (name, reason) in [("truncated.png", "corrupt or truncated image"), ("truncated.jpg", "corrupt or truncated image"),
                               ("garbage.png", "not a PNG or JPEG file"), ("missing.png", "cannot open")] {
            let path = Self.folder + "/" + name
            XCTAssertThrowsError(try ImageDecoder.decode(file: path), name) { error in
                XCTAssertTrue("\(error)".contains(path), "\(error)")
                XCTAssertTrue("\(error)".contains(reason), "\(error)")
            }
        }
        XCTAssertThrowsError(try ImageDecoder.decode([], name: "empty.png")) { XCTAssertTrue("\($0)".contains("not a PNG or JPEG")) }
    }
}
