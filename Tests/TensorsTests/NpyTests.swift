import XCTest
@testable import Tensors

final class NpyTests: XCTestCase {
    /// A .npy 1.0 file as NumPy writes it, for `descr`, `shape` and the raw payload.
    private func npy(_ descr: String, _ shape: String, _ payload: [UInt8], fortran: Bool = false) -> [UInt8] {
        var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8) + payload
    }

    private func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    func testEveryFileNumPyWroteMatchesItsValues() throws {
        let cases = try InteropReference.section("npy")
        XCTAssertGreaterThanOrEqual(cases.count, 50)
        for (name, expected) in cases.sorted(by: { $0.key < $1.key }) {
            var warnings: [String] = []
            let t = try Npy.load(InteropReference.folder + "/npy/" + name) { warnings.append($0) }
            try InteropReference.assertMatches(t, expected, name)
            let warn = try XCTUnwrap((expected as? [String: Any])?["warning"] as? Bool)
            XCTAssertEqual(!warnings.isEmpty, warn, "\(name): \(warnings)")
        }
    }

    func testPrecisionWarningNamesTheFirstChangedId() throws {
        var warnings: [String] = []
        _ = try Npy.load(InteropReference.folder + "/npy/ids_float64.npy") { warnings.append($0) }
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("2 float64 integers above 2^24 are not exact in Float32 (the first, 16777217, became 16777216)"), warnings[0])
    }

    func testBadAndRefusedFilesAreErrorsNamingTheFile() throws {
        let bad = try InteropReference.badFiles("npy")
        XCTAssertGreaterThanOrEqual(bad.count, 14)
        for (path, fragment) in bad {
            InteropReference.assertRefused(path, fragment) { _ = try Npy.load(path) }
        }
        InteropReference.assertRefused(InteropReference.folder + "/bad/object.npy", "np.save(path, arr.astype(np.float32))") {
            _ = try Npy.load(InteropReference.folder + "/bad/object.npy")
        }
    }

    func testFortranOrderIsTransposedIntoRowMajor() throws {
        // NumPy's np.asfortranarray([[1, 2, 3], [4, 5, 6]]) stores the columns: 1 4 2 5 3 6.
        let t = try Npy.decode(npy("<f4", "(2, 3)", bytes([1, 4, 2, 5, 3, 6] as [Float]), fortran: true), name: "f")
        XCTAssertEqual(t.shape, [2, 3])
        XCTAssertEqual(t.storage, [1, 2, 3, 4, 5, 6])
        // a tall matrix larger than one 32 x 32 tile
        let rows = 70, cols = 45
        let columns = (0..<(rows * cols)).map { Float(($0 % rows) * cols + $0 / rows) }
        let big = try Npy.decode(npy("<f4", "(\(rows), \(cols))", bytes(columns), fortran: true), name: "big")
        XCTAssertEqual(big.storage, (0..<(rows * cols)).map(Float.init))
    }

    func testReadsInputTypesByHand() throws {
        XCTAssertEqual(try Npy.decode(npy("<i8", "(3,)", bytes([7, -1, 300] as [Int64])), name: "i").storage, [7, -1, 300])
        XCTAssertEqual(try Npy.decode(npy(">i2", "(2,)", [0xFF, 0xFE, 0x01, 0x00]), name: "i").storage, [-2, 256])
        XCTAssertEqual(try Npy.decode(npy("|b1", "(3,)", [1, 0, 1]), name: "b").storage, [1, 0, 1])
        XCTAssertEqual(try Npy.decode(npy("<f2", "(1,)", [0x00, 0x3C]), name: "h").storage, [1])
        XCTAssertEqual(try Npy.decode(npy("<f4", "()", bytes([2.5] as [Float])), name: "s").shape, [])
    }

    func testWritesFloat32Int64AndBool() throws {
        let t = try Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6.5])
        let back = try Npy.decode(Npy.encode(t), name: "t")
        XCTAssertEqual(back.shape, [2, 3])
        XCTAssertEqual(back.storage, t.storage)
        XCTAssertEqual(try Npy.encode(t).count % 64, (6 * 4) % 64, "the header is padded to 64 bytes")
        let ints = try Tensor(shape: [3], storage: [-3, 0, 16777216])
        let int64 = try Npy.encode(ints, as: .int64)
        XCTAssertTrue(String(decoding: int64[10..<60], as: UTF8.self).contains("'<i8'"))
        XCTAssertEqual(Array(int64.suffix(8)), [0, 0, 0, 1, 0, 0, 0, 0])
        XCTAssertEqual(try Npy.decode(int64, name: "i").storage, [-3, 0, 16777216])
        XCTAssertEqual(try Npy.decode(Npy.encode(t, as: .bool), name: "b").storage, [1, 1, 1, 1, 1, 1])
        XCTAssertThrowsError(try Npy.encode(t, as: .int64, name: "x.npy")) { e in
            XCTAssertEqual(String(describing: e), "x.npy: value 6.5 at position 6 is not an integer; int64 holds only integers")
        }
        XCTAssertThrowsError(try Npy.save(t, to: "/tmp/never.npy", dtype: "float16")) { e in
            XCTAssertEqual(String(describing: e), "save: dtype 'float16' is not written; use float32, int64 or bool")
        }
    }

    func testBadBytesAreClearErrors() {
        XCTAssertThrowsError(try Npy.decode(Array("hello world".utf8), name: "x.npy")) { e in
            XCTAssertEqual(String(describing: e), "x.npy: not a .npy file (bad magic)")
        }
        XCTAssertThrowsError(try Npy.decode(npy("<f8", "(4,)", bytes([1.0] as [Double])), name: "t.npy")) { e in
            XCTAssertEqual(String(describing: e), "t.npy: truncated: 4 values of 8 bytes expected, 8 bytes found")
        }
        XCTAssertThrowsError(try Npy.decode(npy("<c8", "(1,)", [0, 0, 0, 0, 0, 0, 0, 0]), name: "c.npy")) { e in
            XCTAssertTrue(String(describing: e).hasPrefix("c.npy: holds dtype '<c8' (complex numbers)"))
        }
        XCTAssertThrowsError(try Npy.decode(npy("<f4", "(1,", [0, 0, 0, 0]), name: "p.npy")) { e in
            XCTAssertTrue(String(describing: e).hasPrefix("p.npy: unreadable header"))
        }
    }

    func testMemoryMapsLargeFiles() throws {
        let n = MappedFile.threshold / 4 + 16
        let t = try Tensor(shape: [n], storage: (0..<n).map { Float($0 % 1000) })
        let path = NSTemporaryDirectory() + "/fairlua-npy-mapped-\(getpid()).npy"
        defer { unlink(path) }
        try Npy.save(t, to: path)
        let back = try Npy.load(path)
        XCTAssertEqual(back.storage, t.storage)
    }
}
