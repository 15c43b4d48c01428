/// Errors in fairness inputs, each with a message a person can act on.
public enum FairnessError: Error, CustomStringConvertible, Equatable {
    /// Two inputs that must have one entry per row differ in length.
    case lengthMismatch(String, Int, String, Int)
    /// A binary input with other values; lists what was found.
    case notBinary(String, [Double])
    /// A metric name that is neither built in nor registered.
    case unknownMetric(String, known: [String])
    /// Any other invalid request.
    case invalid(String)

    public var description: String {
        switch self {
        case let .lengthMismatch(a, n, b, m): return "\(a) has \(n) rows but \(b) has \(m)"
        case let .notBinary(name, values):
            let shown = values.prefix(8).map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }
            return "\(name) must be binary (0/1); found the values \(shown.joined(separator: ", "))\(values.count > 8 ? ", …" : "")"
        case let .unknownMetric(name, known):
            return "unknown metric '\(name)'; known metrics: \(known.joined(separator: ", "))"
        case let .invalid(message): return message
        }
    }
}
