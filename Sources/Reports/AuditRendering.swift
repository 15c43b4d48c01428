import Datasets
import Fairness
import FoundationEssentials
import Tensors

/// FairLua's version, recorded in reports' provenance.
public let fairLuaVersion = "0.1.0"

extension TestResult {
    /// `{test=, hypothesis=, statistic=, p_value=, dof=?, p_adjusted=?}`.
    public func json(adjusted: Double? = nil) -> JSONValue {
        var t: [String: JSONValue] = ["test": .string(test), "hypothesis": .string(hypothesis),
                                      "statistic": .number(statistic), "p_value": .number(pValue)]
        if let dof { t["dof"] = .integer(dof) }
        if let adjusted { t["p_adjusted"] = .number(adjusted) }
        return .object(t)
    }

    /// Tests with raw and adjusted p-values as an aligned table.
    public static func table(_ tests: [TestResult], adjusted: [Double]) -> TextTable {
        var t = TextTable(header: ["test", "hypothesis", "statistic", "p", "p (Holm)"])
        for (test, p) in zip(tests, adjusted) {
            t.rows.append([test.test, test.hypothesis, TextTable.format(test.statistic), TextTable.format(test.pValue), TextTable.format(p)])
        }
        return t
    }
}

extension StatisticalTests.Bootstrap {
    /// `{estimate=, low=, high=, level=, n=}`.
    public var json: JSONValue {
        .object(["estimate": .number(estimate), "low": .number(low), "high": .number(high), "level": .number(level), "n": .integer(samples)])
    }
}

extension Power.Analysis {
    /// `{n1=, n2=, alpha=, power=, effect=, difference=?}`.
    public var json: JSONValue {
        var t: [String: JSONValue] = ["n1": .integer(n1), "n2": .integer(n2), "alpha": .number(alpha), "power": .number(power), "effect": .number(effect)]
        if let difference { t["difference"] = .number(difference) }
        return .object(t)
    }
}

extension TextTable {
    /// The table in Markdown.
    public var markdown: String {
        var s = "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: " --- |", count: header.count) + "\n"
        for row in rows { s += "| " + row.joined(separator: " | ") + " |\n" }
        return s + (footnote.map { "\n" + $0 + "\n" } ?? "")
    }
}

/// The report formats every result renders to.
public enum ReportFormat: String, CaseIterable {
    case text, json, markdown, html

    /// The format called `name`, or an error listing them.
    public init(named name: String) throws {
        guard let f = ReportFormat(rawValue: name) else {
            throw FairnessError.invalid("--format: text, json, markdown or html expected, got '\(name)'")
        }
        self = f
    }

    /// The format named by `--format`, else the one the `--out` path's extension names (`report.html` is HTML,
    /// `.json`, `.md`), else text.
    public init(named name: String?, out: String?) throws {
        if let name {
            try self.init(named: name)
        } else {
            self = out.flatMap(ReportFormat.init(extensionOf:)) ?? .text
        }
    }

    /// The format a file name's extension stands for, if it names one.
    public init?(extensionOf path: String) {
        let name = path.split(separator: "/").last.map { $0.lowercased() } ?? ""
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...] {
        case "html", "htm": self = .html
        case "json": self = .json
        case "md", "markdown": self = .markdown
        case "txt", "text": self = .text
        default: return nil
        }
    }
}

extension Audit {
    /// The audit of `file` as text, JSON, Markdown or self-contained HTML (what `fairlua audit` prints).
    public func rendered(file: String, format: ReportFormat) -> String {
        switch format {
        case .json: return json(file: file).encoded(indent: 2) + "\n"
        case .markdown: return markdown(file: file)
        case .html: return html(file: file)
        case .text: return text(file: file)
        }
    }

    /// The audit as a JSON document: overall, per group, differences, ratios, tests, findings, warnings.
    public func json(file: String) -> JSONValue {
        let groupValues: [JSONValue] = groups.enumerated().map { g, group in
            .object(["group": .object(Dictionary(zip(sensitive, group.values.map { .string($0) }), uniquingKeysWith: { x, _ in x })),
                     "key": .string(group.key), "n": .integer(counts[g]), "metrics": .numbers(metricNames, byGroup[g])])
        }
        var document: [String: JSONValue] = [
            "file": .string(file), "n": .integer(n), "overall": .numbers(metricNames, overall),
            "groups": .array(groupValues), "difference": .numbers(metricNames, difference),
            "ratio": .numbers(metricNames, ratio), "tests": .array(zip(tests, adjusted).map { $0.json(adjusted: $1) }),
            "findings": .array(findings.map(\.json)),
            "warnings": .array(warnings.map { .string($0) }),
        ]
        if let intervals { document["intervals"] = intervalsJSON(intervals) }
        if let scan { document["scan"] = scan.json }
        if let check { document["check"] = check.json }
        if !clarify.isEmpty { document["clarify"] = .array(clarify.map(\.json)) }
        return .object(document)
    }

    /// `{level, replicates, overall: {metric: [low, high]}, groups: [{key, metrics}], difference, ratio}`.
    private func intervalsJSON(_ i: Intervals) -> JSONValue {
        let names = Array(metricNames.prefix(i.overall.count))
        func bounds(_ cells: [ClosedInterval]) -> JSONValue {
            .object(Dictionary(zip(names, cells.map { JSONValue.array([.number($0.low), .number($0.high)]) }), uniquingKeysWith: { a, _ in a }))
        }
        return .object(["level": .number(i.level), "replicates": .integer(i.samples), "overall": bounds(i.overall),
                        "groups": .array(zip(groups, i.byGroup).map { .object(["key": .string($0.key), "metrics": bounds($1)]) }),
                        "difference": bounds(i.difference), "ratio": bounds(i.ratio)])
    }

