import Datasets
import Fairness
import Tensors

extension FairnessCheck {
    /// dalex's conclusion: "not fair because 2 or more criteria exceeded …", "cannot be called fair …", "fair …".
    public var conclusion: String {
        switch verdict {
        case .fair: "the model is fair in terms of checked fairness criteria"
        case .undecided: "the model cannot be called fair because 1 criterion exceeded acceptable limits set by epsilon (which does not mean it is unfair)"
        case .notFair: "the model is not fair because 2 or more criteria exceeded acceptable limits set by epsilon"
        }
    }

    /// The band as text: "[0.8, 1.25]".
    public var band: String { "[\(TextTable.format(epsilon)), \(TextTable.format(1 / epsilon))]" }

    /// The lines above the table: what was compared, the failed criteria, the conclusion.
    public var summary: [String] {
        var out = ["Fairness check of \(attribute): each group's rate over \(privileged)'s (n = \(sizes[groups.firstIndex(of: privileged) ?? 0])), passing inside \(band)" +
                   " (epsilon \(TextTable.format(epsilon)), cutoff \(TextTable.format(cutoff))" + (digits.map { ", rates rounded to \($0) decimals as dalex" } ?? "") + ")."]
        let names = failed.map(\.rawValue)
        out.append(names.isEmpty ? "No bias detected." : "Bias detected in \(names.count) metric\(names.count == 1 ? "" : "s"): \(names.joined(separator: ", ")).")
        out.append("Conclusion: \(conclusion).")
        if hasUndefinedRatios { out.append("Some ratios are NaN (a rate of 0 or an empty denominator): they neither pass nor fail; compare the rates.") }
        return out
    }

    /// The compared groups the table and the charts show (the `LargestGroups.limit` largest of many).
    var shownCompared: [Int] { LargestGroups.shown(sizes: compared.map { sizes[$0] }).map { compared[$0] } }

    /// One row per criterion and compared group (the largest of many): the rates, their ratio and pass / FAIL.
    public var table: TextTable {
        let p = groups.firstIndex(of: privileged) ?? 0
        let shown = shownCompared
        var t = TextTable(header: ["metric", "criterion", "group", "n", "rate", "privileged rate", "ratio", "result"])
        t.footnote = LargestGroups.footnote(shown: shown.count, total: compared.count)
        for (c, criterion) in Self.criteria.enumerated() {
            for g in shown {
                let r = ratios[g][c]
                t.rows.append([criterion.rawValue, criterion.title, groups[g], String(sizes[g]), TextTable.format(rates[g][c]),
                               TextTable.format(rates[p][c]), TextTable.format(r), r.isNaN ? "NaN" : fails(group: g, criterion: c) ? "FAIL" : "pass"])
            }
        }
        return t
    }

    /// The summary lines and the table.
    public var text: String { summary.joined(separator: "\n") + "\n\n" + table.description }

    /// The summary lines and the table, as Markdown.
    public var markdown: String { summary.joined(separator: "\n\n") + "\n\n" + table.markdown }

    /// `{attribute, privileged, epsilon, cutoff, verdict, failed, groups, sizes, ratios = {TPR = {group = r}}` (compared
    /// groups)`, rates = {TPR = {group = rate}}}` (every group).
    public var json: JSONValue {
        let names = Self.criteria.map(\.rawValue)
        func byName(_ rows: [Int], _ values: [[Double]]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: names.indices.map { c in (names[c], JSONValue.numbers(rows.map { groups[$0] }, rows.map { values[$0][c] })) }))
        }
        return .object([
            "attribute": .string(attribute), "privileged": .string(privileged), "epsilon": .number(epsilon), "cutoff": .number(cutoff),
            "verdict": .string(verdict.rawValue), "failed": .array(failed.map { .string($0.rawValue) }),
            "groups": .array(groups.map(JSONValue.string)), "sizes": .array(sizes.map(JSONValue.integer)),
            "ratios": byName(compared, ratios), "rates": byName(Array(groups.indices), rates),
        ])
    }

    /// The summary, the table and both charts, as HTML.
    public var html: String {
        summary.map(HTMLFragment.caption).joined() + table.html + ratioChart + heatmap
    }
}

