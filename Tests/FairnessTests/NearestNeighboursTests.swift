@testable import Fairness
import XCTest

/// The k-d tree against comparing every row: the same k rows, ties to the lower row, on tied grids and sorted input.
final class NearestNeighboursTests: XCTestCase {
    /// The k nearest rows by brute force: a stable sort of (squared distance, row).
    func bruteForce(_ points: [Double], width: Int, query: [Double], k: Int) -> [Int] {
        let rows = points.count / width
        let distances = (0..<rows).map { r in (0..<width).reduce(0.0) { s, c in let e = query[c] - points[r * width + c]; return s + e * e } }
        return (0..<rows).sorted { (distances[$0], $0) < (distances[$1], $1) }.prefix(k).map { $0 }
    }

    /// Every query's neighbours equal the brute force's, row for row.
    func assertExact(_ points: [Double], width: Int, queries: [[Double]], k: Int = 5, file: StaticString = #filePath, line: UInt = #line) {
        let tree = NearestNeighbours(points: points, width: width)
        var best = [(distance: Double, row: Int)](repeating: (0, 0), count: k), stack: [(Int, Double)] = []
        for q in queries {
            q.withUnsafeBufferPointer { tree.nearest($0, into: &best, stack: &stack) }
            XCTAssertEqual(best.map(\.row), bruteForce(points, width: width, query: q, k: k), "query \(q)", file: file, line: line)
        }
    }

    func testTiedGridsGiveTheBruteForceRows() {
        var state: UInt64 = 42
        func next(_ n: Int) -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(Int(state >> 33) % n) }
        let width = 3, rows = 2000
        let points = (0..<(rows * width)).map { _ in next(7) }       // 343 cells for 2,000 rows: ties everywhere
        let queries = (0..<200).map { _ in (0..<width).map { _ in next(9) - 1 } }
        assertExact(points, width: width, queries: queries)
    }

    func testSortedReversedAndConstantColumns() {
        let rows = 500
        let sorted: [Double] = (0..<rows).flatMap { r -> [Double] in [Double(r), Double(rows - r), 1] }
        assertExact(sorted, width: 3, queries: [[0, 0, 0], [250.5, 250, 1], [1e6, -1e6, 1], [499, 1, 1]])
        assertExact([Double](repeating: 2, count: 300), width: 1, queries: [[2], [0], [5]], k: 7)
    }

    func testSelectPutsTheRankedIndexInPlace() {
        let keys: [Double] = [3, 1, 3, 0, 2, 3, 1, 0, 3, 2]
        for rank in keys.indices {
            var order = Array(keys.indices)
            NearestNeighbours.select(&order, 0..<keys.count, rank: rank) { keys[$0] }
            let expected = keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
            XCTAssertEqual(order[rank], expected[rank])
            XCTAssertEqual(Set(order[..<rank]), Set(expected[..<rank]))
        }
    }
}
