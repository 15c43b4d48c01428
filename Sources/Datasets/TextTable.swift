import Tensors

/// A plain-text table with aligned columns: a column whose cells are all numbers (or NaN, or empty) is
/// right-aligned with its decimal points lined up, header included; any other column is left-aligned.
public struct TextTable: CustomStringConvertible {
    /// Column headers.
    public var header: [String]
    /// Rows of cells (each as long as the header).
    public var rows: [[String]]
    /// A line under the table (what was left out: "… and 41 more groups (see JSON)").
    public var footnote: String?

    /// A table with `header` and no rows.
    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// Whether a cell reads as a number (NaN included): such columns are right-aligned.
    public static func isNumber(_ s: String) -> Bool {
        !s.isEmpty && (Double(s) != nil || s == "NaN" || s == "nan")
    }

    /// Characters from the decimal point (or the exponent) to the end: `0.25` has 3, `12` none; nil for NaN,
    /// which is right-aligned as it is.
    static func fractionWidth(_ s: String) -> Int? {
        if s.lowercased() == "nan" { return nil }
        guard let dot = s.firstIndex(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return 0 }
        return s.distance(from: dot, to: s.endIndex)
    }

    public var description: String {
        let cells = rows.map { row in header.indices.map { $0 < row.count ? row[$0] : "" } }
        var columns = header.indices.map { k in cells.map { $0[k] } }
        let numeric = columns.map { column in column.contains(where: TextTable.isNumber) && column.allSatisfy { $0.isEmpty || TextTable.isNumber($0) } }
        for k in columns.indices where numeric[k] {
            let fraction = columns[k].compactMap(TextTable.fractionWidth).max() ?? 0
            columns[k] = columns[k].map { cell in
                TextTable.fractionWidth(cell).map { cell + String(repeating: " ", count: fraction - $0) } ?? cell
            }
        }
        let widths = header.indices.map { k in ([header[k]] + columns[k]).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.indices.map { k in
                let cell = cells[k], pad = String(repeating: " ", count: widths[k] - cell.count)
                return numeric[k] ? pad + cell : cell + pad
            }.joined(separator: "  ").trailingSpacesRemoved
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.indices.map { r in line(header.indices.map { columns[$0][r] }) } + (footnote.map { [$0] } ?? [])).joined(separator: "\n")
    }

    /// Significant digits of the numbers in tables (`report.digits`, `fairlua --digits N`); 4 unless set.
    nonisolated(unsafe) public static var digits = 4

    /// The digits a table may be asked for: 1 to 17 (17 round-trips every Double).
    public static let digitRange = 1...17

    /// A number as shown in tables, the one formatter every table and report uses: integers plainly, others
    /// with `digits` significant digits (`%.4g`: 0.6484, 8.557e-05), and magnitudes of `10^digits` or more
    /// as whole numbers (3271, not 3.271e+03). A Float32 value read as a Double (0.699999988) shows as the
    /// decimal it was written as (0.7), at any number of digits; at 17 every number is its shortest round-trip text.
    public static func format(_ d: Double) -> String { format(d, digits: digits) }

    /// `d` with `digits` significant digits (clamped to `digitRange`), as `format(_:)` writes it.
    public static func format(_ d: Double, digits: Int) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
        let digits = min(max(digits, digitRange.lowerBound), digitRange.upperBound)
        let f = Float(d)
        let d = Double(f) == d ? f.shortestDouble : d     // a Float32 value: the decimal it stands for (0.7)
        var whole = 1.0                                   // 10^digits, exact in a Double up to 10^22
        for _ in 0..<digits { whole *= 10 }
        if abs(d) < 1e15 && abs(d) >= whole { return String(Int64(d.rounded())) }
        return digits == digitRange.upperBound ? d.description : Tensor.printf("%.\(digits)g", d)
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

extension Dataset {
    /// The first `n` rows as an aligned table (none when `n` ≤ 0).
    public func head(_ n: Int) -> TextTable {
        TextTable(header: table.names, rows: (0..<max(0, min(n, count))).map { r in table.columns.map { $0.isMissing(r) ? "NaN" : $0.text(r) } })
    }

    /// One row per column: its type and role, missing count, mean/std/min/max (numeric columns) or the number of
    /// levels and the most common one (categorical columns). Numbers and text never share a column, so every
    /// number column is right-aligned on its decimal point and the level names are left-aligned.
    public func describe() -> TextTable {
        var out = TextTable(header: ["column", "type", "role", "missing", "mean", "std", "min", "max", "levels", "top"])
        for (name, column) in zip(table.names, table.columns) {
            let role = name == label ? "label" : (sensitive.contains(name) ? "sensitive" : "feature")
            var missing = 0
            for r in 0..<count where column.isMissing(r) { missing += 1 }
            switch column {
            case let .numeric(values):
                let present = values.filter { !$0.isNaN }
                let mean = present.reduce(0, +) / Double(max(present.count, 1))
                let variance = present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(present.count - 1, 1))
                out.rows.append([name, "numeric", role, String(missing), TextTable.format(mean),
                                 TextTable.format(variance.squareRoot()),
                                 TextTable.format(present.min() ?? .nan), TextTable.format(present.max() ?? .nan), "", ""])
            case let .categorical(c):
                var counts = [Int](repeating: 0, count: c.levels.count)
                for code in c.codes where code >= 0 { counts[Int(code)] += 1 }
                let top = counts.indices.max { counts[$0] < counts[$1] }.map { c.levels[$0] } ?? ""
                out.rows.append([name, "categorical", role, String(missing), "", "", "", "", String(c.levels.count), top])
            }
        }
        return out
    }
}
