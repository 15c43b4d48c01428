import Datasets
import Dispatch
import Tensors
#if canImport(Glibc)
import Glibc
#endif

/// Counts the records of a decision log into an `AuditState`: groups interned by their bytes, each row added to
/// flat per-group arrays (no allocation per row once a group is known).
struct AuditAccumulator {
    let options: Audit.Options
    let path: String
    let columns: [String]
    let labelColumn: Int, predictionColumn: Int, sensitiveColumns: [Int], scoreColumn: Int?, weightColumn: Int?
    /// The byte joining fields in the bootstrap's row bytes.
    let separator: UInt8
    var label: BinaryColumnTally, decision: BinaryColumnTally
    private var interner = ByteInterner()
    private var values: [[String]] = []
    private var counts: [Int] = [], weighted: [Int128] = [], loss: [Int128] = [], histogram: [Int128] = [], replicates: [Int128] = []
    private var key: [UInt8] = [], lastKey: [UInt8] = [], lastGroup = -1
    /// Groups whose key is at most 16 bytes, by their packed key: a sensitive column holds few distinct values,
    /// so most rows find their group by comparing two words, with no hashing.
    private var recentGroups: [(key: ShortBytes, group: Int)] = []
    private var row: [UInt8] = []

    /// An empty accumulator for data with the column names `columns` (`path` names the data in messages).
    init(options: Audit.Options, columns: [String], path: String) throws {
        try options.validate()
        func index(_ name: String) throws -> Int {
            guard let i = columns.firstIndex(of: name) else { throw DatasetError.unknownColumn(name: name, option: "audit", columns: columns) }
            return i
        }
        self.options = options
        self.path = path
        self.columns = columns
        labelColumn = try index(options.label)
        predictionColumn = try index(options.prediction)
        sensitiveColumns = try options.sensitive.map(index)
        scoreColumn = try options.score.map(index)
        weightColumn = try options.weight.map(index)
        if case let .byte(b) = options.separator { separator = b } else { separator = UInt8(ascii: " ") }
        label = BinaryColumnTally(column: options.label, positives: options.labelPositives)
        decision = BinaryColumnTally(column: options.prediction, positives: options.decisionPositives, threshold: options.threshold)
    }

    /// Which fields the audit reads, by column index (every field with intervals: the bootstrap hashes whole rows).
    var neededFields: [Bool]? {
        guard options.bootstrap == 0 else { return nil }
        var needed = [Bool](repeating: false, count: columns.count)
        for c in [labelColumn, predictionColumn] + sensitiveColumns + [scoreColumn, weightColumn].compactMap({ $0 }) { needed[c] = true }
        return needed
    }

    /// `f` without leading and trailing blanks.
    @inline(__always) private func trimmed(_ f: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0, hi = f.count
        while lo < hi && (f[lo] == 32 || f[lo] == 9) { lo += 1 }
        while hi > lo && (f[hi - 1] == 32 || f[hi - 1] == 9) { hi -= 1 }
        return UnsafeBufferPointer(rebasing: f[lo..<hi])
    }

    /// Missing-value markers of a sensitive field ("", "?", "NA", as `data.csv` reads them): such rows are the group `MissingSensitive.groupName`.
    private static let missingMarkers = CSVOptions().missingMarkers.map { Array($0.utf8) }
    private static let longestMarker = missingMarkers.map(\.count).max() ?? 0
    /// The bytes of `MissingSensitive.groupName`, allocated once for the process.
    nonisolated(unsafe) private static let missingName: UnsafeBufferPointer<UInt8> = {
        let bytes = Array(MissingSensitive.groupName.utf8)
        let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = p.initialize(from: bytes)
        return UnsafeBufferPointer(p)
    }()

    /// The longest missing-value marker, held by the accumulator (no lazy global checked per row).
    private let markerLimit = AuditAccumulator.longestMarker

    /// Sensitive field `f` (trimmed), or the group name's bytes when it is a missing-value marker.
    @inline(__always) private func sensitive(_ f: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        f.count <= markerLimit && Self.missingMarkers.contains(where: { $0.elementsEqual(f) }) ? Self.missingName : f
    }