    /// The intervals as a table: `[low, high]` per metric for each group, overall, difference and ratio.
    public var intervalTable: TextTable? {
        guard let i = intervals else { return nil }
        func row(_ name: String, _ cells: [ClosedInterval]) -> [String] {
            [name] + cells.map { "[\(TextTable.format($0.low)), \(TextTable.format($0.high))]" }
        }
        var t = TextTable(header: ["\(TextTable.format(i.level * 100))% interval"] + metricNames.prefix(i.overall.count))
        for g in shownGroups { t.rows.append(row(groups[g].key, i.byGroup[g])) }
        t.rows += [row("overall", i.overall), row("difference", i.difference), row("ratio", i.ratio)]
        t.footnote = LargestGroups.footnote(shown: shownGroups.count, total: groups.count)
        return t
    }

    /// How the intervals were made, for a caption.
    private var intervalCaption: String {
        intervals.map { "Percentile intervals from \($0.samples) Poisson-bootstrap replicates (rows weighted by a seeded hash of their bytes).\n" } ?? ""
    }

    /// The groups tables and the chart show (the `LargestGroups.limit` largest of many).
    var shownGroups: [Int] { LargestGroups.shown(sizes: counts) }

    /// Each shown group's count and metrics, then overall, difference and ratio (over every group).
    public var metricTable: TextTable {
        var t = TextTable(header: ["group", "n"] + metricNames)
        for g in shownGroups { t.rows.append([groups[g].key, String(counts[g])] + byGroup[g].map(TextTable.format)) }
        t.footnote = LargestGroups.footnote(shown: shownGroups.count, total: groups.count)
        t.rows.append(["overall", String(n)] + overall.map(TextTable.format))
        t.rows.append(["difference", ""] + difference.map(TextTable.format))
        t.rows.append(["ratio", ""] + ratio.map(TextTable.format))
        return t
    }

    /// The audit as aligned text: findings, metrics, tests, notes.
    public func text(file: String) -> String {
        var out = "Audit of \(file): \(n) rows, \(groups.count) groups\n\n"
        out += Finding.text(findings)
        out += "\n" + metricTable.description + "\n"
        if let t = intervalTable { out += "\n" + t.description + "\n" + intervalCaption }
        if !tests.isEmpty { out += "\n" + TestResult.table(tests, adjusted: adjusted).description + "\n" }
        if let scan { out += "\n" + scan.text }
        if let check { out += "\n" + check.text + "\n" }
        for c in clarify { out += "\n" + c.text + "\n" }
        for w in warnings { out += "note: \(w)\n" }
        return out
    }

    /// The audit as Markdown.
    public func markdown(file: String) -> String {
        var out = "# Fairness audit of `\(file)`\n\n\(n) rows, \(groups.count) groups.\n\n## Findings\n\n"
        out += Finding.markdown(findings)
        out += "\n## Metrics by group\n\n" + metricTable.markdown
        if let t = intervalTable { out += "\n## Intervals\n\n" + t.markdown + "\n" + intervalCaption }
        if !tests.isEmpty { out += "\n## Tests\n\n" + TestResult.table(tests, adjusted: adjusted).markdown }
        if let scan { out += "\n## Subgroups\n\n" + scan.summary.joined(separator: "\n\n") + "\n\n" + scan.table().markdown }
        if let check { out += "\n## Fairness check\n\n" + check.markdown }
        if !clarify.isEmpty { out += "\n## SageMaker Clarify\n\n" + clarify.map(\.markdown).joined(separator: "\n") }
        if !warnings.isEmpty { out += "\n" + warnings.map { "> note: \($0)\n" }.joined() }
        return out
    }

    /// The audit as one self-contained HTML page with a chart of the metrics by group.
    public func html(file: String) -> String {
        var r = HTMLReport(title: "Fairness audit of \(file)")
        r.typedFindings = findings
        let m = metricTable
        let shown = shownGroups
        // Rates only: a count or a loss (log_loss) on the rates' axis flattens them or reads as one.
        let rates = metricNames.indices.filter { k in Metrics.chartsAsRate(Metrics.builtIn(metricNames[k]), byGroup.map { $0[k] }) }
        r.add("Metrics by group", "<p>\(n) rows, \(groups.count) groups.</p>\n" + m.html + (rates.isEmpty ? "" :
              SVGChart.bars(title: "Metrics by group" + LargestGroups.titleNote(shown: shown.count, total: groups.count),
                            categories: shown.map { groups[$0].key },
                            series: rates.map { k in .init(name: metricNames[k], values: shown.map { byGroup[$0][k] }) },
                            yLabel: "rate")))
        if let t = intervalTable { r.add("Intervals", t.html + "<p>\(HTMLReport.escape(intervalCaption))</p>\n") }
        if !tests.isEmpty {
            let t = TestResult.table(tests, adjusted: adjusted)
            r.add("Tests", HTMLReport.table(header: t.header, rows: t.rows))
        }
        if let scan { r.add("Subgroups", scan.html) }
        if let check { r.add("Fairness check", check.html) }
        for c in clarify { r.add(c.sectionTitle, c.facetsHTML) }
        r.notes = warnings
        r.provenance = HTMLReport.provenance(files: [(file, n)], script: nil, options: "as in the command", seed: nil)
        return r.html
    }
}
