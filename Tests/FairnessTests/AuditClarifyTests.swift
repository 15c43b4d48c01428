import Datasets
import Fairness
import Foundation
import XCTest

/// `fairlua audit --clarify`: Clarify's measures from the streamed counts equal those of the dataset path.
final class AuditClarifyTests: XCTestCase {
    /// Deterministic rows: label, decision, sex (two values) and race (three), decisions skewed by sex.
    static func rows(_ n: Int) -> (y: [Double], p: [Double], sex: [String], race: [String]) {
        var rng = SystemRandomNumberGenerator.Seeded(3)
        var out: (y: [Double], p: [Double], sex: [String], race: [String]) = ([], [], [], [])
        for _ in 0..<n {
            let sex = rng.below(3) == 0 ? "F" : "M", race = ["a", "b", "c"][rng.below(3)]
            let y = rng.below(10) < (sex == "M" ? 4 : 2) ? 1.0 : 0.0
            let p = rng.below(10) < (y == 1 ? 7 : 1) + (sex == "M" ? 1 : 0) ? 1.0 : 0.0
            out.y.append(y); out.p.append(p); out.sex.append(sex); out.race.append(race)
        }
        return out
    }

    func testStreamedCountsGiveTheDatasetsMeasures() throws {
        let r = Self.rows(2000)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-clarify-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lines = r.y.indices.map { "\(Int(r.y[$0])),\(Int(r.p[$0])),\(r.sex[$0]),\(r.race[$0])" }
        try (["y,p,sex,race"] + lines).map { $0 + "\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
        let options = Audit.Options(label: "y", prediction: "p", sensitive: ["sex", "race"], metrics: ["selection_rate"])
        let base = try Audit(path: path, options: options, metric: { try XCTUnwrap(Metrics.builtIn($0)) })
        let audit = base.clarifying(label: "y", labelValues: "1")
        XCTAssertEqual(audit.clarify.map { "\($0.facet) \($0.stage.rawValue)" }, ["sex pre_training", "sex post_training", "race pre_training", "race post_training"])
        let table = Table(names: ["y", "sex", "race"], columns: [.numeric(r.y), .categorical(CategoricalColumn(values: r.sex)),
                                                                  .categorical(CategoricalColumn(values: r.race))])
        let ds = try Dataset(table: table, label: "y", positive: ["1"], sensitive: ["sex", "race"])
        for streamed in audit.clarify {
            XCTAssertEqual(streamed.leftOut, streamed.stage == .preTraining ? ["CDDL"] : ["CDDPL", "FT", "GE"])
            let full = try ClarifyBias(ds, stage: streamed.stage, facet: streamed.facet, predictions: streamed.stage == .postTraining ? r.p : nil)
            XCTAssertEqual(streamed.facets.map(\.valueOrThreshold), full.facets.map(\.valueOrThreshold))
            for (s, f) in zip(streamed.facets, full.facets) {
                XCTAssertEqual([s.size, s.restSize], [f.size, f.restSize])
                let expected = Dictionary(uniqueKeysWithValues: f.metrics.map { ($0.name, $0.value) })
                XCTAssertEqual(s.metrics.count, f.metrics.count - streamed.leftOut.count)
                for m in s.metrics {
                    XCTAssertNil(m.error, m.name)
                    XCTAssertEqual(m.value, try XCTUnwrap(expected[m.name]), accuracy: 1e-12, "\(streamed.facet) \(s.valueOrThreshold) \(m.name)")
                }
            }
        }
        // Decisions favour men: the four-fifths rule already finds it on the groups, so Clarify's disparate impact adds nothing.
        XCTAssertTrue(base.findings.contains { $0.rule == "four-fifths rule" })
        XCTAssertEqual(audit.findings.map(\.message), base.findings.map(\.message))
    }
}
