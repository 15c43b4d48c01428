import Foundation
import Tensors
import XCTest
@testable import Datasets

/// Reading a CSV file reports its bytes to the host's progress: plain files by size, gzip files by compressed
/// bytes (they reported nothing), pipes with no total (they reported nothing).
final class ReadProgressTests: XCTestCase {
    final class Recorder: ProgressHook.Display {
        var done: [Int] = []
        var finished = false
        func update(_ done: Int, status: String) { self.done.append(done) }
        func finish() { finished = true }
    }

    override func tearDown() { ProgressHook.start = nil }

    func testGzipFilesReportCompressedBytesAndPipesHaveNoTotal() throws {
        var made: [(label: String, total: Int, recorder: Recorder)] = []
        ProgressHook.start = { label, total in
            let r = Recorder()
            made.append((label, total, r))
            return r
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("readprogress-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SystemRandomNumberGenerator()
        let rows = (0..<200_000).map { _ in "\(Int.random(in: 0...1, using: &rng)),\(Int.random(in: 0...9, using: &rng))\n" }.joined()
        try ("a,b\n" + rows).write(toFile: dir + "/big.csv", atomically: true, encoding: .utf8)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", dir + "/big.csv"]
        try gzip.run()
        gzip.waitUntilExit()
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: dir + "/big.csv.gz")[.size] as? Int)
        XCTAssertGreaterThan(size, ReadProgress.minimumSize / 8)
        XCTAssertEqual(try CSVReader.read(dir + "/big.csv.gz").table.rowCount, 200_000)
        let read = try XCTUnwrap(made.first)
        XCTAssertEqual(read.label, "reading big.csv.gz")
        XCTAssertEqual(read.total, size)
        XCTAssertEqual(read.recorder.done.last, size, "the last report is every compressed byte")
        XCTAssertTrue(read.recorder.finished)
        made = []
        XCTAssertNil(ReadProgress.start(dir + "/big.csv", end: 1000), "a small read shows nothing")
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]); close(fds[1]) }
        _ = ReadProgress.start("/proc/self/fd/\(fds[0])", end: nil)
        XCTAssertEqual(made.first?.label, "reading \(fds[0]) (bytes)")
        XCTAssertEqual(made.first?.total, 0, "a pipe has no total")
    }
}
