import Datasets
import Explain
import Tensors

extension OcclusionImportance: HTMLRenderable {
    /// The regions shown in the text form, largest gap drop first.
    public static let shownRegions = 10

    /// A region's pixel rectangle as `rows 0–1, columns 2–3` (0-based, inclusive).
    public func regionName(_ k: Int) -> String {
        let (y, x) = region(k)
        return "rows \(y.lowerBound)–\(y.upperBound - 1), columns \(x.lowerBound)–\(x.upperBound - 1)"
    }

    /// The line naming the grid, the fill and the baseline accuracy by group.
    public var heading: String {
        let fills = fill.map { TextTable.format(Double($0)) }.joined(separator: ", ")
        let groupAccuracy = groups.indices.map { "\(groups[$0]) \(TextTable.format(baseline.byGroup[$0])) (n = \(sizes[$0]))" }.joined(separator: ", ")
        return "occlusion importance: \(cells) regions of \(patch) × \(patch) px on \(height) × \(width) images, filled with \(fills)\n" +
            "accuracy \(TextTable.format(baseline.overall)); by group \(groupAccuracy); gap \(TextTable.format(baseline.gap))"
    }

    /// The regions by decreasing gap drop: the drop in the gap, in overall accuracy and in each group's accuracy.
    public var table: TextTable {
        let order = (0..<cells).sorted { gapDrop[$0] > gapDrop[$1] }
        var t = TextTable(header: ["region", "gap drop", "accuracy drop"] + groups.map { "drop \($0)" })
        for k in order.prefix(Self.shownRegions) {
            t.rows.append([regionName(k), TextTable.format(gapDrop[k]), TextTable.format(overallDrop[k])] + groups.indices.map { TextTable.format(groupDrop($0)[k]) })
        }
        if order.count > Self.shownRegions { t.rows.append(["and \(order.count - Self.shownRegions) more", ""] + [String](repeating: "", count: groups.count + 1)) }
        return t
    }

    /// The heading and the table.
    public var text: String { heading + "\n" + table.description }

    /// `values` (row-major over the grid) as rows of the grid.
    func grid(_ values: [Double]) -> [[Double]] { (0..<gridRows).map { r in Array(values[(r * gridColumns)..<((r + 1) * gridColumns)]) } }

    /// `values` as JSON grid rows.
    func rows(_ values: [Double]) -> JSONValue { .array(grid(values).map { .array($0.map(JSONValue.number)) }) }

    /// `{patch=, height=, width=, rows=, columns=, fill={…}, groups={…}, sizes={…}, baseline={overall=, by_group={…}, gap=},
    /// drops={overall={{…}}, gap={{…}}, by_group={group={{…}}}}}`, drops as grid rows.
    public var json: JSONValue {
        return .object([
            "patch": .integer(patch), "height": .integer(height), "width": .integer(width),
            "rows": .integer(gridRows), "columns": .integer(gridColumns),
            "fill": .array(fill.map { .number(Double($0)) }), "groups": .array(groups.map(JSONValue.string)),
            "sizes": .array(sizes.map(JSONValue.integer)),
            "baseline": .object(["overall": .number(baseline.overall), "by_group": .numbers(groups, baseline.byGroup), "gap": .number(baseline.gap)]),
            "drops": .object(["overall": rows(overallDrop), "gap": rows(gapDrop),
                              "by_group": .object(Dictionary(uniqueKeysWithValues: groups.indices.map { (groups[$0], rows(groupDrop($0))) }))]),
        ])
    }

    /// The drop per region as grid rows: in the accuracy gap, or in `group`'s accuracy.
    public func drops(group: String?) throws -> JSONValue {
        guard let group else { return rows(gapDrop) }
        guard let g = groups.firstIndex(of: group) else {
            throw TensorError.invalid("no group '\(group)'; groups: \(groups.joined(separator: ", "))")
        }
        return rows(groupDrop(g))
    }

    /// One heat map per measure side by side — the gap drop, then each group's accuracy drop — over the image grid,
    /// each shaded from white (no drop or a rise) to blue (its largest drop) and labelled with the drop (SVG).
    public var chart: String {
        func map(_ title: String, _ values: [Double]) -> (title: String, rows: [String], columns: [String], values: [[Double]], labels: [[String]]) {
            let top = values.filter(\.isFinite).max() ?? 0
            let rows = grid(values)
            return (title, (0..<gridRows).map { "y \($0 * patch)" }, (0..<gridColumns).map { "x \($0 * patch)" },
                    rows.map { $0.map { top > 0 && $0.isFinite ? max(0, $0 / top) : 0 } },
                    rows.map { $0.map { TextTable.format($0, digits: 2) } })
        }
        let maps = [map("Gap drop (gap \(TextTable.format(baseline.gap)))", gapDrop)]
            + groups.indices.map { map("Accuracy drop, \(groups[$0]) (n = \(sizes[$0]))", groupDrop($0)) }
        return SVGChart.heatmaps(title: "Occlusion importance (\(patch) × \(patch) px regions)", maps,
                                 xLabel: "region's left edge (px)", yLabel: "region's top edge (px)")
    }

    /// The heading, the table and the heat maps as an HTML fragment.
    public var htmlFragment: String { HTMLFragment.wrap(HTMLFragment.caption(heading) + table.html + chart) }
}
