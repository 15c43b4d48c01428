import Datasets
import Fairness
import Learning
import XCTest

final class RankedSelectionTests: XCTestCase {
    static func groups(_ codes: [Int32], _ levels: [String] = ["a", "b"]) throws -> GroupIndex {
        try GroupIndex(features: [(name: "g", levels: levels, codes: codes)])
    }

    /// By hand: training shares a 3/4, b 1/4 and 2 of 4 training scores ≥ 0.5 give a half; on 8 new rows the 4
    /// selected are a's best 3 and b's best 1 (every prefix of DetConstSort's shortlist meets ⌊k·p⌋).
    func testSelectsEachGroupsBestRowsInItsTrainingShare() throws {
        var s = try RankedSelection()
        try s.fit(scores: [0.9, 0.6, 0.2, 0.1], labels: [1, 1, 0, 0], groups: try Self.groups([0, 0, 0, 1]))
        XCTAssertEqual(s.target, ["a": 0.75, "b": 0.25])
        XCTAssertEqual(s.selected, 0.5)
        let scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]
        let groups = try Self.groups([1, 1, 1, 0, 0, 0, 0, 1])
        XCTAssertEqual(try s.predict(scores: scores, groups: groups, seed: 0), [1, 0, 0, 1, 1, 1, 0, 0])
        XCTAssertEqual(try s.probabilities(scores: scores, groups: groups), [1, 0, 0, 1, 1, 1, 0, 0])
    }

    /// Through mitigate on Adult: the shortlist is `share` of the test rows, each group gets at least ⌊k·p⌋ of it
    /// (p its training share), and within a group the selected rows are its best-scored ones.
    func testMitigateShortlistsTheTestRowsInTheTrainingShares() throws {
        let (train, test) = try MitigateTests.data()
        let baseline = try FittedModel.fit(try LogisticRegression(), on: train)
        let metrics = try ["accuracy", "selection_rate"].map { try XCTUnwrap(Metrics.builtIn($0)) }
        let c = try Mitigation.mitigate("fair_ranking", options: ["share": .number(0.2)], baseline: baseline, train: train, test: test, metrics: metrics)
        let decisions = c.after.data.yPred, scores = try baseline.probabilities(test)
        let k = decisions.filter { $0 == 1 }.count
        XCTAssertEqual(k, Int((0.2 * Double(test.count)).rounded()))
        let (trainGroups, testGroups) = (try GroupIndex(train, sensitive: "sex"), try GroupIndex(test, sensitive: "sex"))
        for (g, name) in testGroups.names.enumerated() {
            let share = Double(trainGroups.codes.filter { trainGroups.names[Int($0)] == name }.count) / Double(train.count)
            let rows = testGroups.codes.indices.filter { testGroups.codes[$0] == Int32(g) }
            let chosen = rows.filter { decisions[$0] == 1 }
            XCTAssertGreaterThanOrEqual(chosen.count, Int((Double(k) * share).rounded(.down)), name)
            let best = rows.sorted { scores[$0] > scores[$1] }.prefix(chosen.count)
            XCTAssertEqual(Set(chosen.map { scores[$0] }), Set(best.map { scores[$0] }), name)
        }
        XCTAssertThrowsError(try c.model()) { XCTAssert("\($0)".contains("no model of its own"), "\($0)") }
        XCTAssertThrowsError(try RankedSelection(share: 0)) { XCTAssert("\($0)".contains("share must be in (0, 1]"), "\($0)") }
        var s = try RankedSelection()
        XCTAssertThrowsError(try s.probabilities(scores: [0.5], groups: try Self.groups([0]))) { XCTAssert("\($0)".contains("call fit first"), "\($0)") }
        try s.fit(scores: [0.9, 0.1], labels: [1, 0], groups: try Self.groups([0, 0], ["a"]))
        XCTAssertThrowsError(try s.predict(scores: [0.5], groups: try Self.groups([0], ["z"]), seed: 0)) {
            XCTAssert("\($0)".contains("group 'z' was not seen when fitting"), "\($0)")
        }
    }
}
