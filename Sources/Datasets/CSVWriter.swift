import Tensors

/// Writes a table as RFC 4180 CSV: a header, comma separators, fields quoted when they hold a comma,
/// a quote, a newline or surrounding spaces; missing values as empty fields. Reading the file back
/// with `CSVReader` gives the same table.
public enum CSVWriter {
    /// The CSV text of `table`, with its header row unless `header` is false (a continuation).
    public static func text(_ table: Table, header: Bool = true) -> String {
        var out = header ? table.names.map(quote).joined(separator: ",") + "\n" : ""
        for row in 0..<table.rowCount {
            out += table.columns.map { quote($0.text(row)) }.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// Writes `table` to `path` atomically.
    public static func write(_ table: Table, to path: String) throws {
        try AtomicFile.write(text(table), to: path)
    }

    static func quote(_ field: String) -> String {
        let needs = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || field.first == " " || field.last == " " || field == "?" || field == "NA"
        guard needs else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    /// The string with every `target` character replaced by `replacement`.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
