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

    /// The groups tables and charts show (the `LargestGroups.limit` largest of many).
    var shownGroups: [Int] { LargestGroups.shown(sizes: groups.rows().map(\.count)) }

    /// The table: each shown group, then overall, difference and ratio (over every group), and how many groups are not listed.
    var table: TextTable {
        let shown = shownGroups
        var t = TextTable(header: [groups.features.isEmpty ? "group" : groups.features.joined(separator: "|")] + names)
        t.rows = shown.map { g in [groups.names[g]] + byGroup[g].map(TextTable.format) }
            + [["overall"] + overall.map(TextTable.format), ["difference"] + difference().map(TextTable.format), ["ratio"] + ratio().map(TextTable.format)]
        t.footnote = LargestGroups.footnote(shown: shown.count, total: groups.count)
        return t
    }

    /// The aligned table `print(mf)` shows: groups (the largest of many), then overall, difference and ratio; intervals when given; warnings as notes.
    public func text(intervals: Intervals?) -> String {
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
        let shown = shownGroups
        for g in shown { add(groups.names[g], ci.byGroup[g]) }
        add("overall", ci.overall)
        add("difference", ci.difference)
        add("ratio", ci.ratio)
        t.footnote = LargestGroups.footnote(shown: shown.count, total: groups.count)
        return t
    }

    /// An HTML table of the frame: groups, overall, difference, ratio.
    public var htmlTable: String { table.html }

    /// The HTML table of the frame and, when computed, the table of its intervals as `[lo, hi]`.
    public func htmlTables(intervals: Intervals?) -> String { htmlTable + (intervals.map { intervalTable($0).html } ?? "") }

    /// The rates by group as grouped bars (whiskers when intervals are given); counts and unbounded metrics stay in
    /// the table, so no rate is flattened against a count's axis. Groups named in `small` (below the minimum
    /// size) are hollow; of more than `LargestGroups.limit` groups the largest are drawn and the title says how many
    /// more the JSON holds. Empty when there are no rates.
    public func chart(title: String, intervals: Intervals?, small: Set<String> = []) -> String {
        guard !rateColumns.isEmpty else { return "" }
        let shown = shownGroups
        let series: [SVGChart.Bars] = rateColumns.map { m in
            SVGChart.Bars(name: names[m], values: shown.map { byGroup[$0][m] },
                          intervals: intervals.map { ci in shown.map { (ci.byGroup[$0][m].low, ci.byGroup[$0][m].high) } })
        }
        return SVGChart.bars(title: title + LargestGroups.titleNote(shown: shown.count, total: groups.count),
                             categories: shown.map { groups.names[$0] }, series: series, yLabel: "rate",
                             small: Set(shown.indices.filter { small.contains(groups.names[shown[$0]]) }))
    }

    /// The report of a frame: its findings, the table and the chart of its rates.
    public func report(intervals: Intervals?, provenance: [(String, String)]) -> HTMLReport {
        var r = HTMLReport(title: "Metrics by group")
        r.typedFindings = findings
        r.notes = findingNotes + warnings
        r.add("Metrics", htmlTables(intervals: intervals) + chart(title: "Metrics by group", intervals: intervals))
        r.provenance = provenance
        return r
    }
}

/// A frame with its bootstrap intervals (once `:ci{}` has run): what a frame's report draws.
public struct MetricFrameReport: Reportable {
    /// The frame.
    public let frame: MetricFrame
    /// Its intervals, when computed.
    public let intervals: Intervals?
    /// `frame` with `intervals`.
    public init(_ frame: MetricFrame, intervals: Intervals?) {
        self.frame = frame
        self.intervals = intervals
    }

    /// The frame's report.
    public func report(provenance: [(String, String)]) -> HTMLReport { frame.report(intervals: intervals, provenance: provenance) }
}
