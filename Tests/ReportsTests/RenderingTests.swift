import Datasets
import Fairness
@testable import Reports
import XCTest

/// Results print themselves from Swift alone, the same way the CLI and Lua print them.
final class RenderingTests: XCTestCase {
    /// The cells of the table row starting with `first`.
    static func row(_ first: String, in table: String) -> [String] {
        table.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.first { $0.first == first } ?? []
    }

    /// An audit of six rows: sex F has decisions 1, 0, 0 for labels 1, 0, 1; M has 1, 1, 0 for 1, 0, 0.
    func audit() throws -> Audit {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rendering-\(getpid()).csv").path
        try "y,p,sex\n1,1,F\n0,0,F\n1,0,F\n1,1,M\n0,1,M\n0,0,M\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Audit(path: path, options: Audit.Options(label: "y", prediction: "p", sensitive: ["sex"], metrics: ["selection_rate", "accuracy"]),
                         metric: { try XCTUnwrap(Metrics.builtIn($0)) })
    }

    func testAuditRendersInEveryFormat() throws {
        let a = try audit()
        let text = a.rendered(file: "d.csv", format: .text)
        XCTAssertTrue(text.hasPrefix("Audit of d.csv: 6 rows, 2 groups\n"))
        XCTAssertEqual(Self.row("F", in: text), ["F", "3", "0.3333", "0.6667"], text)
        let json = a.rendered(file: "d.csv", format: .json)
        XCTAssertTrue(json.contains("\"selection_rate\": 0.6666666666666666"), json)
        XCTAssertTrue(json.contains("\"n\": 6"))
        let markdown = a.rendered(file: "d.csv", format: .markdown)
        XCTAssertTrue(markdown.contains("| group | n | selection_rate | accuracy |\n| --- | --- | --- | --- |\n| F | 3 | 0.3333 | 0.6667 |"), markdown)
        let html = a.rendered(file: "d.csv", format: .html)
        XCTAssertTrue(html.contains("<title>Fairness audit of d.csv</title>") || html.contains("Fairness audit of d.csv"))
        XCTAssertTrue(html.contains("<svg"))
        // the one provenance block of every report kind
        for key in ["FairLua", "command", "data file", "rows", "SHA-256", "options", "seed", "date"] { XCTAssertTrue(html.contains("<td>\(key)</td>"), key) }
        XCTAssertThrowsError(try ReportFormat(named: "pdf"))
    }

    func testComparisonAndSweepPrintThemselves() throws {
        let groups = try GroupIndex(features: [("sex", ["F", "M"], [0, 0, 1, 1])])
        let metrics = try ["accuracy", "selection_rate"].map { try XCTUnwrap(Metrics.builtIn($0)) }
        let before = try MetricFrame(metrics: metrics, data: try Predictions(yTrue: [1, 0, 1, 0], yPred: [0, 0, 1, 1]), groups: groups)
        let after = try MetricFrame(metrics: metrics, data: try Predictions(yTrue: [1, 0, 1, 0], yPred: [1, 0, 1, 0]), groups: groups)
        let c = try Comparison(method: "reweighing", before: before, after: after)
        XCTAssertEqual(c.description.split(separator: "\n").first.map(String.init)?.split(separator: " ").map(String.init), ["reweighing", "before", "after", "change"])
        XCTAssertEqual(Self.row("accuracy", in: c.description), ["accuracy", "0.5", "1", "0.5"], c.description)
        let sweep = Sweep(points: [.init(method: "baseline", parameter: "-", value: 0, accuracy: 0.8, gap: 0.2),
                                   .init(method: "reweighing", parameter: "-", value: 0, accuracy: 0.78, gap: 0.05),
                                   .init(method: "bad", parameter: "-", value: 0, accuracy: 0.7, gap: 0.3)])
        XCTAssertEqual(sweep.front, [1, 0])
        let lines = sweep.description.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5)
        XCTAssertTrue(lines[2].hasSuffix("*") && lines[3].hasSuffix("*") && !lines[4].hasSuffix("*"), sweep.description)
        XCTAssertTrue(sweep.chart().contains("Pareto front"))
        // The baseline is drawn last, over every other marker, and grey dashes cross at it.
        let circles = sweep.chart().split(separator: "\n").filter { $0.hasPrefix("<circle") }
        XCTAssert(circles.last?.contains("<title>baseline: (0.2, 0.8)</title>") ?? false, sweep.chart())
        XCTAssert(sweep.chart().contains("stroke-dasharray=\"6 4\" fill=\"none\"><title>baseline level</title>"), sweep.chart())
    }
}
