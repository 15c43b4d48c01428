import Datasets
import Explain

extension PermutationImportance {
    /// The ranking: each feature's mean drop and its standard deviation, largest first.
    public var table: TextTable {
        TextTable(header: ["feature", "mean drop", "std"], rows: ranking.map { [$0.feature, TextTable.format($0.mean), TextTable.format($0.std)] })
    }

    /// The line naming `metric`, the baseline and the repeats.
    public func heading(metric: String) -> String {
        "permutation importance of \(metric) (baseline \(TextTable.format(baseline)), \(drops.first?.count ?? 0) repeats)"
    }

    /// The ranking as a table, under its heading.
    public func text(metric: String) -> String { heading(metric: metric) + "\n" + table.description }

    /// The heading, the table and the chart as an HTML fragment.
    public func htmlFragment(metric: String) -> String {
        HTMLFragment.wrap(HTMLFragment.caption(heading(metric: metric)) + table.html + chart(metric: metric))
    }

    /// The mean drops as bars with ±1 std whiskers, largest first (SVG).
    public func chart(metric: String) -> String {
        SVGChart.bars(title: "Permutation importance of \(metric)", categories: ranking.map(\.feature),
                      series: [.init(name: "mean drop", values: ranking.map(\.mean), intervals: ranking.map { ($0.mean - $0.std, $0.mean + $0.std) })],
                      yLabel: "drop in \(metric)")
    }
}

extension PartialDependence {
    /// The average (and each group's curve) by grid point.
    public func table(feature: String, groups: [(level: String, average: [Double])]) -> TextTable {
        TextTable(header: [feature, "average"] + groups.map(\.level),
                  rows: labels.enumerated().map { k, label in [label, TextTable.format(average[k])] + groups.map { TextTable.format($0.average[k]) } })
    }

    /// The table under a line naming `feature`.
    public func text(feature: String, groups: [(level: String, average: [Double])]) -> String {
        "partial dependence on \(feature)\n" + table(feature: feature, groups: groups).description
    }

    /// The table and the chart as an HTML fragment.
    public func htmlFragment(feature: String, groups: [(level: String, average: [Double])]) -> String {
        HTMLFragment.wrap(HTMLFragment.caption("partial dependence on \(feature)") + table(feature: feature, groups: groups).html + chart(feature: feature, groups: groups))
    }

    /// The average curve, one per group, and up to 30 ICE curves evenly spaced through the rows (SVG).
    public func chart(feature: String, groups: [(level: String, average: [Double])]) -> String {
        let numeric = grid.first?.count == 1 && Double(labels.first ?? "") != nil
        let xs = numeric ? grid.map { Double($0[0]) } : labels.indices.map(Double.init)
        var series = [SVGChart.Line(name: "average", points: Array(zip(xs, average)).map { ($0, $1) })]
        series += groups.map { g in SVGChart.Line(name: g.level, points: Array(zip(xs, g.average)).map { ($0, $1) }) }
        if let ice = individual {
            let step = max(1, ice.count / 30)
            let rows = Array(Swift.stride(from: 0, to: ice.count, by: step).prefix(30))
            var points: [(x: Double, y: Double)] = []
            for r in rows {
                points += zip(xs, ice[r]).map { (x: $0, y: $1) }
                points.append((x: .nan, y: .nan))
            }
            series.insert(SVGChart.Line(name: "ICE (\(rows.count) rows)", points: points), at: 0)   // under the averages
        }
        return SVGChart.lines(title: "Partial dependence on \(feature)", series: series,
                              xLabel: numeric ? feature : "\(feature) (category index)", yLabel: "P(y = 1)")
    }
}
