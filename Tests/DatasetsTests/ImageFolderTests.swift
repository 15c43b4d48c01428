import Foundation
import XCTest
@testable import Datasets

/// The digits fixture (scikit-learn's 8×8 digits as PNG folders; Tests/reference/generate_images.py).
final class ImageFolderTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures").path
    let train = fixtures + "/digits/train"

    func testDigitsFolderWithManifestGroups() throws {
        let ds = try ImageFolder(directory: train, groups: .manifest("groups.csv"))
        XCTAssertEqual(ds.count, 1347)
        XCTAssertEqual(ds.classes, (0...9).map(String.init))
        XCTAssertEqual(ds.groups.levels.sorted(), ["heavy", "light"])
        XCTAssertEqual(ds.groups.codes.filter { ds.groups.levels[Int($0)] == "heavy" }.count, 666)
        XCTAssertEqual(Set(ds.labels), Set(0...9))
        // Labels follow the folders: every file under "7/" is class 7.
        for (file, label) in zip(ds.files, ds.labels) { XCTAssertTrue(file.hasPrefix("\(label)/")) }
        let raw = try ds.tensor()
        XCTAssertEqual(raw.shape, [1347, 8, 8, 1])
        XCTAssertEqual(raw.storage.max(), 255)
        let tensors = try ImageFolder(directory: train, transform: try ImagePipeline([.toTensor])).tensor()
        XCTAssertEqual(tensors.shape, [1347, 1, 8, 8])
        XCTAssertEqual(Array(tensors.storage[0..<64]), raw.storage[0..<64].map { $0 / 255 }, "first image, scaled")
        let test = try ImageFolder(directory: Self.fixtures + "/digits/test", groups: .manifest("groups.csv"))
        XCTAssertEqual(test.count, 450)
    }

    func testGroupsFromFolders() throws {
        let root = NSTemporaryDirectory() + "fairlua-folders-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (group, digit, file) in [("a", "3", "0003.png"), ("a", "5", "0005.png"), ("b", "3", "0023.png")] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(group)/\(digit)", withIntermediateDirectories: true)
            let source = try XCTUnwrap(FileManager.default.enumerator(atPath: Self.fixtures + "/digits")?.compactMap { $0 as? String }
                .first { $0.hasSuffix("/\(digit)/\(file)") })
            try FileManager.default.copyItem(atPath: Self.fixtures + "/digits/" + source, toPath: "\(root)/\(group)/\(digit)/\(file)")
        }
        let ds = try ImageFolder(directory: root, groups: .folder)
        XCTAssertEqual(ds.classes, ["3", "5"])
        XCTAssertEqual(ds.labels, [0, 1, 0])
        XCTAssertEqual((0..<3).map { ds.groups.value($0) }, ["a", "a", "b"])
    }

    func testSplitKeepsClassAndGroupShares() throws {
        let ds = try ImageFolder(directory: train, groups: .manifest("groups.csv"))
        let (a, b) = try ds.split(ratio: 0.8, seed: 1)
        XCTAssertEqual(a.count + b.count, ds.count)
        for label in 0...9 {
            let total = ds.labels.filter { $0 == label }.count, first = a.labels.filter { $0 == label }.count
            XCTAssertEqual(Double(first), Double(total) * 0.8, accuracy: 2)   // one row per (class, group) stratum
        }
        let (c, _) = try ds.split(ratio: 0.8, seed: 1)
        XCTAssertEqual(a.files, c.files)
    }

    func testBadFoldersAreErrorsNamingTheImage() throws {
        let root = NSTemporaryDirectory() + "fairlua-bad-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let images = Self.fixtures + "/images/"
        func folder(_ files: [(String, String)]) throws {
            try? FileManager.default.removeItem(atPath: root)
            for (source, target) in files {
                try FileManager.default.createDirectory(atPath: (root + "/" + target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: images + source, toPath: root + "/" + target)
            }
        }
        try folder([("gray8.png", "x/a.png"), ("wide.png", "y/b.png")])
        XCTAssertThrowsError(try ImageFolder(directory: root)) {
            XCTAssertTrue("\($0)".contains("y/b.png: is 3x6 but x/a.png is 3x4; add data.transforms.Resize"), "\($0)")
        }
        XCTAssertEqual(try ImageFolder(directory: root, transform: try ImagePipeline([.resize(height: 4, width: 4), .toTensor])).tensor().shape, [2, 1, 4, 4])
        try folder([("gray8.png", "x/a.png"), ("truncated.png", "y/b.png")])
        XCTAssertThrowsError(try ImageFolder(directory: root)) { XCTAssertTrue("\($0)".contains("y/b.png: corrupt or truncated image"), "\($0)") }
        try folder([("gray8.png", "x/a.png"), ("rgb8.png", "y/b.png")])
        XCTAssertThrowsError(try ImageFolder(directory: root)) { XCTAssertTrue("\($0)".contains("has 3 channels"), "\($0)") }
        try folder([("gray8.png", "x/a.png")])
        XCTAssertThrowsError(try ImageFolder(directory: root, groups: .manifest("groups.csv"))) { XCTAssertTrue("\($0)".contains("groups.csv"), "\($0)") }
        try "path,group\nother.png,a\n".write(toFile: root + "/groups.csv", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ImageFolder(directory: root, groups: .manifest("groups.csv"))) { XCTAssertTrue("\($0)".contains("x/a.png: not listed in the groups file"), "\($0)") }
        XCTAssertThrowsError(try ImageFolder(directory: root + "/nothing")) { XCTAssertTrue("\($0)".contains("not a folder"), "\($0)") }
        XCTAssertThrowsError(try ImageFolder(directory: root + "/x")) { XCTAssertTrue("\($0)".contains("no class folders"), "\($0)") }
    }
}
