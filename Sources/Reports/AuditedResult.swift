import Datasets
import Fairness
import Tensors

/// A result of a whole-file audit (`fairlua audit --regression`, `--ranking`): it renders as the decision audit
/// does, its findings first, in text, JSON, Markdown or an HTML report with the file's provenance.
public protocol AuditedResult: ResultValue {
    /// The report's title: `Regression fairness`.
    var auditTitle: String { get }
    /// The summary lines and tables as text.
    var text: String { get }
    /// The same as HTML.
    var htmlBody: String { get }
}

extension AuditedResult {
    /// The audit of `file` (`rows` rows) in `format`, with `findings`; `untested` is said under "No findings" when
    /// nothing could have been found (no test ran); `seed` is the provenance's.
    public func rendered(file: String, format: ReportFormat, findings: [Finding], untested: String? = nil, rows: Int, seed: UInt64?) -> String {
        let caveat = findings.isEmpty ? untested.map { "(\($0))\n" } ?? "" : ""
        switch format {
        case .text: return Finding.text(findings) + caveat + "\n" + text + "\n"
        case .json:
            var fields: [String: JSONValue] = ["result": json]
            if case let .object(result) = json { fields = result }
            fields["file"] = .string(file)
            fields["findings"] = .array(findings.map(\.json))
            return JSONValue.object(fields).encoded(indent: 2) + "\n"
        case .markdown:
            return "# \(auditTitle) of `\(file)`\n\n## Findings\n\n" + Finding.markdown(findings) + caveat + "\n## Measures\n\n```\n" + text + "\n```\n"
        case .html:
            let provenance = HTMLReport.provenance(files: [(file, rows)], script: nil, options: "as in the command", seed: seed.map { Int(truncatingIfNeeded: $0) })
            var r = HTMLReport(title: "\(auditTitle) of \(file)", findings: findings, heading: "Measures", html: htmlBody, provenance: provenance)
            if let untested, findings.isEmpty { r.notes.append(untested) }
            return r.html
        }
    }
}
