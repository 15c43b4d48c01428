import Foundation
import XCTest
@testable import Tensors

final class SafetensorsTests: XCTestCase {
    func testFilesFromPyTorchAndSafetensorsMatchTheirValues() throws {
        let cases = try InteropReference.section("safetensors")
        XCTAssertEqual(cases.count, 3)
        for (file, tensors) in cases {
            let loaded = try Safetensors.load(InteropReference.folder + "/safetensors/" + file)
            let expected = try XCTUnwrap(tensors as? [String: Any])
            XCTAssertEqual(Set(loaded.map(\.name)), Set(expected.keys), file)
            for (name, tensor) in loaded { try InteropReference.assertMatches(tensor, expected[name] as Any, "\(file):\(name)") }
        }
    }

    func testHostileHeadersAreErrorsNamingTheFile() throws {
        let bad = try InteropReference.badFiles("safetensors")
        XCTAssertEqual(bad.count, 12)
        for (path, fragment) in bad { InteropReference.assertRefused(path, fragment) { _ = try Safetensors.load(path) } }
    }

    func testWritesF32ThatReadsBackWithPaddedHeader() throws {
        let a = try Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6]), b = Tensor(scalar: -1)
        let bytes = Safetensors.encode([("a", a), ("b\"q", b)])
        let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        XCTAssertEqual(length % 8, 0)
        XCTAssertEqual(String(decoding: bytes[8..<(8 + length)], as: UTF8.self).trimmingCharacters(in: .whitespaces),
                       #"{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b\"q":{"dtype":"F32","shape":[],"data_offsets":[24,28]}}"#)
        let back = try bytes.withUnsafeBytes { try Safetensors.decode($0, name: "m") }
        XCTAssertEqual(back.map(\.name), ["a", "b\"q"])
        XCTAssertEqual(back[0].tensor.storage, a.storage)
        XCTAssertEqual(back[1].tensor.shape, [])
    }
}
