import Foundation
import XCTest
@testable import Tensors

/// The interop fixtures written by Tests/reference/generate_interop.py and their expected values.
enum InteropReference {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/interop").path

    /// One section of interop_reference.json ("npy", "npz", "safetensors", "csv", "bad").
    static func section(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/interop_reference.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(json[name] as? [String: Any])
    }

    /// The bad files of one kind, with the fragment their error must contain.
    static func badFiles(_ kind: String) throws -> [(path: String, error: String)] {
        try section("bad").compactMap { name, value in
            let entry = try XCTUnwrap(value as? [String: String])
            return entry["kind"] == kind ? (folder + "/bad/" + name, entry["error"] ?? "") : nil
        }.sorted { $0.path < $1.path }
    }

    /// Asserts `tensor` has the expected shape and every value exactly (NaN matches NaN).
    static func assertMatches(_ tensor: Tensor, _ expected: Any, _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let entry = try XCTUnwrap(expected as? [String: Any], label)
        XCTAssertEqual(tensor.shape, try XCTUnwrap(entry["shape"] as? [Int]), label, file: file, line: line)
        let values = try XCTUnwrap(entry["values"] as? [Any], label)
        XCTAssertEqual(tensor.storage.count, values.count, label, file: file, line: line)
        for (i, (got, want)) in zip(tensor.storage, values).enumerated() {
            let w: Float
            switch want {
            case let s as String: w = s == "nan" ? .nan : (s == "inf" ? .infinity : -.infinity)
            case let n as NSNumber: w = Float(n.doubleValue)
            default: XCTFail("\(label): bad reference value \(want)"); return
            }
            if got.isNaN && w.isNaN { continue }          // (a NaN's sign bit carries no value)
            if got != w || got.sign != w.sign {
                XCTFail("\(label)[\(i)]: got \(got), NumPy \(w)", file: file, line: line)
                return
            }
        }
    }

    /// Asserts that `body` throws an error whose message names `path` and contains `fragment`.
    static func assertRefused(_ path: String, _ fragment: String, file: StaticString = #filePath, line: UInt = #line,
                              _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), path, file: file, line: line) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.contains(path), "\(message) does not name \(path)", file: file, line: line)
            XCTAssertTrue(message.contains(fragment), "\(message) lacks '\(fragment)'", file: file, line: line)
        }
    }
}
