import XCTest
@testable import Tensors

final class NpyTests: XCTestCase {
    /// A .npy 1.0 file as NumPy writes it, for `descr`, `shape` and the raw little-endian payload.
    private func npy(_ descr: String, _ shape: String, _ payload: [UInt8], fortran: Bool = false) -> [UInt8] {
        var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8) + payload
    }

    private func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    func testReadsEveryInputType() throws {
        XCTAssertEqual(try Npy.decode(npy("<f8", "(2, 2)", bytes([1.5, -2.0, 3.25, 4.0] as [Double])), name: "f").storage, [1.5, -2, 3.25, 4])
        XCTAssertEqual(try Npy.decode(npy("<i8", "(3,)", bytes([7, -1, 300] as [Int64])), name: "i").storage, [7, -1, 300])
        XCTAssertEqual(try Npy.decode(npy("<i4", "(2,)", bytes([5, 6] as [Int32])), name: "i").storage, [5, 6])
        XCTAssertEqual(try Npy.decode(npy("|b1", "(3,)", [1, 0, 1]), name: "b").storage, [1, 0, 1])
        XCTAssertEqual(try Npy.decode(npy("|u1", "(2,)", [255, 3]), name: "u").storage, [255, 3])
        XCTAssertEqual(try Npy.decode(npy("<f4", "()", bytes([2.5] as [Float])), name: "s").shape, [])
    }

    func testRoundTrip() throws {
        let t = try Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6.5])
        let back = try Npy.decode(Npy.encode(t), name: "t")
        XCTAssertEqual(back.shape, [2, 3])
        XCTAssertEqual(back.storage, t.storage)
        XCTAssertEqual(Npy.encode(t).count % 64, (6 * 4) % 64, "the header is padded to 64 bytes")
    }

    func testBadFilesAreClearErrors() {
        XCTAssertThrowsError(try Npy.decode(Array("hello world".utf8), name: "x.npy")) { e in
            XCTAssertEqual(String(describing: e), "x.npy: not a .npy file (bad magic)")
        }
        XCTAssertThrowsError(try Npy.decode(npy("<f8", "(4,)", bytes([1.0] as [Double])), name: "t.npy")) { e in
            XCTAssertEqual(String(describing: e), "t.npy: truncated: 4 values of 8 bytes expected, 8 bytes found")
        }
        XCTAssertThrowsError(try Npy.decode(npy("<c8", "(1,)", [0, 0, 0, 0, 0, 0, 0, 0]), name: "c.npy"))
        XCTAssertThrowsError(try Npy.decode(npy("<f4", "(1,)", [0, 0, 0, 0], fortran: true), name: "f.npy"))
    }
}
