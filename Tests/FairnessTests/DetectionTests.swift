import Datasets
@testable import Fairness
import XCTest

final class DetectionTests: XCTestCase {
    /// Rows of group `g` (`n` of them), `positives` of them with label yes, and a feature x equal to the label.
    func rows(_ g: String, _ n: Int, positives: Int) -> [(String, String, Double)] {
        (0..<n).map { (g, $0 < positives ? "yes" : "no", $0 < positives ? 1 : 0) }
    }

    func dataset(_ rows: [(String, String, Double)]) throws -> Dataset {
        let table = Table(names: ["g", "x", "y"], columns: [.categorical(CategoricalColumn(values: rows.map(\.0))), .numeric(rows.map(\.2)),
                                                            .categorical(CategoricalColumn(values: rows.map(\.1)))])
        return try Dataset(table: table, label: "y", positive: ["yes"], sensitive: ["g"])
    }

    func metric(_ name: String) throws -> Metric {
        guard let m = Metrics.builtIn(name) else { throw FairnessError.invalid("no metric \(name)") }
        return m
    }

    func detect(_ train: Dataset, _ test: Dataset, _ options: Detection.Options) throws -> Detection {
        var o = options
        o.metrics = ["selection_rate"]
        o.samples = 0
        // The "model" predicts the label: selection rates are the base rates.
        return try Detection(train: train, test: test, probabilities: try test.labels().map(Double.init), options: o, metric: metric)
    }

    func testFindingsCarryKindEvidenceAndReading() throws {
        let data = try dataset(rows("A", 200, positives: 100) + rows("B", 200, positives: 20))
        let d = try detect(data, data, Detection.Options())
        let kinds = Set(d.findings.map(\.kind))
        XCTAssertTrue(kinds.isSuperset(of: [Finding.Kind.label, .outcome, .proxy]), "\(kinds)")
        let label = try XCTUnwrap(d.findings.first { $0.kind == .label })
        XCTAssertEqual(label.rule, "four-fifths rule")
        XCTAssertEqual(label.evidence.statistic, "g: training base-rate ratio")
        XCTAssertEqual(label.evidence.value, 0.2, accuracy: 1e-12)
        XCTAssertEqual(label.severity, 0.8, accuracy: 1e-12)
        XCTAssertEqual(label.reading, "B have positive labels at 0.2 times the rate of A, below the four-fifths (0.8) line.")
        let outcome = try XCTUnwrap(d.findings.first { $0.kind == .outcome && $0.rule == "four-fifths rule" })
        XCTAssertEqual(outcome.reading, "B are selected at 0.2 times the rate of A, below the four-fifths (0.8) line.")
        let proxy = try XCTUnwrap(d.findings.first { $0.kind == .proxy })
        XCTAssertEqual(proxy.evidence.statistic, "correlation ratio")
        let test = try XCTUnwrap(d.findings.first { $0.rule == "significant difference" })
        XCTAssertNotNil(test.evidence.pValue)
        // Grouped by kind, worst first: the kinds' first findings are in decreasing severity.
        let grouped = Finding.byKind(d.findings)
        XCTAssertEqual(grouped.count, kinds.count)
        for (a, b) in zip(grouped, grouped.dropFirst()) { XCTAssertGreaterThanOrEqual(a.findings[0].severity, b.findings[0].severity) }
        for g in grouped { XCTAssertEqual(g.findings.map(\.severity), g.findings.map(\.severity).sorted(by: >)) }
    }

    func testSmallGroupsAreFlaggedAndLeftOutOfFindings() throws {
        // C has 10 rows and no positives: its ratio would fire, but it is below min_group_size.
        let data = try dataset(rows("A", 200, positives: 100) + rows("B", 200, positives: 95) + rows("C", 10, positives: 0))
        let d = try detect(data, data, Detection.Options())
        XCTAssertEqual(d.model[0].sizes, [200, 200, 10])
        XCTAssertEqual(d.model[0].small, ["C"])
        XCTAssertEqual(d.findings.filter { $0.rule == "four-fifths rule" }.count, 0)
        XCTAssertEqual(d.notes.first, "g (training data): C (n = 10) below min_group_size 30: shown in the tables, left out of findings and tests (include_small = true keeps them)")
        XCTAssertEqual(d.tests.first?.dof, 1)   // A and B only
        var keep = Detection.Options()
        keep.includeSmall = true
        let all = try detect(data, data, keep)
        XCTAssertEqual(all.findings.filter { $0.rule == "four-fifths rule" }.map(\.kind), [.label, .outcome])
        XCTAssertEqual(all.tests.first?.dof, 2)
    }

    func testNoFindingOnSmallGroupsSaysItIsUnderpowered() throws {
        // 40 against 40 rows with equal rates: no finding, and a four-fifths gap (0.1 at 0.5) is not detectable.
        let small = try dataset(rows("A", 40, positives: 20) + rows("B", 40, positives: 20))
        let d = try detect(small, small, Detection.Options())
        XCTAssertTrue(d.findings.filter { $0.kind == .outcome }.isEmpty)
        let note = try XCTUnwrap(d.notes.first { $0.hasPrefix("g: no selection-rate finding, but the test is underpowered") })
        let h = try Power.detectableEffect(n1: 40, n2: 40, alpha: 0.05, power: 0.8)
        XCTAssert(note.contains("only differences above \(Rules.format(Power.shifted(0.5, h)))"), note)
        // 5000 against 5000 rows can see it: no note.
        let large = try dataset(rows("A", 5000, positives: 2500) + rows("B", 5000, positives: 2500))
        XCTAssertEqual(try detect(large, large, Detection.Options()).notes.filter { !$0.hasPrefix("selection:") }, [])
    }
}
