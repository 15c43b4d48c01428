import Datasets

/// What an audit reads from a label or decision column, row by row: 1 or 0 by `PositiveValues` (or, for
/// scores with a threshold, score ≥ threshold), how many of each, the smallest distinct values for messages,
/// and the first value that looks like a score. `checkScores` refuses scores read as decisions;
/// `AuditState.checkColumns` refuses a column with no positive value or only positive values.
struct BinaryColumnTally {
    /// The column's name.
    let column: String
    let positives: PositiveValues
    /// Decide `score >= threshold` instead of matching positive values.
    let threshold: Double?
    private(set) var counts = (positive: 0, negative: 0)
    /// The smallest distinct values in byte order, as written (at most `AuditState.Tally.shown`).
    private var seen: [[UInt8]] = []
    private var more = false
    /// The first number that is not an integer (a score, not a decision).
    private var fraction: String?
    /// The last few distinct short values and what they read as, checked first: a label or decision column
    /// holds few distinct values, so most rows cost a comparison of two words.
    private var recent: [(key: ShortBytes, one: Int)] = []
    /// What each one-byte value read as (-1: not read yet): 0/1 columns cost one table look-up a row.
    private var single = [Int8](repeating: -1, count: 256)

    init(column: String, positives: PositiveValues, threshold: Double? = nil) {
        self.column = column
        self.positives = positives
        self.threshold = threshold
    }

    /// 1 or 0 for the trimmed field `f` on `line` of `path`.
    mutating func read(_ f: UnsafeBufferPointer<UInt8>, path: String, line: Int) throws -> Int {
        if f.count == 1 {
            let known = single[Int(f[0])]
            if known >= 0 {
                if known == 1 { counts.positive += 1 } else { counts.negative += 1 }
                return Int(known)
            }
            let one = try classify(f, path: path, line: line)
            single[Int(f[0])] = Int8(one)
            return one
        }
        let key = ShortBytes(f)
        if let key {
            for r in recent where r.key == key {
                if r.one == 1 { counts.positive += 1 } else { counts.negative += 1 }
                return r.one
            }
        }
        let one = try classify(f, path: path, line: line)
        if let key, recent.count < 4 { recent.append((key, one)) }
        return one
    }

    /// `read` for a value not among the recent ones.
    private mutating func classify(_ f: UnsafeBufferPointer<UInt8>, path: String, line: Int) throws -> Int {
        guard !f.isEmpty else { throw DatasetError.malformed(file: path, line: line, reason: "column '\(column)' is empty") }
        let (number, positive) = positives.classify(f)
        if number == nil, f.contains(where: { $0 >= 0x80 }), String(validating: f, as: UTF8.self) == nil {
            throw DatasetError.malformed(file: path, line: line, reason: "column '\(column)': invalid UTF-8")
        }
        if !seen.contains(where: { $0.elementsEqual(f) }) { remember(f) }
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

    /// Keeps `f` among the smallest distinct values (so shards merge to the same list in any order).
    private mutating func remember(_ f: UnsafeBufferPointer<UInt8>) {
        let at = seen.firstIndex { f.lexicographicallyPrecedes($0) } ?? seen.count
        guard at < AuditState.Tally.shown else { more = true; return }
        seen.insert(Array(f), at: at)
        if seen.count > AuditState.Tally.shown { seen.removeLast(); more = true }
    }

    /// What the column held, as a state keeps it.
    var tally: AuditState.Tally {
        AuditState.Tally(positive: counts.positive, negative: counts.negative,
                         values: seen.map { String(decoding: $0, as: UTF8.self) }, more: more)
    }

    /// Refuses a score column read as decisions.
    func checkScores(path: String) throws {
        if let fraction {
            throw FairnessError.invalid("\(path): column '\(column)' holds scores ('\(fraction)'), not decisions; "
                                        + "give --threshold T to decide score >= T")
        }
    }
}

/// Up to 16 bytes packed into two words with their count, compared without a loop.
struct ShortBytes: Equatable {
    let low: UInt64, high: UInt64, count: Int

    /// The packed bytes (byte i at bits 8i of the first word, then of the second), or nil when there are more than 16.
    @inline(__always) init?(_ f: UnsafeBufferPointer<UInt8>) {
        guard f.count <= 16 else { return nil }
        count = f.count
        guard let base = f.baseAddress, count > 0 else { low = 0; high = 0; return }
        let raw = UnsafeRawPointer(base)
        if count >= 8 {
            low = ShortBytes.pack(raw, 8)
            high = ShortBytes.pack(raw + 8, count - 8)
        } else {
            low = ShortBytes.pack(raw, count)
            high = 0
        }
    }

    /// The `n` (0…8) bytes at `p` as a little-endian word, read in at most three loads.
    @inline(__always) private static func pack(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
        if n == 8 { return UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) }
        var x: UInt64 = 0, at = 0
        if n & 4 != 0 { x = UInt64(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))); at = 4 }
        if n & 2 != 0 { x |= UInt64(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: at, as: UInt16.self))) << (8 * at); at += 2 }
        if n & 1 != 0 { x |= UInt64(p.load(fromByteOffset: at, as: UInt8.self)) << (8 * at) }
        return x
    }
}
