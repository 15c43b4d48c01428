import Datasets
import Fairness
import Tensors

extension Detection {
    /// The report as JSON: data bias, selection, the model's frame per sensitive column, Clarify's reports, tests, findings, notes.
    public var json: JSONValue {
        .object([
            "data_bias": dataBias.json,
            "selection": selection.json,
            "model": .array(model.map { m in
                .object(["attribute": .string(m.attribute), "frame": m.frame.json(intervals: m.intervals), "check": m.check?.json ?? .null])
            }),
            "clarify": .array(clarify.map(\.json)),
            "tests": .array(zip(tests, adjusted).map { $0.json(adjusted: $1) }),
            "findings": .array(findings.map(\.json)),
            "notes": .array(notes.map(JSONValue.string)),
        ])
    }

    /// The report as text: findings and notes, data bias, representation, the model by group, Clarify's reports, tests.
    public var text: String {
        var out = "Bias detection\n\n" + Finding.text(findings)
        out += notes.map { "note: \($0)\n" }.joined()
        out += "\n" + dataBias.text + "\n"
        if !selection.againstPopulation { out += "\nRepresentation, training against test data:\n" + selection.text }
        for m in model {
            out += "\nModel on test data, by \(m.attribute) (" + m.sizeText + "):\n"
            out += m.frame.text(intervals: m.intervals) + "\n"
            if let check = m.check { out += "\n" + check.text + "\n" }
        }
        for c in clarify { out += "\n" + c.text + "\n" }
        if !tests.isEmpty {
            out += "\n" + TestResult.table(tests, adjusted: adjusted).description + "\n"
        }
        return out
    }

    /// The report as Markdown: the findings, then the text report.
    public var markdown: String {
        "# Bias detection\n\n## Findings\n\n" + Finding.markdown(findings) + "\n```\n" + text + "\n```\n"
    }

    /// The self-contained HTML report: findings, data bias, the model by group with ROC, precision-recall and calibration
    /// curves and the fairness check, tests, notes.
    public func report(provenance: [(String, String)]) -> HTMLReport {
        var r = HTMLReport(title: "Bias detection")
        r.typedFindings = findings
        r.add("Bias in the training data", dataBias.html(selection: selection))
        for m in model {
            var body = "<p>Group sizes: " + HTMLReport.escape(m.sizeText) +
                (m.small.isEmpty ? "" : " (below the minimum size: " + HTMLReport.escape(m.small.joined(separator: ", ")) + ")") + ".</p>\n"
            body += m.frame.htmlTables(intervals: m.intervals) + m.frame.chart(title: "Metrics by \(m.attribute)" + (m.intervals.map { " (\(Int($0.level * 100)) % intervals)" } ?? ""),
                                                      intervals: m.intervals, small: Set(m.small))
            if let scores = m.frame.data.score, let labels = try? m.frame.data.binaryLabels() {
                body += SVGChart.curves(.roc, scores: scores, labels: labels, groups: m.frame.groups, title: "ROC by \(m.attribute)",
                                        small: Set(m.small))
                body += SVGChart.curves(.precisionRecall, scores: scores, labels: labels, groups: m.frame.groups, title: "Precision-recall by \(m.attribute)",
                                        small: Set(m.small))
                body += SVGChart.curves(.calibration(bins: 10), scores: scores, labels: labels, groups: m.frame.groups,
                                        title: "Calibration by \(m.attribute)", small: Set(m.small))
            }
            r.add("The model on test data, by \(m.attribute)", body)
            if let check = m.check { r.add("Fairness check, by \(m.attribute)", check.html) }
        }
        for c in clarify { r.add(c.sectionTitle, c.facetsHTML) }
        r.add("Tests", HTMLReport.table(header: ["test", "hypothesis", "statistic", "p", "p (Holm)"],
                                        rows: TestResult.table(tests, adjusted: adjusted).rows))
        r.notes = notes
        r.provenance = provenance
        return r
    }
}

extension Detection.ModelBias {
    /// "Female n = 120, Male n = 240".
    public var sizeText: String { zip(frame.groups.names, sizes).map { "\($0) n = \($1)" }.joined(separator: ", ") }
}

extension Detection: Reportable {}