    /// The number in field `c` of `record`, which must lie in `range` (`what` names it in messages).
    private func number(_ record: CSVRecord, _ c: Int, in range: ClosedRange<Double>, _ what: String) throws -> Double {
        let f = trimmed(record.field(c))
        guard let x = NumberParser.parse(f), range.contains(x) else {
            throw DatasetError.malformed(file: path, line: record.line, reason: "column '\(columns[c])': '\(String(decoding: f.prefix(60), as: UTF8.self))' is not \(what)")
        }
        return x
    }

    /// Counts one record.
    mutating func add(_ record: CSVRecord) throws {
        guard record.count == columns.count else {
            throw DatasetError.malformed(file: path, line: record.line, reason: "expected \(columns.count) fields, found \(record.count)")
        }
        let y = try label.read(trimmed(record.field(labelColumn)), path: path, line: record.line)
        let p = try decision.read(trimmed(record.field(predictionColumn)), path: path, line: record.line)
        let g = try group(record)
        let cell = 2 * y + p
        counts[4 * g + cell] += 1
        // without a weight column the weighted sums are the counts (made in `state`)
        guard weightColumn != nil || scoreColumn != nil || options.bootstrap > 0 else { return }
        let w = try weightColumn.map { FixedPoint.units(try number(record, $0, in: 0...Audit.Options.maxWeight, "a weight in [0, 1e9]")) } ?? FixedPoint.one
        if weightColumn != nil { weighted[4 * g + cell] &+= w }
        if let scoreColumn {
            let s = try number(record, scoreColumn, in: 0...1, "a probability in [0, 1]")
            let q = min(max(s, Double.ulpOfOne), 1 - Double.ulpOfOne)
            let logLoss = y == 1 ? -log(q) : -log(1 - q), brier = (s - Double(y)) * (s - Double(y))
            let scale = FixedPoint.value(w)
            loss[2 * g] &+= FixedPoint.units(logLoss * scale)
            loss[2 * g + 1] &+= FixedPoint.units(brier * scale)
            histogram[(2 * g + y) * options.buckets + min(Int(s * Double(options.buckets)), options.buckets - 1)] &+= w
        }
        if options.bootstrap > 0 {
            let h = rowHash(record)
            let base = 4 * options.bootstrap * g + cell
            for r in 0..<options.bootstrap {
                let k = AuditBootstrap.weight(h, replicate: r)
                if k > 0 { replicates[base + 4 * r] &+= Int128(k) &* w }
            }
        }
    }

    /// The bootstrap hash of `record`'s fields joined by the separator.
    private mutating func rowHash(_ record: CSVRecord) -> UInt64 {
        row.removeAll(keepingCapacity: true)
        for i in 0..<record.count {
            if i > 0 { row.append(separator) }
            row.append(contentsOf: record.field(i))
        }
        return row.withUnsafeBytes { AuditBootstrap.hash($0, seed: options.seed) }
    }

