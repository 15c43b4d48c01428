import Datasets
@testable import Fairness
@testable import Reports
import Tensors
import XCTest

/// The JSON and text forms of results, as Lua and the CLI receive them, built from Swift alone.
final class ResultJSONTests: XCTestCase {
    /// Four rows: sex F has labels 1, 0 and decisions 0, 0; M has labels 1, 0 and decisions 1, 1.
    func frame(_ yPred: [Double] = [0, 0, 1, 1]) throws -> MetricFrame {
        let groups = try GroupIndex(features: [("sex", ["F", "M"], [0, 0, 1, 1])])
        let metrics = try ["accuracy", "selection_rate"].map { try XCTUnwrap(Metrics.builtIn($0)) }
        return try MetricFrame(metrics: metrics, data: try Predictions(yTrue: [1, 0, 1, 0], yPred: yPred), groups: groups)
    }

    func object(_ value: JSONValue?, file: StaticString = #filePath, line: UInt = #line) throws -> [String: JSONValue] {
        guard case let .object(o)? = value else { XCTFail("object expected, got \(String(describing: value))", file: file, line: line); return [:] }
        return o
    }

    func testMetricFrameJSONHoldsEveryCell() throws {
        let f = try frame()
        let doc = try object(f.json(intervals: nil))
        XCTAssertEqual(doc["n"], .integer(4))
        XCTAssertEqual(doc["metrics"], .array([.string("accuracy"), .string("selection_rate")]))
        XCTAssertEqual(doc["overall"], .object(["accuracy": .number(0.5), "selection_rate": .number(0.5)]))
        XCTAssertEqual(doc["difference"], .object(["accuracy": .number(0), "selection_rate": .number(1)]))
        XCTAssertEqual(doc["ratio"], .object(["accuracy": .number(1), "selection_rate": .number(0)]))
        XCTAssertEqual(doc["group_min"], .object(["accuracy": .number(0.5), "selection_rate": .number(0)]))
        XCTAssertNil(doc["ci"])
        guard case let .array(groups)? = doc["groups"] else { return XCTFail("groups") }
        XCTAssertEqual(groups.first, .object(["group": .object(["sex": .string("F")]), "key": .string("F"), "n": .integer(2),
                                              "metrics": .object(["accuracy": .number(0.5), "selection_rate": .number(0)])]))
        XCTAssertEqual(f.byGroupJSON, .object(["F": .object(["accuracy": .number(0.5), "selection_rate": .number(0)]),
                                               "M": .object(["accuracy": .number(0.5), "selection_rate": .number(1)])]))
    }

    func testMetricFrameTextAndIntervals() throws {
        let f = try frame()
        let text = f.text(intervals: nil)
        XCTAssertEqual(RenderingTests.row("M", in: text), ["M", "0.5", "1"], text)
        XCTAssertEqual(RenderingTests.row("difference", in: text), ["difference", "0", "1"], text)
        let ci = try f.intervals(samples: 20, level: 0.9, seed: 1)
        let withCI = f.text(intervals: ci)
        XCTAssertTrue(withCI.contains("90 % interval (20 bootstrap samples)"), withCI)
        let doc = try object(f.json(ci))
        XCTAssertEqual(doc["level"], .number(0.9))
        XCTAssertEqual(doc["n"], .integer(20))
        XCTAssertEqual(try object(doc["overall"])["accuracy"], .array([.number(ci.overall[0].low), .number(ci.overall[0].high)]))
        XCTAssertEqual(try object(f.json(intervals: ci))["ci"], f.json(ci))
        XCTAssertTrue(f.htmlTable.contains("<td>difference</td>"), f.htmlTable)
        XCTAssertTrue(f.chart(title: "t", intervals: ci).contains("<svg"))
    }

    func testReportTablesShowIntervalsAsLoHiThatNeverWrap() throws {
        let f = try frame()
        let ci = try f.intervals(samples: 20, level: 0.9, seed: 1)
        let html = f.report(intervals: ci, provenance: []).html
        let cell = "[\(TextTable.format(ci.overall[0].low)), \(TextTable.format(ci.overall[0].high))]"
        XCTAssertTrue(html.contains("<td class=\"n\">\(cell)</td>"), html)   // right-aligned and nowrap, as numbers
        XCTAssertTrue(html.contains("td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }"))
        XCTAssertTrue(HTMLReport.table(header: ["p"], rows: [["7.2e-140"]]).contains("<td class=\"n\">7.2e-140</td>"))
    }

    func testAChartAndTablesOfManyGroupsShowTheLargestAndSayHowManyMore() throws {
        let codes = (0..<40).flatMap { g in [Int32](repeating: Int32(g), count: g + 1) }
        let groups = try GroupIndex(features: [("g", (0..<40).map { "g\($0)" }, codes)])
        let y = codes.map { Double($0 % 2) }
        let f = try MetricFrame(metrics: [try XCTUnwrap(Metrics.builtIn("selection_rate"))], data: try Predictions(yTrue: y, yPred: y), groups: groups)
        let svg = f.chart(title: "t", intervals: nil)
        XCTAssertTrue(svg.contains(">t (largest 12; and 28 more in the JSON)</text>"), svg)
        XCTAssertTrue(svg.contains(">g39</text>") && svg.contains(">g28</text>") && !svg.contains(">g27</text>"), svg)
        // The tables list the same 12 (then overall, difference, ratio over all 40) and say what they leave out; JSON keeps all.
        XCTAssertEqual(f.htmlTable.components(separatedBy: "<tr>").count - 2, 15)
        XCTAssertTrue(f.htmlTable.contains("<p>… and 28 more groups (see JSON)</p>"), f.htmlTable)
        XCTAssertTrue(f.htmlTable.contains("<td>g28</td>") && !f.htmlTable.contains("<td>g27</td>"))
        let text = f.text(intervals: try f.intervals(samples: 5, level: 0.9, seed: 1))
        XCTAssertEqual(text.components(separatedBy: "… and 28 more groups (see JSON)").count - 1, 2, text)   // the frame and its intervals
        guard case let .object(doc) = f.json(intervals: nil), case let .array(all)? = doc["groups"] else { return XCTFail("no groups in the JSON") }
        XCTAssertEqual(all.count, 40)
    }

