import Datasets
import Explain
import Tensors

extension SHAPImportance {
    /// The features shown in the chart, most important first.
    public static let chartFeatures = 8

    /// The line naming the margin, the rows, the expected value and the grouping.
    public var heading: String {
        "TreeSHAP of the \(shap.margin.rawValue): \(shap.rows) rows, expected value \(TextTable.format(shap.expectedValue)); mean |SHAP| by feature"
            + (groupName.map { " and by \($0)" } ?? "")
    }

    /// Each feature's mean |SHAP| over all rows and over each group's, most important first.
    public var table: TextTable {
        TextTable(header: ["feature", "all"] + groups.map { $0.level + ($0.isSmall ? " *" : "") },
                  rows: ranking.map { f in [features[f], TextTable.format(meanAbs[f])] + groups.map { TextTable.format($0.meanAbs[f]) } })
    }

    /// What a reader must know: small groups, and that the attributions add up.
    public var notes: [String] {
        var out = groups.filter(\.isSmall).map { "* \($0.level) has \($0.rows) rows (fewer than \(Self.smallGroup)): its means are noisy" }
        out.append("each row's SHAP values add up to its \(shap.margin.rawValue) minus the expected value; one-hot columns are summed per feature")
        return out
    }

    /// The heading, the table and the notes.
    public var text: String { ([heading, table.description] + notes).joined(separator: "\n") }

    /// Mean |SHAP| of the most important features as bars, one series per group (all rows without groups) (SVG).
    public var chart: String {
        let shown = Array(ranking.prefix(Self.chartFeatures))
        let series = groups.isEmpty ? [SVGChart.Bars(name: "all rows", values: shown.map { meanAbs[$0] })]
                                    : groups.map { g in SVGChart.Bars(name: g.level, values: shown.map { g.meanAbs[$0] }) }
        return SVGChart.bars(title: "Mean |SHAP| by feature" + (groupName.map { " and \($0)" } ?? ""), categories: shown.map { features[$0] },
                             series: series, yLabel: "mean |SHAP| (\(shap.margin.rawValue))")
    }

    /// The heading, the table, the notes and the chart as an HTML fragment.
    public var htmlFragment: String {
        HTMLFragment.wrap(HTMLFragment.caption(heading) + table.html + notes.map(HTMLFragment.caption).joined() + chart)
    }

    /// `{margin=, rows=, expected_value=, features=, mean_abs={feature=v}, by=, groups={{level=, rows=, small=, mean_abs=}}}`
    /// (the per-row values are the result's `.values` tensor, not part of the JSON).
    public var json: JSONValue {
        func byFeature(_ values: [Double]) -> JSONValue { .object(Dictionary(uniqueKeysWithValues: zip(features, values.map(JSONValue.number)))) }
        var t: [String: JSONValue] = [
            "margin": .string(shap.margin.rawValue), "rows": .integer(shap.rows), "expected_value": .number(shap.expectedValue),
            "features": .array(ranking.map { .string(features[$0]) }), "mean_abs": byFeature(meanAbs),
            "groups": .array(groups.map { g in .object(["level": .string(g.level), "rows": .integer(g.rows), "small": .bool(g.isSmall),
                                                        "mean_abs": byFeature(g.meanAbs)]) }),
        ]
        if let groupName { t["by"] = .string(groupName) }
        return .object(t)
    }

    /// A whole HTML report: findings naming the feature each group's decisions depend on most (groups sharing it in
    /// one line), the section, the provenance.
    public func report(provenance: [(String, String)]) -> HTMLReport {
        var r = HTMLReport(title: "TreeSHAP explanation")
        var byTop: [(feature: Int, levels: [String])] = []
        for g in groups {
            guard let top = g.meanAbs.indices.filter({ !g.meanAbs[$0].isNaN }).max(by: { g.meanAbs[$0] < g.meanAbs[$1] }) else { continue }
            if let k = byTop.firstIndex(where: { $0.feature == top }) { byTop[k].levels.append(g.level) } else { byTop.append((top, [g.level])) }
        }
        r.findings = byTop.map { "for \($0.levels.joined(separator: ", ")) the decisions depend most on \(features[$0.feature])" }
        r.add("Mean |SHAP| by feature", htmlFragment)
        r.provenance = provenance
        return r
    }
}

extension SHAPImportance: Reportable {}
