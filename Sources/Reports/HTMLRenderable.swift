import Datasets

/// A value with an HTML form: a notebook shows it as `text/html` beside its text. The form is a fragment
/// (tables and inline SVG under styles scoped to it), never a document, so nothing restyles the page it is in.
public protocol HTMLRenderable {
    /// The value as an HTML fragment (`HTMLFragment.wrap` of its tables and charts).
    var htmlFragment: String { get }
}

/// A result that makes a whole report (findings, sections, provenance): `report.html` and every `:html(path)`
/// accept any conforming value.
public protocol Reportable {
    /// The self-contained report with `provenance`'s rows (`HTMLReport.provenance`).
    func report(provenance: [(String, String)]) -> HTMLReport
}

/// What holds a reportable result (a Lua box) and the datasets it was computed on, whose files the provenance names.
public protocol ReportHolder: AnyObject {
    /// The result.
    var reportable: any Reportable { get }
    /// The datasets behind it (none when it came from arrays).
    var datasets: [Dataset] { get }
}

/// The wrapper every HTML fragment shares: a `div` of class `fairlua` and the table styles scoped to it.
public enum HTMLFragment {
    /// The CSS rules for tables and charts, each selector prefixed by `scope` (empty in a whole document).
    public static func styles(scope: String) -> String {
        let s = scope.isEmpty ? "" : scope + " "
        return """
        \(s)table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
        \(s)th, \(s)td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; }
        \(s)th { background: #f2f2f2; } \(s)td.n, \(s)th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        \(s).findings li { margin: 0.3em 0; } \(s).none, \(s).evidence, \(s).explain { color: #555; } \(s)h3.kind { font-size: 1.05em; margin-bottom: 0; }
        \(s)svg { max-width: 100%; height: auto; }
        """
    }

    /// `body` inside `<div class="fairlua">` with the scoped styles.
    public static func wrap(_ body: String) -> String {
        "<div class=\"fairlua\">\n<style>\n" + styles(scope: "div.fairlua") + "\n</style>\n" + body + "</div>\n"
    }

    /// A caption line above a table (escaped).
    public static func caption(_ text: String) -> String { "<p>\(HTMLReport.escape(text))</p>\n" }
}