    func testOneProvenanceBlockWithCommandRowsAndDigest() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("provenance-\(getpid()).csv").path
        try "a\n1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = HTMLReport.provenance(files: [(path, 1), (path, 1)], script: "s.lua", options: "ci = 0", seed: 3)
        XCTAssertEqual(rows.map(\.0), ["FairLua", "command", "script", "data file", "rows", "SHA-256", "options", "seed", "date"])
        XCTAssertEqual(rows[5].1.count, 64)
        XCTAssertEqual(HTMLReport.command(["/usr/bin/fairlua", "audit", "my file.csv", "--label", "y"]), "fairlua audit 'my file.csv' --label y")
    }

    func testComparisonJSONAndReport() throws {
        let c = try Comparison(method: "reweighing", before: try frame(), after: try frame([1, 0, 1, 0]))
        let doc = try object(c.json)
        XCTAssertEqual(doc["method"], .string("reweighing"))
        XCTAssertEqual(doc["before"], try frame().json(intervals: nil))
        guard case let .array(rows)? = doc["rows"] else { return XCTFail("rows") }
        XCTAssertEqual(rows.first, .object(["measure": .string("accuracy"), "before": .number(0.5), "after": .number(1)]))
        XCTAssertEqual(rows.count, 4)
        let report = c.report(provenance: [("script", "s.lua")])
        XCTAssertEqual(report.title, "Mitigation: reweighing")
        XCTAssertEqual(report.findings, ["accuracy difference: 0 → 0", "selection_rate difference: 1 → 0", "accuracy change: 0.5"])
        XCTAssertTrue(c.markdown.hasPrefix("# Mitigation: reweighing\n\n```\n"))
    }

    func testSweepPointsAndReport() throws {
        let sweep = Sweep(points: [.init(method: "baseline", parameter: "-", value: 0, accuracy: 0.8, gap: 0.2),
                                   .init(method: "grid", parameter: "eps", value: 0.1, accuracy: 0.78, gap: 0.05)])
        XCTAssertEqual(sweep.points[1].json, .object(["method": .string("grid"), "parameter": .string("eps"), "value": .number(0.1),
                                                      "accuracy": .number(0.78), "gap": .number(0.05)]))
        XCTAssertEqual(sweep.report(provenance: []).findings,
                       ["Pareto point: grid (eps = 0.1): accuracy 0.78, demographic_parity_difference 0.05",
                        "Pareto point: baseline: accuracy 0.8, demographic_parity_difference 0.2"])
    }

    func testTestResultsAndPowerAsJSON() throws {
        XCTAssertEqual(StatisticalTests.Rate(rawValue: "tpr")?.stratum, 1)
        XCTAssertEqual(StatisticalTests.Rate(rawValue: "fpr")?.stratum, 0)
        XCTAssertNil(StatisticalTests.Rate.selection.stratum)
        XCTAssertNil(StatisticalTests.Rate(rawValue: "ppv"))
        let data = try Predictions(yTrue: [1, 0, 1, 0, 1, 1], yPred: [1, 0, 0, 0, 1, 1])
        let b = try StatisticalTests.bootstrap(metric: try XCTUnwrap(Metrics.builtIn("accuracy")), data: data, samples: 50, seed: 2)
        XCTAssertEqual(b.estimate, 5.0 / 6)
        XCTAssertEqual(b.level, StatisticalTests.defaultLevel)
        XCTAssertLessThanOrEqual(b.low, b.estimate)
        XCTAssertGreaterThanOrEqual(b.high, b.estimate)
        XCTAssertEqual(b.json, .object(["estimate": .number(5.0 / 6), "low": .number(b.low), "high": .number(b.high), "level": .number(0.95), "n": .integer(50)]))
        let a = try Power.analyse(n1: 100, n2: 120)
        XCTAssertEqual(a.alpha, 0.05)
        XCTAssertEqual(a.power, 0.8)
        XCTAssertEqual(a.json, .object(["n1": .integer(100), "n2": .integer(120), "alpha": .number(0.05), "power": .number(0.8), "effect": .number(a.effect)]))
        let t = TestResult(test: "t", hypothesis: "h", statistic: 2, pValue: 0.5, dof: 1)
        XCTAssertEqual(t.json(adjusted: 0.75), .object(["test": .string("t"), "hypothesis": .string("h"), "statistic": .number(2),
                                                        "p_value": .number(0.5), "dof": .integer(1), "p_adjusted": .number(0.75)]))
    }

    func testDetectionDefaultsAreDeclaredOnce() {
        let d = Detection.Options.defaults
        XCTAssertEqual(d.minGroupSize, 30)
        XCTAssertEqual(d.alpha, 0.05)
        XCTAssertEqual(d.power, 0.8)
        XCTAssertEqual(d.threshold, 0.5)
        XCTAssertTrue(d.anchoring)
        XCTAssertEqual(d.anchoringShare, 0.5)
    }
}