extension FairnessCheck: HTMLRenderable {
    /// The check under a heading.
    public var htmlFragment: String { HTMLFragment.wrap("<h3>Fairness check</h3>\n" + html) }
}

extension Disparities {
    /// How the reference was chosen, as text.
    public var referenceText: String {
        switch reference {
        case .largest: "the largest group, \(groups[referenceGroups.first ?? 0])"
        case .minMetric: "per metric the group with the smallest value (" +
            zip(Self.metrics, referenceGroups).map { "\($0.rawValue) \(groups[$1])" }.joined(separator: ", ") + ")"
        case let .group(name): name
        }
    }

    /// The lines above the tables.
    public var summary: [String] {
        var out = ["Disparities of \(attribute) (Aequitas): each group's metric over the reference's, reference \(referenceText); " +
                   "fair inside [\(TextTable.format(tau)), \(TextTable.format(1 / tau))]; a positive value over a reference of 0 is written 10."]
        let unfair = Self.metrics.indices.filter { isFair(metric: $0) == false }.map { Self.metrics[$0].parity }
        out.append(unfair.isEmpty ? "Every parity holds." : "Unfair: \(unfair.joined(separator: ", ")).")
        return out
    }

    /// The groups the tables list (the `LargestGroups.limit` largest of many).
    var shownGroups: [Int] { LargestGroups.shown(sizes: sizes) }

    /// One row per shown group: its size and each metric's `_disparity`.
    public var table: TextTable {
        var t = TextTable(header: ["group", "n"] + Self.metrics.map { $0.rawValue + "_disparity" },
                          rows: shownGroups.map { g in [groups[g], String(sizes[g])] + disparities[g].map { TextTable.format($0) } })
        t.footnote = LargestGroups.footnote(shown: shownGroups.count, total: groups.count)
        return t
    }

    /// One row per shown group, then the attribute: each parity's determination ("True", "False", or "NaN" when undefined).
    public var determinations: TextTable {
        func word(_ b: Bool?) -> String { b.map { $0 ? "True" : "False" } ?? "NaN" }
        var t = TextTable(header: ["group"] + Self.metrics.map(\.parity))
        for g in shownGroups { t.rows.append([groups[g]] + Self.metrics.indices.map { word(isFair(group: g, metric: $0)) }) }
        t.rows.append(["(\(attribute))"] + Self.metrics.indices.map { word(isFair(metric: $0)) })
        t.footnote = LargestGroups.footnote(shown: shownGroups.count, total: groups.count)
        return t
    }

    /// The summary lines and both tables.
    public var text: String { summary.joined(separator: "\n") + "\n\n" + table.description + "\n\n" + determinations.description }

    /// The summary, both tables and a heat map of the disparities, as HTML.
    public var html: String { summary.map(HTMLFragment.caption).joined() + table.html + determinations.html + heatmap }
}

extension Disparities: HTMLRenderable {
    /// The view under a heading.
    public var htmlFragment: String { HTMLFragment.wrap("<h3>Disparities</h3>\n" + html) }
}

extension FairnessCheck: Reportable {
    /// The report: the failed criteria as findings, then the verdict's table and charts.
    public func report(provenance: [(String, String)]) -> HTMLReport {
        HTMLReport(title: "Fairness check", findings: findings(), heading: "Verdict", html: html, provenance: provenance)
    }
}

extension Disparities: Reportable {
    /// The report: each parity that does not hold (among groups of at least 30 rows) as a finding, then the tables and the heat map.
    public func report(provenance: [(String, String)]) -> HTMLReport {
        HTMLReport(title: "Disparities", findings: findings(), heading: "Disparities (Aequitas)", html: html, provenance: provenance)
    }
}
