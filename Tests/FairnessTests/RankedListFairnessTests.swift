@testable import Fairness
import Foundation
import XCTest

final class RankedListFairnessTests: XCTestCase {
    /// AIF360 0.6.1's discounted_cum_gain (plain, normalized) and infeasible_index, and exposure, relevance and each
    /// group's NDCG from their formulas, on four seeded lists (Tests/reference/generate_ranked_list.py), to 1e-9.
    func testMatchesAIF360AndTheFormulas() throws {
        let path = Reference.directory + "/../fixtures/ranking/ranked_list_reference.json"
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: try XCTUnwrap(FileManager.default.contents(atPath: path))) as? [String: Any])
        let cases = try XCTUnwrap(doc["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 4)
        for c in cases {
            let seed = "seed \(c["seed"] ?? "?")"
            let r = try RankedListFairness(scores: try XCTUnwrap(c["scores"] as? [Double]), relevance: try XCTUnwrap(c["relevance"] as? [Double]),
                                           codes: try XCTUnwrap(c["groups"] as? [Int]), groups: ["0", "1"],
                                           target: try XCTUnwrap(c["target"] as? [Double]), depth: c["depth"] as? Int)
            XCTAssertEqual(r.dcg, try XCTUnwrap(c["dcg"] as? Double), accuracy: 1e-9, seed)
            XCTAssertEqual(r.ndcg, try XCTUnwrap(c["ndcg"] as? Double), accuracy: 1e-9, seed)
            XCTAssertEqual(r.infeasibleIndex, c["infeasible_index"] as? Int, seed)
            XCTAssertEqual(r.infeasiblePositions, c["infeasible_positions"] as? [Int], seed)
            for (name, mine) in [("exposure", r.exposure), ("mean_relevance", r.relevance), ("exposure_to_relevance", r.exposureToRelevance), ("group_ndcg", r.groupNDCG)] {
                let expected = try XCTUnwrap(c[name] as? [Double])
                for g in 0..<2 { XCTAssertEqual(mine[g], expected[g], accuracy: 1e-9, "\(seed) \(name)") }
            }
        }
    }

    /// A ranking needs an order, relevance and groups: ties, a negative relevance and a bad target are errors.
    func testBadInput() throws {
        func fails(_ message: String, _ f: () throws -> Void) {
            XCTAssertThrowsError(try f()) { XCTAssert("\($0)".contains(message), "\($0)") }
        }
        fails("rows 1 and 3 share the score 0.5") { _ = try RankedListFairness(scores: [0.5, 0.9, 0.5], relevance: [1, 0, 1], codes: [0, 1, 0], groups: ["a", "b"]) }
        fails("relevance at row 2 must be a finite number ≥ 0") { _ = try RankedListFairness(scores: [1, 2], relevance: [1, -1], codes: [0, 1], groups: ["a", "b"]) }
        fails("relevance has 1") { _ = try RankedListFairness(scores: [1, 2], relevance: [1], codes: [0, 1], groups: ["a", "b"]) }
        fails("must sum to 1") { _ = try RankedListFairness(scores: [1, 2], relevance: [1, 0], codes: [0, 1], groups: ["a", "b"], target: [0.5, 0.6]) }
        fails("depth must be at least 1") { _ = try RankedListFairness(scores: [1, 2], relevance: [1, 0], codes: [0, 1], groups: ["a", "b"], depth: 0) }
        fails("the list is empty") { _ = try RankedListFairness(scores: [], relevance: [], codes: [], groups: ["a"]) }
    }

    /// A group with no relevance but some exposure has an infinite exposure-to-relevance; the ratio is then NaN.
    func testZeroRelevanceGroup() throws {
        let r = try RankedListFairness(scores: [3, 2, 1], relevance: [1, 0, 1], codes: [0, 1, 0], groups: ["a", "b"])
        XCTAssertEqual(r.exposureToRelevance[1], .infinity)
        XCTAssertTrue(r.exposureToRelevanceRatio.isNaN)
        XCTAssertNil(r.infeasibleIndex)
        XCTAssertEqual(r.exposure[1], 1 / log2(3.0), accuracy: 1e-12)
    }

    func testFindingsFollowTheFourFifthsRuleAndTheTargets() throws {
        // 60 items: group a's 30 fill the top, group b's 30 the bottom, every item relevance 1.
        let codes = (0..<60).map { $0 < 30 ? 0 : 1 }
        let scores = (0..<60).map { Double(60 - $0) }, relevance = [Double](repeating: 1, count: 60)
        let r = try RankedListFairness(scores: scores, relevance: relevance, codes: codes, groups: ["a", "b"], target: [0.5, 0.5])
        let f = r.findings(minimumSize: 30)
        XCTAssertEqual(f.map(\.rule), ["four-fifths rule", "infeasible index"])
        XCTAssertEqual(f[0].evidence.value, r.exposureToRelevanceRatio, accuracy: 1e-12)
        XCTAssertTrue(f[0].message.contains("exposure-per-relevance ratio"), f[0].message)
        XCTAssertEqual(f[1].evidence.value, Double(try XCTUnwrap(r.infeasibleIndex)))
        // Groups under the minimum size are left out; an interleaved list at its targets finds nothing.
        XCTAssertEqual(r.findings(minimumSize: 31).map(\.rule), ["infeasible index"])
        let fair = try RankedListFairness(scores: scores, relevance: relevance, codes: (0..<60).map { $0 % 2 }, groups: ["a", "b"], target: [0.5, 0.5])
        XCTAssertEqual(fair.findings(minimumSize: 30).map(\.rule), [])
    }
}
