import Datasets
import Fairness
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import LuaHost
import Reports

/// `fairlua audit`: resolves metric names (plugins included) and renders an `Audit` as text, JSON or Markdown.
public enum AuditReport {
    /// Metrics the audit reports when none are named.
    public static let defaultMetrics = ["selection_rate", "base_rate", "accuracy", "tpr", "fpr", "ppv", "fnr"]

    /// The metric called `name` in `state` (built in or registered by a plugin).
    public static func metric(_ name: String, in state: LuaState) throws -> Metric { try MetricPlugins.metric(name, state.L) }

    /// The audit in `format`: "text", "json" or "markdown".
    public static func render(_ audit: Audit, file: String, format: String) throws -> String {
        switch format {
        case "json": return JSON.encode(json(audit, file: file), indent: 2) + "\n"
        case "markdown": return markdown(audit, file: file)
        case "html": return html(audit, file: file)
        case "text": return text(audit, file: file)
        default: throw LuaError.message("--format: text, json, markdown or html expected, got '\(format)'")
        }
    }

    static func json(_ a: Audit, file: String) -> LuaValue {
        let groups: [LuaValue] = a.groups.enumerated().map { g, group in
            .table(["group": .table(Dictionary(zip(a.sensitive, group.values.map { .string($0) }), uniquingKeysWith: { x, _ in x })),
                    "key": .string(group.key), "n": .integer(a.counts[g]), "metrics": FairnessInputs.table(a.metricNames, a.byGroup[g])])
        }
        let tests: [LuaValue] = zip(a.tests, a.adjusted).map { TestBindings.result($0, adjusted: $1) }
        return .table([
            "file": .string(file), "n": .integer(a.n), "overall": FairnessInputs.table(a.metricNames, a.overall),
            "groups": .array(groups), "difference": FairnessInputs.table(a.metricNames, a.difference),
            "ratio": FairnessInputs.table(a.metricNames, a.ratio), "tests": .array(tests),
            "findings": .array(a.findings.map { .table(["rule": .string($0.rule), "message": .string($0.message)]) }),
            "warnings": .array(a.warnings.map { .string($0) }),
        ])
    }

    static func metricTable(_ a: Audit) -> TextTable {
        var t = TextTable(header: ["group", "n"] + a.metricNames)
        for (g, group) in a.groups.enumerated() { t.rows.append([group.key, String(a.counts[g])] + a.byGroup[g].map(TextTable.format)) }
        t.rows.append(["overall", String(a.n)] + a.overall.map(TextTable.format))
        t.rows.append(["difference", ""] + a.difference.map(TextTable.format))
        t.rows.append(["ratio", ""] + a.ratio.map(TextTable.format))
        return t
    }

    static func testTable(_ a: Audit) -> TextTable { testTable(tests: a.tests, adjusted: a.adjusted) }

    /// Tests with raw and adjusted p-values as an aligned table.
    static func testTable(tests: [TestResult], adjusted: [Double]) -> TextTable {
        var t = TextTable(header: ["test", "hypothesis", "statistic", "p", "p (Holm)"])
        for (test, p) in zip(tests, adjusted) {
            t.rows.append([test.test, test.hypothesis, TextTable.format(test.statistic), TextTable.format(test.pValue), TextTable.format(p)])
        }
        return t
    }

    static func text(_ a: Audit, file: String) -> String {
        var out = "Audit of \(file): \(a.n) rows, \(a.groups.count) groups\n\n"
        out += a.findings.isEmpty ? "No findings.\n" : "Findings:\n" + a.findings.map { "  - \($0.rule): \($0.message)\n" }.joined()
        out += "\n" + metricTable(a).description + "\n"
        if !a.tests.isEmpty { out += "\n" + testTable(a).description + "\n" }
        for w in a.warnings { out += "note: \(w)\n" }
        return out
    }

    static func html(_ a: Audit, file: String) -> String {
        var r = HTMLReport(title: "Fairness audit of \(file)")
        r.findings = a.findings.map { "\($0.rule): \($0.message)" }
        let m = metricTable(a)
        r.add("Metrics by group", "<p>\(a.n) rows, \(a.groups.count) groups.</p>\n" + HTMLReport.table(header: m.header, rows: m.rows) +
              SVGChart.bars(title: "Metrics by group", categories: a.groups.map(\.key),
                            series: a.metricNames.enumerated().filter { $0.element != "count" }.map { k, name in .init(name: name, values: a.byGroup.map { $0[k] }) },
                            yLabel: "value"))
        if !a.tests.isEmpty {
            let t = testTable(a)
            r.add("Tests", HTMLReport.table(header: t.header, rows: t.rows))
        }
        if !a.warnings.isEmpty { r.add("Notes", "<ul>" + a.warnings.map { "<li>\(HTMLReport.escape($0))</li>" }.joined() + "</ul>\n") }
        r.provenance = [("data file", file), ("SHA-256", HTMLReport.fileDigest(file)), ("FairLua", FairLuaAPI.version),
                        ("date", Date().formatted(.iso8601))]
        return r.html
    }

    static func markdown(_ a: Audit, file: String) -> String {
        func table(_ t: TextTable) -> String {
            var s = "| " + t.header.joined(separator: " | ") + " |\n|" + String(repeating: " --- |", count: t.header.count) + "\n"
            for row in t.rows { s += "| " + row.joined(separator: " | ") + " |\n" }
            return s
        }
        var out = "# Fairness audit of `\(file)`\n\n\(a.n) rows, \(a.groups.count) groups.\n\n## Findings\n\n"
        out += a.findings.isEmpty ? "No findings.\n" : a.findings.map { "- **\($0.rule)**: \($0.message)\n" }.joined()
        out += "\n## Metrics by group\n\n" + table(metricTable(a))
        if !a.tests.isEmpty { out += "\n## Tests\n\n" + table(testTable(a)) }
        if !a.warnings.isEmpty { out += "\n" + a.warnings.map { "> note: \($0)\n" }.joined() }
        return out
    }
}
