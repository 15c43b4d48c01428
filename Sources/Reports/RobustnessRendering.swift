import Datasets
import Fairness
import Learning
import Tensors

extension ConfusionCounts {
    /// `{accuracy=, selection_rate=, tpr=, fpr=, count=}`.
    public var ratesJSON: JSONValue {
        .object(["accuracy": .number(accuracy), "selection_rate": .number(selectionRate), "tpr": .number(tpr), "fpr": .number(fpr), "count": .integer(n)])
    }
}

extension Robustness {
    /// Clean and adversarial rates overall and by group, the share of decisions changed, the two gaps under
    /// attack, and the group that loses most.
    public var json: JSONValue {
        let byGroup = Dictionary(uniqueKeysWithValues: groups.indices.map { k in
            (groups[k], JSONValue.object(["clean": cleanByGroup[k].ratesJSON, "adversarial": adversarialByGroup[k].ratesJSON]))
        })
        var t: [String: JSONValue] = [
            "attack": .string(attack.description), "clean": clean.ratesJSON, "adversarial": adversarial.ratesJSON,
            "by_group": .object(byGroup), "changed": .number(changed),
            "demographic_parity_difference": .object(["clean": .number(demographicParity.clean), "adversarial": .number(demographicParity.adversarial)]),
            "equalized_odds_difference": .object(["clean": .number(equalizedOdds.clean), "adversarial": .number(equalizedOdds.adversarial)]),
        ]
        if let losesMost { t["loses_most"] = .string(losesMost) }
        return .object(t)
    }
}

extension Robustness: ResultValue {}

extension Robustness: CustomStringConvertible {
    /// The attack, the share of decisions it changes and the group that loses most.
    public var summary: String {
        "Robustness to \(attack.description): \(TextTable.format(changed)) of the decisions change" + (losesMost.map { "; \($0) loses the most accuracy" } ?? "")
    }

    /// Clean and adversarial accuracy, selection rate, TPR and FPR by group and overall.
    public var table: TextTable {
        var t = TextTable(header: ["rows", "n", "accuracy", "under attack", "selection_rate", "under attack", "tpr", "under attack", "fpr", "under attack"])
        func row(_ name: String, _ c: ConfusionCounts, _ a: ConfusionCounts) -> [String] {
            [name, String(c.n)] + [(c.accuracy, a.accuracy), (c.selectionRate, a.selectionRate), (c.tpr, a.tpr), (c.fpr, a.fpr)]
                .flatMap { [TextTable.format($0.0), TextTable.format($0.1)] }
        }
        for k in groups.indices { t.rows.append(row(groups[k], cleanByGroup[k], adversarialByGroup[k])) }
        t.rows.append(row("overall", clean, adversarial))
        return t
    }

    /// The two gaps, clean and under attack.
    public var gaps: String {
        "demographic parity difference \(TextTable.format(demographicParity.clean)) → \(TextTable.format(demographicParity.adversarial)) under attack; "
            + "equalized odds difference \(TextTable.format(equalizedOdds.clean)) → \(TextTable.format(equalizedOdds.adversarial))"
    }

    /// The summary, the table and the gaps.
    public var description: String { [summary, table.description, gaps].joined(separator: "\n") }
}

extension Robustness: Reportable {
    /// The report: the table and the gaps, and clean against adversarial accuracy by group as bars.
    public func report(provenance: [(String, String)]) -> HTMLReport {
        var r = HTMLReport(title: "Robustness to \(attack.description)")
        r.add("Clean and adversarial rates", "<p>\(HTMLReport.escape(summary)).</p>\n" + table.html + "<p>\(HTMLReport.escape(gaps)).</p>\n"
              + SVGChart.bars(title: "Accuracy by group, clean and under attack", categories: groups + ["overall"],
                              series: [.init(name: "clean", values: cleanByGroup.map(\.accuracy) + [clean.accuracy]),
                                       .init(name: "under attack", values: adversarialByGroup.map(\.accuracy) + [adversarial.accuracy])],
                              yLabel: "accuracy"))
        r.provenance = provenance
        return r
    }
}
