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
    /// Lines starting with this byte are skipped (Adult's test file begins with `|1x3 Cross validator`).
    public var comment: UInt8?

    /// The defaults: comma, header, `""`, `?`, `NA` missing, trimmed.
    public init() {}
}
