import Fairness
import XCTest

/// skew@k, NDKL and exposure against their formulas (Tests/reference/generate_ranking.py).
final class RankingMeasuresTests: XCTestCase {
    func testMeasuresEqualTheReferenceFormulas() throws {
        for c in FairRankingTests.cases {
            let names = (0..<c.target.count).map { "g\($0)" }
            let m = try RankingMeasures(ranked: c.expected.map { c.groups[$0] }, groups: names, target: c.target, skewAt: 10)
            XCTAssertEqual(m.ndkl, c.ndkl, accuracy: 1e-12)
            for (a, b) in zip(m.skew, c.skew) where b.isFinite { XCTAssertEqual(a, b, accuracy: 1e-12) }
            for (a, b) in zip(m.exposurePerItem, c.exposurePerItem) { XCTAssertEqual(a, b, accuracy: 1e-12) }
            for (a, b) in zip(m.exposureShare, c.exposureShare) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        }
    }

    func testAGroupAbsentFromThePrefixHasSkewMinusInfinity() throws {
        let m = try RankingMeasures(ranked: [0, 0, 1], groups: ["a", "b"], target: [0.5, 0.5], skewAt: 2)
        XCTAssertEqual(m.skew[1], -.infinity)
        XCTAssertEqual(m.skew[0], log(2), accuracy: 1e-15)
        XCTAssertEqual(m.counts, [2, 1])
        XCTAssertThrowsError(try RankingMeasures(ranked: [0, 2], groups: ["a", "b"], target: [0.5, 0.5]))
        XCTAssertThrowsError(try RankingMeasures(ranked: [0], groups: ["a", "b"], target: [0.5, 0.5], skewAt: 0))
    }
}
