import Foundation
import XCTest
@testable import Tensors

final class NpzTests: XCTestCase {
    func testStoredAndCompressedArchivesMatchNumPy() throws {
        let cases = try InteropReference.section("npz")
        XCTAssertEqual(cases.count, 2)
        for (file, arrays) in cases {
            let loaded = try Npz.load(InteropReference.folder + "/npz/" + file)
            let expected = try XCTUnwrap(arrays as? [String: Any])
            XCTAssertEqual(Set(loaded.map(\.name)), Set(expected.keys), file)
            for (name, tensor) in loaded { try InteropReference.assertMatches(tensor, expected[name] as Any, "\(file):\(name)") }
        }
    }

    func testCorruptArchivesAreErrorsNamingTheFile() throws {
        let bad = try InteropReference.badFiles("npz")
        XCTAssertEqual(bad.count, 3)
        for (path, fragment) in bad { InteropReference.assertRefused(path, fragment) { _ = try Npz.load(path) } }
    }

    func testSaveWritesAStoredArchiveThatReadsBack() throws {
        let path = NSTemporaryDirectory() + "/fairlua-npz-\(getpid()).npz"
        defer { unlink(path) }
        let a = try Tensor(shape: [2, 2], storage: [1, -2, 3.5, 4]), b = Tensor(scalar: 7)
        try Npz.save([("b", b), ("a", a)], to: path)
        let back = try Npz.load(path)
        XCTAssertEqual(back.map(\.name), ["a", "b"], "names are sorted")
        XCTAssertEqual(back[0].tensor.storage, a.storage)
        XCTAssertEqual(back[1].tensor.shape, [])
    }

    func testZipWithALongCommentAndForeignMembers() throws {
        var archive = try ZipArchive.stored([.init(name: "notes.txt", bytes: Array("hi".utf8))], name: "z")
        archive[archive.count - 2] = 3                  // a 3-byte comment follows the end record
        archive += Array("abc".utf8)
        let path = NSTemporaryDirectory() + "/fairlua-npz-foreign-\(getpid()).npz"
        defer { unlink(path) }
        try Data(archive).write(to: URL(fileURLWithPath: path))
        InteropReference.assertRefused(path, "member 'notes.txt' is not a .npy array") { _ = try Npz.load(path) }
    }
}
