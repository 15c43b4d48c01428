import Datasets
import Fairness
import Tensors

extension Finding {
    /// `{kind=, rule=, message=, reading=, severity=, evidence={statistic=, value=, p_value=?}}`.
    public var json: JSONValue {
        var evidence: [String: JSONValue] = ["statistic": .string(self.evidence.statistic), "value": .number(self.evidence.value)]
        if let p = self.evidence.pValue { evidence["p_value"] = .number(p) }
        return .object(["kind": .string(kind.rawValue), "rule": .string(rule), "message": .string(message),
                        "reading": .string(reading), "severity": .number(severity), "evidence": .object(evidence)])
    }

    /// The evidence in words: "selection-rate ratio = 0.35, p = 0.001".
    public var evidenceText: String {
        "\(evidence.statistic) = \(TextTable.format(evidence.value))" + (evidence.pValue.map { ", p = \(TextTable.format($0))" } ?? "")
    }

    /// Findings as text grouped by kind (worst first): a kind's heading, then each finding, its reading and evidence.
    public static func text(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "No findings.\n" }
        return "Findings (by kind, worst first):\n" + byKind(findings).map { kind, these in
            "  \(kind.rawValue): \(kind.explanation)\n" + these.map {
                "    - \($0.rule): \($0.message)\n      → \($0.reading) [\($0.evidenceText)]\n"
            }.joined()
        }.joined()
    }

    /// Findings as Markdown grouped by kind.
    public static func markdown(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "No findings.\n" }
        return byKind(findings).map { kind, these in
            "### \(kind.rawValue)\n\n\(kind.explanation)\n\n" + these.map {
                "- **\($0.rule)**: \($0.message). \($0.reading) (\($0.evidenceText))\n"
            }.joined() + "\n"
        }.joined()
    }

    /// Findings as HTML grouped by kind, each kind with its explanation, worst first.
    public static func html(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "<p class=\"none\">No findings.</p>\n" }
        return byKind(findings).map { kind, these in
            "<h3 class=\"kind\">\(HTMLReport.escape(kind.rawValue))</h3>\n<p class=\"explain\">\(HTMLReport.escape(kind.explanation))</p>\n<ul class=\"findings\">\n" +
                these.map {
                    "<li><b>\(HTMLReport.escape($0.rule))</b>: \(HTMLReport.escape($0.message))<br>\(HTMLReport.escape($0.reading)) " +
                        "<span class=\"evidence\">(\(HTMLReport.escape($0.evidenceText)))</span></li>\n"
                }.joined() + "</ul>\n"
        }.joined()
    }
}