    /// The group of `record`: its sensitive fields interned by their bytes (one column's field itself; several
    /// columns' fields each after its length: one byte below 255, else 255 and four bytes), a recent group
    /// found by comparing words when the key is short, the last group reused when a long key repeats.
    private mutating func group(_ record: CSVRecord) throws -> Int {
        if sensitiveColumns.count == 1 {
            let f = sensitive(trimmed(record.field(sensitiveColumns[0])))
            if let packed = ShortBytes(f) { return try recentGroup(packed, f, record) }
            if lastGroup >= 0, f.elementsEqual(lastKey) { return lastGroup }
            return try group(f, record)
        }
        key.removeAll(keepingCapacity: true)
        for c in sensitiveColumns {
            let f = sensitive(trimmed(record.field(c)))
            if f.count < 255 {
                key.append(UInt8(f.count))
            } else {
                key.append(255)
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: f.count).littleEndian) { key.append(contentsOf: $0) }
            }
            key.append(contentsOf: f)
        }
        let bytes = key
        return try bytes.withUnsafeBufferPointer { k in
            if let packed = ShortBytes(k) { return try recentGroup(packed, k, record) }
            if lastGroup >= 0, k.elementsEqual(lastKey) { return lastGroup }
            return try group(k, record)
        }
    }

    /// The group of the short key `bytes` packed as `packed`: one of the first 16 such groups by comparing words,
    /// else interned.
    @inline(__always) private mutating func recentGroup(_ packed: ShortBytes, _ bytes: UnsafeBufferPointer<UInt8>, _ record: CSVRecord) throws -> Int {
        for r in recentGroups where r.key == packed { return r.group }
        let g = try group(bytes, record)
        if recentGroups.count < 16 { recentGroups.append((packed, g)) }
        return g
    }

    /// The group whose interned bytes are `bytes` (added when new; its values must be UTF-8).
    private mutating func group(_ bytes: UnsafeBufferPointer<UInt8>, _ record: CSVRecord) throws -> Int {
        let before = interner.count
        let g = Int(interner.intern(bytes))
        if g == before {
            values.append(try sensitiveColumns.map { c in
                guard let s = String(validating: sensitive(trimmed(record.field(c))), as: UTF8.self) else {
                    throw DatasetError.malformed(file: path, line: record.line, reason: "column '\(columns[c])': invalid UTF-8")
                }
                return s
            })
            counts += [0, 0, 0, 0]
            weighted += [0, 0, 0, 0]
            if options.score != nil {
                loss += [0, 0]
                histogram += [Int128](repeating: 0, count: 2 * options.buckets)
            }
            replicates += [Int128](repeating: 0, count: 4 * options.bootstrap)
        }
        lastKey.removeAll(keepingCapacity: true)
        lastKey.append(contentsOf: bytes)
        lastGroup = g
        return g
    }

    /// Refuses scores read as decisions in the label, then the decision column, of `parts` (the file's stretches in order).
    static func checkScores(_ parts: [AuditAccumulator]) throws {
        for p in parts { try p.label.checkScores(path: p.path) }
        for p in parts { try p.decision.checkScores(path: p.path) }
    }

    /// The state of the rows counted (`source` names the data in reports).
    func state(source: String) -> AuditState {
        let order = values.indices.sorted { values[$0].lexicographicallyPrecedes(values[$1]) }
        let b = options.buckets, r = 4 * options.bootstrap, l = options.score == nil ? 0 : 2
        var recorded = options
        recorded.names = nil
        return AuditState(options: recorded, columns: columns, source: source, label: label.tally, decision: decision.tally,
                          groups: order.map { g in
                              AuditState.Group(values: values[g], counts: Array(counts[4 * g ..< 4 * g + 4]),
                                               weighted: weightColumn == nil ? counts[4 * g ..< 4 * g + 4].map { Int128($0) * FixedPoint.one }
                                                   : Array(weighted[4 * g ..< 4 * g + 4]), loss: Array(loss[l * g ..< l * g + l]),
                                               histogram: Array(histogram[2 * b * g ..< 2 * b * (g + 1)]),
                                               replicates: Array(replicates[r * g ..< r * (g + 1)]))
                          })
    }
}

extension AuditState {
    /// The state of the CSV file at `path` ("/dev/stdin" for a stream), read once in constant memory. With
    /// `options.names` the data has no header line (and a first line equal to those names is refused); a file
    /// with a header and no rows (an empty partition) gives a state with no groups. A plain file of 16 MiB or more
    /// is read in two halves on two threads whose states are merged (exactly the sequential state).
    public static func read(_ path: String, options: Audit.Options, source: String? = nil) throws -> AuditState {
        let name = source ?? path
        if let state = try AuditHalves.read(path, options: options, name: name) { return state }
        let part = try AuditPart(path: path, options: options, name: name, columns: options.names)
        try part.read(from: 0, to: nil)
        guard let accumulator = part.accumulator else { throw DatasetError.invalid("\(name): the file is empty") }
        try AuditAccumulator.checkScores([accumulator])
        return accumulator.state(source: name)
    }
}

/// One stretch of a file counted by one thread: its tokenizer and accumulator.
final class AuditPart: @unchecked Sendable {
    let path: String, options: Audit.Options, name: String
    let tokenizer: CSVTokenizer
    /// Nil until the header is read (a part that starts at a record is given the columns).
    var accumulator: AuditAccumulator?
    /// Whether the first record may be a header line that `--header` duplicates.
    let checksHeader: Bool
    var error: Error?

