import XCTest
@testable import Datasets

final class ParallelCSVTests: XCTestCase {
    private let path = "/tmp/fairlua-parallel-\(getpid()).csv"

    override func tearDown() { unlink(path) }

    /// A file over the parallel threshold whose second half turns column `code` categorical and adds new levels.
    private func writeLargeFile(raggedAt ragged: Int? = nil) -> Int {
        let f = fopen(path, "w")
        fputs("id,x,group,code\r\n", f)
        let rows = 1_200_000
        for i in 0..<rows {
            let code = i < rows * 3 / 4 ? String(i % 10) : "c\(i % 3)"
            let line = i == ragged ? "\(i),1.5\n" : "\(i),\(Double(i) * 0.25 - 7),g\(i % 5 + (i > rows / 2 ? 5 : 0)),\(code)\r\n"
            fputs(line, f)
        }
        fclose(f)
        var info = stat()
        stat(path, &info)
        XCTAssertGreaterThan(Int(info.st_size), CSVReader.parallelThreshold)
        return rows
    }

    func testHalvesJoinToTheSequentialResult() throws {
        let rows = writeLargeFile()
        let parallel = try XCTUnwrap(try CSVReader.readInHalves(path, CSVOptions()))
        let sequential = try CSVReader.readSequentially(path, CSVOptions())
        XCTAssertEqual(parallel.table.rowCount, rows)
        XCTAssertEqual(parallel.table.names, ["id", "x", "group", "code"])
        for (a, b) in zip(parallel.table.columns, sequential.table.columns) {
            XCTAssertEqual((0..<rows).map { a.text($0) }, (0..<rows).map { b.text($0) })
        }
        guard case let .categorical(group) = parallel.table.columns[2] else { return XCTFail("group") }
        XCTAssertEqual(Set(group.levels).count, 10)
    }

    func testOneThreadReadsFrontToBack() throws {
        _ = writeLargeFile()
        var options = CSVOptions()
        options.threads = 1
        XCTAssertNil(try CSVReader.readInHalves(path, options))
    }

    func testErrorsInTheSecondHalfNameTheRightLine() {
        _ = writeLargeFile(raggedAt: 1_000_000)
        XCTAssertThrowsError(try CSVReader.read(path)) { error in
            XCTAssertEqual(String(describing: error), "\(path):1000002: expected 4 fields, found 2")
        }
    }
}
