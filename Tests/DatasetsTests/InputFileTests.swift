import Foundation
import XCTest
@testable import Datasets

/// gzip-compressed CSV files (written by pandas, Tests/reference/generate_interop.py) read as the plain file.
final class InputFileTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/interop").path

    func reference() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/interop_reference.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap((json["csv"] as? [String: Any])?["scored"] as? [String: Any])
    }

    func testGzipIsDetectedByItsBytesAndReadAsThePlainFile() throws {
        let expected = try reference()
        let plain = try CSVReader.read(Self.folder + "/csv/scored.csv").table
        XCTAssertEqual(plain.names, try XCTUnwrap(expected["columns"] as? [String]), "pandas' unnamed index is dropped")
        guard case let .numeric(scores) = plain.columns[2] else { return XCTFail("score is numeric") }
        XCTAssertEqual(scores, try XCTUnwrap(expected["score"] as? [Double]))
        guard case let .categorical(sex) = plain.columns[3] else { return XCTFail("sex is categorical") }
        XCTAssertEqual((0..<sex.codes.count).map { sex.value($0) ?? "" }, try XCTUnwrap(expected["sex"] as? [String]))
        for name in ["scored.csv.gz", "scored_gzip_no_suffix.csv", "scored_multimember.csv.gz", "scored_unnamed.csv"] {
            XCTAssertEqual(try CSVReader.read(Self.folder + "/csv/" + name).table, plain, name)
        }
        XCTAssertTrue(InputFile.isGzip(Self.folder + "/csv/scored_gzip_no_suffix.csv"))
        XCTAssertFalse(InputFile.isGzip(Self.folder + "/csv/scored.csv"))
    }

    func testCorruptGzipIsAnErrorNamingTheFile() {
        for (name, fragment) in [("bad_crc.csv.gz", "the CRC-32 does not match the data"), ("truncated.csv.gz", "the gzip stream is truncated")] {
            let path = Self.folder + "/bad/" + name
            XCTAssertThrowsError(try CSVReader.read(path)) { error in
                XCTAssertTrue(String(describing: error).hasPrefix("cannot read \(path): "), "\(error)")
                XCTAssertTrue(String(describing: error).contains(fragment), "\(error)")
            }
        }
    }

    func testSmallReadsOfAPlainFileAndLimits() throws {
        let file = try InputFile(Self.folder + "/csv/scored.csv")
        var first = [UInt8](repeating: 0, count: 16)
        let n = try first.withUnsafeMutableBytes { try file.read(into: $0, limit: 6) }
        XCTAssertEqual(String(decoding: first[0..<n], as: UTF8.self), ",label")
    }
}
