import Datasets
import Fairness
import Tensors

extension Comparison {
    /// Rows `{measure=, before=, after=}`: overall metrics, then differences between groups.
    public var rowsJSON: JSONValue {
        .array(rows.map { .object(["measure": .string($0.measure), "before": .number($0.before), "after": .number($0.after)]) })
    }

    /// The comparison as JSON: method, rows and both frames.
    public var json: JSONValue {
        .object(["method": .string(method), "rows": rowsJSON,
                 "before": before.json(intervals: nil), "after": after.json(intervals: nil)])
    }

    /// The comparison as Markdown: a heading and the text table.
    public var markdown: String { "# Mitigation: \(method)\n\n```\n" + description + "\n```\n" }

    /// The before-and-after report: findings (the differences, individual measures and the accuracy change), the table,
    /// a chart per metric.
    public func report(provenance: [(String, String)]) -> HTMLReport {
        var r = HTMLReport(title: "Mitigation: \(method)")
        r.findings = (rows.filter { $0.measure.hasSuffix("difference") } + individual).map {
            "\($0.measure): \(TextTable.format($0.before)) → \(TextTable.format($0.after))"
        } + (accuracyChange.map { ["accuracy change: \(TextTable.format($0))"] } ?? [])
        r.add("Before and after", HTMLReport.table(header: ["measure", "before", "after", "change"],
                                                   rows: rows.map { [$0.measure, TextTable.format($0.before), TextTable.format($0.after), TextTable.format($0.after - $0.before)] }))
        for (m, name) in before.names.enumerated() {
            r.add("\(name) by group", SVGChart.bars(title: "\(name) by group, before and after \(method)", categories: before.groups.names,
                                                     series: [.init(name: "before", values: before.byGroup.map { $0[m] }),
                                                              .init(name: "after", values: after.byGroup.map { $0[m] })], yLabel: name))
        }
        r.provenance = provenance
        return r
    }
}

extension Comparison: Reportable {}
