/// How a CSV file is split into fields.
public enum CSVSeparator: Equatable, Sendable {
    /// One byte such as `,` `;` or a tab.
    case byte(UInt8)
    /// Runs of spaces and tabs (german.data); leading blanks are ignored.
    case whitespace

    /// `","`, `";"`, `"\t"`, `"tab"` or `"whitespace"`.
    public init?(_ text: String) {
        switch text {
        case "whitespace": self = .whitespace
        case "tab", "\t": self = .byte(9)
        default:
            guard text.utf8.count == 1, let b = text.utf8.first, b != UInt8(ascii: "\""), b != 10, b != 13 else {
                return nil
            }
            self = .byte(b)
        }
    }
}

/// What to do with a row whose field count differs from the header's.
public enum BadLinePolicy: String, Sendable {
    /// Stop with an error naming the line.
    case error
    /// Skip the row and count it.
    case skip
}

/// Which column of a CSV file holds row labels (pandas' index) rather than data; that column is dropped.
public enum CSVIndexColumn: Equatable, Sendable {
    /// A first column named "" or "Unnamed: 0", as `DataFrame.to_csv` writes the index (the default).
    case automatic
    /// No index column: every column is data (pandas' `index_col=False`).
    case none
    /// The column of this name.
    case named(String)
    /// The column at this 0-based position.
    case position(Int)

    /// `table` without its index column; an unknown name or position is an error listing the columns.
    func dropped(from table: Table, _ path: String) throws -> Table {
        let index: Int?
        switch self {
        case .automatic: index = table.names.first == "Unnamed: 0" ? 0 : nil
        case .none: index = nil
        case let .named(name): index = try table.index(of: name, option: "index_col")
        case let .position(k):
            guard table.names.indices.contains(k) else {
                throw DatasetError.invalid("\(path): index_col \(k + 1) is out of range: the file has \(table.names.count) columns")
            }
            index = k
        }
        guard let index, table.names.count > 1 else { return table }
        var out = table
        out.names.remove(at: index)
        out.columns.remove(at: index)
        return out
    }
}

/// Options of the CSV reader (RFC 4180 plus the usual extensions).
public struct CSVOptions: Sendable {
    /// Field separator.
    public var separator: CSVSeparator = .byte(UInt8(ascii: ","))
    /// Whether the first record names the columns.
    public var header = true
    /// Column names to use instead of (or without) a header.
    public var names: [String]?
    /// Field values that mean "missing" (compared after trimming).
    public var missingMarkers: Set<String> = ["", "?", "NA"]
    /// Strip spaces around unquoted fields.
    public var trim = true
    /// Ragged rows: error (default) or skip.
    public var onBadLines: BadLinePolicy = .error
    /// Columns read as categorical even when every value is a number.
    public var categorical: Set<String> = []
    /// Columns that must be numeric (a non-number is an error naming the line).
    public var numeric: Set<String> = []
    /// The index column to drop (by default pandas' unnamed index).
    public var indexColumn: CSVIndexColumn = .automatic
    /// Lines starting with this byte are skipped (Adult's test file begins with `|1x3 Cross validator`).
    public var comment: UInt8?
    /// Threads a large plain file is parsed on: 2 (the default) splits files of 16 MiB or more in halves, 1 reads front to back.
    public var threads = 2

    /// The defaults: comma, header, `""`, `?`, `NA` missing, trimmed.
    public init() {}
}
