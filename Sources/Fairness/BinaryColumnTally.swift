import Datasets

/// What an audit reads from a label or decision column, row by row: 1 or 0 by `PositiveValues` (or, for
/// scores with a threshold, score ≥ threshold), how many of each, a few distinct values for messages,
/// and the first value that looks like a score. `check` refuses a column that cannot be audited.
struct BinaryColumnTally {
    /// The column's name.
    let column: String
    /// The flag that sets the positive values, for messages (`--positive`).
    let flag: String
    let positives: PositiveValues
    /// Decide `score >= threshold` instead of matching positive values.
    let threshold: Double?
    private(set) var counts = (positive: 0, negative: 0)
    /// The first distinct values, as written (at most `shown`).
    private var seen: [[UInt8]] = []
    private var more = false
    /// The first number that is not an integer (a score, not a decision).
    private var fraction: String?
    private let shown = 12

    init(column: String, flag: String, positives: PositiveValues, threshold: Double? = nil) {
        self.column = column
        self.flag = flag
        self.positives = positives
        self.threshold = threshold
    }

    /// 1 or 0 for the trimmed field `f` on `line` of `path`.
    mutating func read(_ f: UnsafeBufferPointer<UInt8>, path: String, line: Int) throws -> Int {
        guard !f.isEmpty else { throw DatasetError.malformed(file: path, line: line, reason: "column '\(column)' is empty") }
        let (number, positive) = positives.classify(f)
        if number == nil, f.contains(where: { $0 >= 0x80 }), String(validating: f, as: UTF8.self) == nil {
            throw DatasetError.malformed(file: path, line: line, reason: "column '\(column)': invalid UTF-8")
        }
        if !more && !seen.contains(where: { $0.elementsEqual(f) }) {
            if seen.count < shown { seen.append(Array(f)) } else { more = true }
        }
        let one: Bool
        if let threshold {
            guard let number, number.isFinite else {
                throw DatasetError.malformed(file: path, line: line, reason: "column '\(column)': '\(String(decoding: f, as: UTF8.self))' is not a score (--threshold needs numbers)")
            }
            one = number >= threshold
        } else {
            if fraction == nil, let number, number.isFinite, number != number.rounded() { fraction = String(decoding: f, as: UTF8.self) }
            one = positive
        }
        if one { counts.positive += 1 } else { counts.negative += 1 }
        return one ? 1 : 0
    }

    /// The values found, for messages: `'0', '2'` (with `…` when there were more).
    var valuesFound: String {
        seen.map { "'\(String(decoding: $0, as: UTF8.self))'" }.joined(separator: ", ") + (more ? ", …" : "")
    }

    /// Refuses a score column read as decisions, and a column in which no value or every value is positive.
    func check(path: String) throws {
        if let fraction {
            throw FairnessError.invalid("\(path): column '\(column)' holds scores ('\(fraction)'), not decisions; "
                                        + "give --threshold T to decide score >= T")
        }
        let rule = threshold.map { "score >= \(Rules.format($0))" } ?? "\(flag) \(positives.written.joined(separator: ","))"
        if counts.positive == 0 {
            throw FairnessError.invalid("\(path): column '\(column)': no value is positive (\(rule)); values found: \(valuesFound)")
        }
        if counts.negative == 0 {
            throw FairnessError.invalid("\(path): column '\(column)': every value is positive (\(rule)); values found: \(valuesFound)")
        }
    }
}
