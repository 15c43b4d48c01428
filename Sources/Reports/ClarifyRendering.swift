import Datasets
import Fairness
import Tensors

extension ClarifyBias {
    /// The stage as Clarify's reports title it.
    public var title: String { stage == .preTraining ? "pre-training bias (SageMaker Clarify)" : "post-training bias (SageMaker Clarify)" }

    /// The line above one facet's table.
    public func caption(_ f: Facet) -> String {
        "Facet \(facet) = \(f.valueOrThreshold) (n = \(f.size)) against the rest (n = \(f.restSize)); label \(label) = \(labelValues)" +
            (group.map { "; group variable \($0)" } ?? "")
    }

    /// One facet's measures: name, description, value and, where Clarify could not compute one, why.
    public func table(_ f: Facet) -> TextTable {
        let withErrors = f.metrics.contains { $0.error != nil }
        return TextTable(header: ["name", "description", "value"] + (withErrors ? ["note"] : []),
                         rows: f.metrics.map { [$0.name, $0.description, TextTable.format($0.value)] + (withErrors ? [$0.error ?? ""] : []) })
    }

    /// The report as text: a title, then each facet's caption and table.
    public var text: String {
        var out = "\(title.prefix(1).uppercased() + title.dropFirst()) of \(rows) rows"
        if !leftOut.isEmpty {
            out += "; from each group's counts (\(leftOut.joined(separator: ", ")) read every row and are left out)"
        } else if stage == .postTraining {
            out += "; flip test on " + (features.isEmpty ? "no numeric feature" : features.joined(separator: ", "))
        }
        for f in facets { out += "\n\n" + caption(f) + "\n" + table(f).description }
        return out
    }

    /// A value as Clarify's JSON writes it: infinities as "Infinity" / "-Infinity", NaN as null.
    static func json(_ v: Double) -> JSONValue {
        v.isInfinite ? .string(v < 0 ? "-Infinity" : "Infinity") : .number(v)
    }

    /// The report as JSON, in Clarify's shape: `{stage, facet, label, label_values, group, rows, features,
    /// facets = [{value_or_threshold, size, rest_size, metrics = [{name, description, value, error?}]}]}`.
    public var json: JSONValue {
        var t: [String: JSONValue] = [
            "stage": .string(stage.rawValue), "facet": .string(facet), "label": .string(label), "label_values": .string(labelValues),
            "rows": .integer(rows), "features": .array(features.map(JSONValue.string)), "left_out": .array(leftOut.map(JSONValue.string)),
            "facets": .array(facets.map { f in
                .object(["value_or_threshold": .string(f.valueOrThreshold), "size": .integer(f.size), "rest_size": .integer(f.restSize),
                         "metrics": .array(f.metrics.map { m in
                             var o: [String: JSONValue] = ["name": .string(m.name), "description": .string(m.description), "value": Self.json(m.value)]
                             if let e = m.error { o["error"] = .string(e) }
                             return .object(o)
                         })])
            }),
        ]
        if let group { t["group"] = .string(group) }
        return .object(t)
    }
}

extension ClarifyBias: HTMLRenderable {
    /// Each facet's caption and table under a heading.
    public var htmlFragment: String {
        HTMLFragment.wrap("<h3>\(HTMLReport.escape(title.prefix(1).uppercased() + title.dropFirst()))</h3>\n" + facetsHTML)
    }

    /// Each facet's caption and table, in HTML.
    public var facetsHTML: String { facets.map { HTMLFragment.caption(caption($0)) + table($0).html }.joined() }

    /// The heading of the report's section in a detection or an audit.
    public var sectionTitle: String { "SageMaker Clarify: \(stage == .preTraining ? "pre-training" : "post-training") measures, by \(facet)" }

    /// Each facet's caption and table, in Markdown.
    public var markdown: String {
        "### " + sectionTitle + "\n\n" + facets.map { caption($0) + "\n\n" + table($0).markdown }.joined(separator: "\n")
    }
}

extension ClarifyBias: Reportable {
    /// The report: disparate impact outside [0.8, 1.25] as findings, then each facet's table, then the notes.
    public func report(provenance: [(String, String)]) -> HTMLReport {
        var r = HTMLReport(title: title.prefix(1).uppercased() + title.dropFirst())
        r.typedFindings = findings()
        r.add("Measures", facetsHTML)
        r.notes = notes()
        r.provenance = provenance
        return r
    }
}
