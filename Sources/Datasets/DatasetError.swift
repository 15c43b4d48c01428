/// Errors reading or shaping data, each naming the file, the line (or row) and what was expected.
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    /// A CSV file that cannot be parsed at `line` (1-based).
    case malformed(file: String, line: Int, reason: String)
    /// A file that cannot be opened or read.
    case unreadable(file: String, reason: String)
    /// A column name that does not exist.
    case unknownColumn(name: String, option: String, columns: [String])
    /// An image file that cannot be decoded or used.
    case image(file: String, reason: String)
    /// Any other invalid request, with the message to show.
    case invalid(String)

    public var description: String {
        switch self {
        case let .malformed(file, line, reason): return "\(file):\(line): \(reason)"
        case let .unreadable(file, reason): return "cannot read \(file): \(reason)"
        case let .unknownColumn(name, option, columns):
            return "\(option): column '\(name)' not found; columns are: \(columns.joined(separator: ", "))"
        case let .image(file, reason): return "\(file): \(reason)"
        case let .invalid(message): return message
        }
    }
}
