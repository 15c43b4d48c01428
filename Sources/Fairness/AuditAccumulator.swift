import Datasets
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
    private static let missingName = Array(MissingSensitive.groupName.utf8)

    /// Sensitive field `c` of `record`, trimmed, with a missing value read as the group name `MissingSensitive.groupName`.
    @inline(__always) private func sensitive(_ record: CSVRecord, _ c: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        let f = trimmed(record.field(c))
        if f.count <= Self.longestMarker && Self.missingMarkers.contains(where: { $0.elementsEqual(f) }) {
            try Self.missingName.withUnsafeBufferPointer(body)
        } else {
            try body(f)
        }
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
        key.removeAll(keepingCapacity: true)
        for c in sensitiveColumns {
            sensitive(record, c) { f in
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: f.count).littleEndian) { key.append(contentsOf: $0) }
                key.append(contentsOf: f)
            }
        }
        let g = lastGroup >= 0 && key == lastKey ? lastGroup : try group(record)
        let cell = 2 * y + p
        let w = try weightColumn.map { FixedPoint.units(try number(record, $0, in: 0...Audit.Options.maxWeight, "a weight in [0, 1e9]")) } ?? FixedPoint.one
        counts[4 * g + cell] += 1
        weighted[4 * g + cell] &+= w
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

    /// The group of the current `key` (added when new; its values must be UTF-8).
    private mutating func group(_ record: CSVRecord) throws -> Int {
        let before = interner.count
        let g = Int(key.withUnsafeBufferPointer { interner.intern($0) })
        if g == before {
            values.append(try sensitiveColumns.map { c in
                var s: String?
                sensitive(record, c) { s = String(validating: $0, as: UTF8.self) }
                guard let s else {
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
        lastKey = key
        lastGroup = g
        return g
    }

    /// The state of the rows counted (`source` names the data in reports).
    func state(source: String) throws -> AuditState {
        try label.checkScores(path: path)
        try decision.checkScores(path: path)
        let order = values.indices.sorted { values[$0].lexicographicallyPrecedes(values[$1]) }
        let b = options.buckets, r = 4 * options.bootstrap, l = options.score == nil ? 0 : 2
        var recorded = options
        recorded.names = nil
        return AuditState(options: recorded, columns: columns, source: source, label: label.tally, decision: decision.tally,
                          groups: order.map { g in
                              AuditState.Group(values: values[g], counts: Array(counts[4 * g ..< 4 * g + 4]),
                                               weighted: Array(weighted[4 * g ..< 4 * g + 4]), loss: Array(loss[l * g ..< l * g + l]),
                                               histogram: Array(histogram[2 * b * g ..< 2 * b * (g + 1)]),
                                               replicates: Array(replicates[r * g ..< r * (g + 1)]))
                          })
    }
}

extension AuditState {
    /// The state of the CSV file at `path` ("/dev/stdin" for a stream), read once in constant memory. With
    /// `options.names` the data has no header line (and a first line equal to those names is refused); a file
    /// with a header and no rows (an empty partition) gives a state with no groups.
    public static func read(_ path: String, options: Audit.Options, source: String? = nil) throws -> AuditState {
        var csv = CSVOptions()
        csv.separator = options.separator
        let tokenizer = CSVTokenizer(path: path, options: csv)
        let name = source ?? path
        var accumulator = try options.names.map { try AuditAccumulator(options: options, columns: $0, path: name) }
        var first = true
        try tokenizer.forEachRecord { record in
            try Cancellation.check()
            defer { first = false }
            if let columns = accumulator?.columns {
                if first, options.names != nil, (0..<record.count).map({ (record.string($0) ?? "").trimmedBlanks }) == columns {
                    throw DatasetError.malformed(file: name, line: record.line, reason: "the data starts with a header line although --header gave the names (drop one of them)")
                }
                try accumulator?.add(record)
            } else {
                accumulator = try AuditAccumulator(options: options, columns: (0..<record.count).map { (record.string($0) ?? "").trimmedBlanks }, path: name)
            }
        }
        guard let accumulator else { throw DatasetError.invalid("\(name): the file is empty") }
        return try accumulator.state(source: name)
    }
}
