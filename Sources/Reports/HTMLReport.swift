import Datasets
import Fairness
import FoundationEssentials
import Tensors
#if canImport(Glibc)
import Glibc
#endif

/// A self-contained HTML report: inline CSS and SVG, no scripts and no network; findings first, then
/// sections of tables and charts, then the provenance.
public struct HTMLReport {
    /// The title.
    public let title: String
    /// One-line findings shown first.
    public var findings: [String] = []
    /// Findings with their kinds, shown grouped by kind (worst first) in place of `findings` when given.
    public var typedFindings: [Finding] = []
    /// What the findings leave out (small groups, an underpowered "no finding"): shown right under them.
    public var notes: [String] = []
    /// Sections: a heading and an HTML body.
    public var sections: [(heading: String, body: String)] = []
    /// Provenance rows: data file and its SHA-256, script, seed, version, date.
    public var provenance: [(String, String)] = []

    /// An empty report called `title`.
    public init(title: String) { self.title = title }

    /// A report of one section (`heading`, `html`) after its findings, with `provenance`'s rows.
    public init(title: String, findings: [Finding], heading: String, html: String, provenance: [(String, String)]) {
        self.title = title
        typedFindings = findings
        self.provenance = provenance
        add(heading, html)
    }

    /// Escapes text for HTML.
    public static func escape(_ s: String) -> String { SVGChart.escape(s) }

    /// An HTML table: every cell of a column of numbers, or after the first (row labels such as a tensor's
    /// `[1, 2]`) of `[lo, hi]` intervals (empty and elided cells allowed), is right-aligned and never wraps
    /// (`7.2e-140` stays one word), as in `TextTable`; any other column is left-aligned, numbers in it too.
    public static func table(header: [String], rows: [[String]]) -> String {
        let numeric = header.indices.map { k in
            let cells = rows.map { k < $0.count ? $0[k] : "" }
            let number = { (s: String) in TextTable.isNumber(s) || (k > 0 && isInterval(s)) }
            return cells.contains(where: number) && cells.allSatisfy { $0.isEmpty || $0 == "…" || number($0) }   // … elides rows
        }
        func cell(_ tag: String, _ s: String, _ k: Int) -> String {
            "<\(tag)\(k < numeric.count && numeric[k] ? " class=\"n\"" : "")>\(escape(s))</\(tag)>"
        }
        return "<table>\n<thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n" +
            rows.map { "<tr>" + $0.enumerated().map { cell("td", $1, $0) }.joined() + "</tr>\n" }.joined() + "</tbody>\n</table>\n"
    }

    /// Whether `s` is an interval cell, `[lo, hi]` of two numbers.
    static func isInterval(_ s: String) -> Bool {
        guard s.hasPrefix("["), s.hasSuffix("]") else { return false }
        let parts = s.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { TextTable.isNumber(String($0.drop { $0 == " " })) }
    }

    /// Adds a section.
    public mutating func add(_ heading: String, _ body: String) { sections.append((heading, body)) }


    /// The whole document.
    public var html: String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; max-width: 900px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
        \(HTMLFragment.styles(scope: ""))
        footer { margin-top: 3em; font-size: 0.85em; color: #555; }
        </style>
        </head>
        <body>

        """ + content(level: 1) + "</body>\n</html>\n"
    }

    /// The title, findings, sections and provenance, the title as `<h{level}>` and the rest one level below.
    func content(level: Int) -> String {
        let h = "h\(level)", h2 = "h\(level + 1)"
        var out = "<\(h)>\(Self.escape(title))</\(h)>\n<\(h2)>Summary of findings</\(h2)>\n"
        out += !typedFindings.isEmpty ? Finding.html(typedFindings) : findings.isEmpty ? "<p class=\"none\">No findings.</p>\n"
            : "<ul class=\"findings\">\n" + findings.map { "<li>\(Self.escape($0))</li>\n" }.joined() + "</ul>\n"
        if !notes.isEmpty { out += "<p class=\"none\">Notes:</p>\n<ul class=\"notes\">\n" + notes.map { "<li>\(Self.escape($0))</li>\n" }.joined() + "</ul>\n" }
        for (heading, body) in sections { out += "<\(h2)>\(Self.escape(heading))</\(h2)>\n" + body }
        return out + "<footer>\n<\(h2)>Provenance</\(h2)>\n" + Self.table(header: ["", ""], rows: provenance.map { [$0.0, $0.1] }) + "</footer>\n"
    }

    /// The one provenance block of every report kind: FairLua's version, the command line, the script (when
    /// one ran), each data file with its rows and SHA-256, the options, the seed and the date.
    public static func provenance(files: [(path: String, rows: Int)], script: String?, options: String? = nil, seed: Int?) -> [(String, String)] {
        var rows: [(String, String)] = [("FairLua", fairLuaVersion), ("command", command(CommandLine.arguments))]
        if let script { rows.append(("script", script)) }
        var seen = Set<String>()
        for file in files where seen.insert(file.path).inserted {
            rows.append(("data file", file.path))
            rows.append(("rows", String(file.rows)))
            rows.append(("SHA-256", fileDigest(file.path)))
        }
        if let options { rows.append(("options", options)) }
        rows.append(("seed", seed.map(String.init) ?? "not set (pass --seed N)"))
        rows.append(("date", Date().formatted(.iso8601)))
        return rows
    }

    /// `arguments` as a shell would take them back: words with spaces or quotes single-quoted.
    static func command(_ arguments: [String]) -> String {
        arguments.enumerated().map { k, a in
            let word = k == 0 ? (a.split(separator: "/").last.map(String.init) ?? a) : a
            let plain = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=,:+@%".contains($0) }
            return plain ? word : "'" + word.replacing("'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    /// The SHA-256 of the file at `path`, or a note that it could not be read.
    public static func fileDigest(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "(file not readable)" }
        return SHA256.hex([UInt8](data))
    }
}

extension HTMLReport: HTMLRenderable {
    /// The report in a notebook: its title as `<h3>`, sections as `<h4>`, under scoped styles.
    public var htmlFragment: String { HTMLFragment.wrap(content(level: 3)) }
}
