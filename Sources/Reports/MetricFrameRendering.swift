import Datasets
import Fairness
import Tensors

extension MetricFrame {
    /// The metric names, in column order.
    public var names: [String] { metrics.map(\.name) }

    /// `{metric = value}` for one value per metric (the first of repeated names wins).
    public func cells(_ values: [Double]) -> JSONValue { .numbers(names, values) }

    /// `{group key = {metric = value}}`.
    public var byGroupJSON: JSONValue {
        .object(Dictionary(uniqueKeysWithValues: groups.names.enumerated().map { g, key in (key, cells(byGroup[g])) }))
    }

    /// The intervals as `{level=, n=, overall = {metric = {lo, hi}}, by_group = …, difference = …, ratio = …}`.
    public func json(_ ci: Intervals) -> JSONValue {
        func row(_ cells: [ClosedInterval]) -> JSONValue {
            .object(Dictionary(zip(names, cells.map { JSONValue.array([.number($0.low), .number($0.high)]) }), uniquingKeysWith: { a, _ in a }))
        }
        return .object(["level": .number(ci.level), "n": .integer(ci.samples), "overall": row(ci.overall),
                        "difference": row(ci.difference), "ratio": row(ci.ratio),
                        "by_group": .object(Dictionary(uniqueKeysWithValues: groups.names.enumerated().map { ($1, row(ci.byGroup[$0])) }))])
    }

    /// The frame as JSON: n, metrics, each group with its size, overall, difference, ratio, extremes, warnings, and the intervals when given.
    public func json(intervals: Intervals?) -> JSONValue {
        let counts = groups.rows().map(\.count)
        let rows: [JSONValue] = groups.values.enumerated().map { g, values in
            .object(["group": .object(Dictionary(zip(groups.features, values.map(JSONValue.string)), uniquingKeysWith: { a, _ in a })),
                     "key": .string(groups.names[g]), "n": .integer(counts[g]), "metrics": cells(byGroup[g])])
        }
        var doc: [String: JSONValue] = [
            "n": .integer(data.count), "metrics": .array(names.map(JSONValue.string)), "groups": .array(rows),
            "overall": cells(overall), "difference": cells(difference()), "ratio": cells(ratio()),
            "group_min": cells(groupMin()), "group_max": cells(groupMax()),
            "warnings": .array(warnings.map(JSONValue.string)),
        ]
        if let intervals { doc["ci"] = json(intervals) }
        return .object(doc)
    }

    /// The rows of the table: each group, then overall, difference and ratio (numbers formatted).
    var tableRows: [[String]] {
        groups.names.enumerated().map { g, key in [key] + byGroup[g].map(TextTable.format) }
            + [["overall"] + overall.map(TextTable.format), ["difference"] + difference().map(TextTable.format), ["ratio"] + ratio().map(TextTable.format)]
    }

    /// The aligned table `print(mf)` shows: groups, then overall, difference and ratio; intervals when given; warnings as notes.
    public func text(intervals: Intervals?) -> String {
        var table = TextTable(header: [groups.features.isEmpty ? "group" : groups.features.joined(separator: "|")] + names)
        table.rows = tableRows
        var out = table.description
        if let ci = intervals { out += "\n" + intervalTable(ci).description }
        for w in warnings { out += "\nnote: " + w }
        return out
    }

    /// The intervals as a table of `[lo, hi]` cells: each group, then overall, difference and ratio.
    func intervalTable(_ ci: Intervals) -> TextTable {
        var t = TextTable(header: ["\(Int((ci.level * 100).rounded())) % interval (\(ci.samples) bootstrap samples)"] + names)
        func add(_ name: String, _ cells: [ClosedInterval]) {
            t.rows.append([name] + cells.map { "[\(TextTable.format($0.low)), \(TextTable.format($0.high))]" })
        }
        for (g, key) in groups.names.enumerated() { add(key, ci.byGroup[g]) }
        add("overall", ci.overall)
        add("difference", ci.difference)
        add("ratio", ci.ratio)
        return t
    }

    /// An HTML table of the frame: groups, overall, difference, ratio.
    public var htmlTable: String { HTMLReport.table(header: [groups.features.joined(separator: "|")] + names, rows: tableRows) }

    /// The HTML table of the frame and, when computed, the table of its intervals as `[lo, hi]`.
    public func htmlTables(intervals: Intervals?) -> String {
        htmlTable + (intervals.map { ci in let t = intervalTable(ci); return HTMLReport.table(header: t.header, rows: t.rows) } ?? "")
    }

    /// The rates by group as grouped bars (whiskers when intervals are given); counts and unbounded metrics stay in
    /// the table, so no rate is flattened against a count's axis. Groups named in `small` (below the minimum
    /// size) are hollow; of more than `chartLimit` groups the largest are drawn and the title says how many
    /// more the table holds. Empty when there are no rates.
    public func chart(title: String, intervals: Intervals?, small: Set<String> = []) -> String {
        guard !rateColumns.isEmpty else { return "" }
        let shown = Self.chartedGroups(sizes: groups.rows().map(\.count))
        let series: [SVGChart.Bars] = rateColumns.map { m in
            SVGChart.Bars(name: names[m], values: shown.map { byGroup[$0][m] },
                          intervals: intervals.map { ci in shown.map { (ci.byGroup[$0][m].low, ci.byGroup[$0][m].high) } })
        }
        let more = groups.count - shown.count
        return SVGChart.bars(title: title + (more > 0 ? " (largest \(shown.count); and \(more) more in the table)" : ""),
                             categories: shown.map { groups.names[$0] }, series: series, yLabel: "rate",
                             small: Set(shown.indices.filter { small.contains(groups.names[shown[$0]]) }))
    }

    /// The most groups a chart draws: more bars than this are too thin to read or label.
    static let chartLimit = 12

    /// The groups a chart draws, in their order: all of them, or the `chartLimit` largest.
    static func chartedGroups(sizes: [Int]) -> [Int] {
        guard sizes.count > chartLimit else { return Array(sizes.indices) }
        return sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }.prefix(chartLimit).sorted()
    }

    /// The report of a frame: its findings, the table and the chart of its rates.
    public func report(intervals: Intervals?, provenance: [(String, String)]) -> HTMLReport {
        var r = HTMLReport(title: "Metrics by group")
        r.findings = findings.map { "\($0.rule): \($0.message)" } + warnings
        r.add("Metrics", htmlTables(intervals: intervals) + chart(title: "Metrics by group", intervals: intervals))
        r.provenance = provenance
        return r
    }
}