    init(path: String, options: Audit.Options, name: String, columns: [String]?, checksHeader: Bool = true) throws {
        self.path = path
        self.options = options
        self.name = name
        var csv = CSVOptions()
        csv.separator = options.separator
        tokenizer = CSVTokenizer(path: path, options: csv)
        accumulator = try columns.map { try AuditAccumulator(options: options, columns: $0, path: name) }
        self.checksHeader = checksHeader && options.names != nil
    }

    /// The column names in `record`.
    static func names(_ record: CSVRecord) -> [String] { (0..<record.count).map { (record.string($0) ?? "").trimmedBlanks } }

    /// Counts the records from byte `start` (a record start) up to `end`. The accumulator is held in a local
    /// while reading (no access through the class per record), and once the columns are known (and the first
    /// record checked against a `--header` duplicate) the tokenizer is told which fields the audit reads.
    func read(from start: Int, to end: Int?) throws {
        var counting = accumulator
        accumulator = nil
        defer { accumulator = counting }
        var checking = checksHeader && counting != nil
        if !checking, let a = counting { tokenizer.needed = a.neededFields }
        try tokenizer.forEachRecord(from: start, to: end) { record in
            try Cancellation.check()
            guard counting != nil else {
                counting = try AuditAccumulator(options: options, columns: AuditPart.names(record), path: name)
                tokenizer.needed = counting?.neededFields
                return
            }
            if checking {
                checking = false
                if let columns = counting?.columns, AuditPart.names(record) == columns {
                    throw DatasetError.malformed(file: name, line: record.line, reason: "the data starts with a header line although --header gave the names (drop one of them)")
                }
                tokenizer.needed = counting?.neededFields
            }
            if let cut = tokenizer.cut, cut.line == record.line, let columns = counting?.columns, record.count == columns.count,
               columns.indices.contains(cut.field) {
                throw DatasetError.malformed(file: name, line: record.line,
                                             reason: "column '\(columns[cut.field])' holds a value longer than \(CSVTokenizer.neededLimit >> 10) KiB")
            }
            try counting?.add(record)
        }
    }
}

/// A plain file read in two halves, split at a line end, on two threads.
enum AuditHalves {
    /// Files at least this large are split.
    static let threshold = 16 << 20

    /// The state, or nil when the file is below `minimumSize`, not a plain file, compressed, or quoted (a quoted newline could straddle the split).
    static func read(_ path: String, options: Audit.Options, name: String, minimumSize: Int = threshold) throws -> AuditState? {
        guard let size = CSVReader.splittableSize(path, minimumSize: minimumSize) else { return nil }
        var columns = options.names
        var headerEnd = 0
        if columns == nil {
            guard let end = CSVReader.lineStart(path, near: 0) else { return nil }
            let header = try AuditPart(path: path, options: options, name: name, columns: nil)
            try header.read(from: 0, to: end)
            guard let names = header.accumulator?.columns else { return nil }
            columns = names
            headerEnd = end
        }
        guard let split = CSVReader.lineStart(path, near: max(headerEnd, size / 2)), split < size else { return nil }
        let parts = [try AuditPart(path: path, options: options, name: name, columns: options.names),
                     try AuditPart(path: path, options: options, name: name, columns: columns, checksHeader: false)]
        let ranges: [(Int, Int?)] = [(0, split), (split, nil)]
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do { try parts[i].read(from: ranges[i].0, to: ranges[i].1) } catch { parts[i].error = error }
        }
        if parts.contains(where: { $0.tokenizer.sawQuote }) { return nil }
        if let error = parts[0].error { throw error }
        if let error = parts[1].error {
            // the second half counts lines from the split
            if case let DatasetError.malformed(file, line, reason) = error {
                throw DatasetError.malformed(file: file, line: line + parts[0].tokenizer.linesRead, reason: reason)
            }
            throw error
        }
        guard let a = parts[0].accumulator, let b = parts[1].accumulator else { return nil }
        try AuditAccumulator.checkScores([a, b])
        var state = a.state(source: name)
        try state.merge(b.state(source: name))
        return state
    }
}
