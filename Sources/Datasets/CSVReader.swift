#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Reads a CSV file into a `Table`, inferring each column's type: numeric when every present value is
/// a number, categorical otherwise (or as `CSVOptions.categorical` / `.numeric` say).
public enum CSVReader {
    /// The table and the number of ragged rows skipped (with `onBadLines = .skip`).
    /// Files of 16 MiB or more without quoted fields are parsed as two halves on two threads; gzip-compressed
    /// files are decompressed while they are read. The index column (`options.indexColumn`) is dropped.
    public static func read(_ path: String, options: CSVOptions = CSVOptions()) throws -> (table: Table, skipped: Int) {
        let (table, skipped) = try readInHalves(path, options) ?? readSequentially(path, options)
        return (try options.indexColumn.dropped(from: table, path), skipped)
    }

    /// Reads a file with a header row in pieces of about `bytes` bytes split at line ends, giving each piece's
    /// rows as a table (types inferred per piece): memory is bounded by a piece, not by the file. From a piece
    /// with a quoted field on, the rest of the file is one piece (a quoted newline could straddle a split).
    public static func forEachChunk(_ path: String, options: CSVOptions, bytes: Int = 32 << 20, _ body: (Table) throws -> Void) throws {
        var names: [String]?
        var start = 0, lines = 0
        var end: Int?
        repeat {
            var part = Part(names: names, expectHeader: names == nil)
            end = lineStart(path, near: start + max(bytes, 1))
            do {
                try part.read(path, options, from: start, to: end)
                if part.sawQuote && end != nil {
                    end = nil
                    part = Part(names: names, expectHeader: names == nil)
                    try part.read(path, options, from: start, to: nil)
                }
            } catch let DatasetError.malformed(file, line, reason) {
                throw DatasetError.malformed(file: file, line: line + lines, reason: reason)
            }
            if names == nil {
                let (table, _) = try part.finish(path, options)
                names = table.names
                try body(table)
            } else if let names, part.builders.first?.count ?? 0 > 0 {
                try body(Table(names: names, columns: part.builders.map { $0.finish() }))
            }
            lines += part.lines
            start = end ?? start
        } while end != nil
    }

    /// One pass on one thread.
    static func readSequentially(_ path: String, _ options: CSVOptions) throws -> (table: Table, skipped: Int) {
        var part = Part(names: options.header ? nil : options.names, expectHeader: options.header)
        try part.read(path, options, from: 0, to: nil)
        return try part.finish(path, options)
    }

    /// The records of one byte range of a file, accumulated column by column.
    struct Part {
        var names: [String]?
        var expectHeader: Bool
        var builders: [ColumnBuilder] = []
        var skipped = 0
        var sawQuote = false
        var lines = 0

        init(names: [String]?, expectHeader: Bool) {
            self.names = names
            self.expectHeader = expectHeader
        }

        mutating func read(_ path: String, _ options: CSVOptions, from start: Int, to end: Int?) throws {
            if let names, builders.isEmpty { builders = try makeBuilders(names, options, path) }
            let missing = options.missingMarkers.map { Array($0.utf8) }
            let tokenizer = CSVTokenizer(path: path, options: options)   // shows the read's progress
            defer {
                sawQuote = tokenizer.sawQuote
                lines = tokenizer.linesRead
            }
            try tokenizer.forEachRecord(from: start, to: end) { record in
                if expectHeader {
                    expectHeader = false
                    let header = try headerNames(record, path)
                    names = options.names ?? header
                    builders = try makeBuilders(names ?? header, options, path)
                    return
                }
                if names == nil {
                    let generated = (1...record.count).map { "column\($0)" }
                    names = generated
                    builders = try makeBuilders(generated, options, path)
                }
                guard record.count == builders.count else {
                    if options.onBadLines == .skip { skipped += 1; return }
                    throw DatasetError.malformed(file: path, line: record.line,
                                                 reason: "expected \(builders.count) fields, found \(record.count)")
                }
                for k in 0..<builders.count {
                    let field = record.field(k)
                    if isMissing(field, record.isQuoted(k), missing) {
                        builders[k].appendMissing()
                    } else {
                        try builders[k].append(field, line: record.line)
                    }
                }
            }
        }

        func finish(_ path: String, _ options: CSVOptions) throws -> (table: Table, skipped: Int) {
            guard let names, !expectHeader else {
                throw DatasetError.malformed(file: path, line: 1, reason: "the file is empty")
            }
            guard builders.first?.count ?? 0 > 0 else {
                let reason = options.header ? "the file has a header but no rows" : "the file is empty"
                throw DatasetError.malformed(file: path, line: 1, reason: reason)
            }
            return (Table(names: names, columns: builders.map { $0.finish() }), skipped)
        }
    }

    private static func headerNames(_ record: CSVRecord, _ path: String) throws -> [String] {
        var seen = Set<String>()
        var nextSuffix: [String: Int] = [:]        // per name, so that n copies of a name cost O(n), not O(n²)
        return try (0..<record.count).map { k in
            guard var name = record.string(k) else {
                throw DatasetError.malformed(file: path, line: record.line, reason: "column \(k + 1)'s name is not valid UTF-8")
            }
            if name.isEmpty { name = "Unnamed: \(k)" }                  // pandas' name for a header left blank
            // A repeated name gets a suffix, as pandas does (COMPAS has two `decile_score` columns).
            var candidate = name, n = nextSuffix[name] ?? 1
            while !seen.insert(candidate).inserted {
                candidate = "\(name).\(n)"
                n += 1
            }
            nextSuffix[name] = n
            return candidate
        }
    }

    private static func makeBuilders(_ names: [String], _ options: CSVOptions, _ path: String) throws -> [ColumnBuilder] {
        for name in options.categorical.union(options.numeric) where !names.contains(name) {
            let option = options.categorical.contains(name) ? "categorical" : "numeric"
            throw DatasetError.unknownColumn(name: name, option: option, columns: names)
        }
        return names.map { ColumnBuilder(name: $0, path: path, categorical: options.categorical.contains($0),
                                         numeric: options.numeric.contains($0)) }
    }

    private static func isMissing(_ field: UnsafeBufferPointer<UInt8>, _ quoted: Bool, _ markers: [[UInt8]]) -> Bool {
        if field.isEmpty { return true }
        if quoted { return false }
        for marker in markers where marker.count == field.count && marker.elementsEqual(field) { return true }
        return false
    }
}

/// Accumulates one column while the file streams by, switching from numeric to categorical on the
/// first value that is not a number (earlier numbers keep the text they were written with: `02139`
/// stays `02139`, `1e999` stays `1e999`).
struct ColumnBuilder {
    let name: String
    let path: String
    let forcedNumeric: Bool
    private var numeric: Bool
    private var numbers = ChunkedBuffer<Double>()
    private var codes = ChunkedBuffer<Int32>()
    private var interner = ByteInterner()
    private var levels: [String] = []
    /// While numeric: the rows (ascending) whose text `formatNumber` may not write back the same, the end of
    /// each one's bytes in `writtenBytes`, and those bytes (no String or hash per row: most such columns stay numeric).
    private var writtenRows: [Int] = []
    private var writtenEnds: [Int] = []
    private var writtenBytes: [UInt8] = []

    init(name: String, path: String, categorical: Bool, numeric: Bool) {
        self.name = name
        self.path = path
        self.forcedNumeric = numeric
        self.numeric = !categorical
    }

    var count: Int { numeric ? numbers.count : codes.count }

    mutating func appendMissing() {
        if numeric { numbers.append(.nan) } else { codes.append(-1) }
    }

    mutating func append(_ field: UnsafeBufferPointer<UInt8>, line: Int) throws {
        if numeric {
            if let value = NumberParser.parse(field) {
                if !forcedNumeric && !NumberParser.isShortestText(field) {
                    writtenRows.append(numbers.count)
                    writtenBytes.append(contentsOf: field)
                    writtenEnds.append(writtenBytes.count)
                }
                numbers.append(value)
                return
            }
            if forcedNumeric {
                let text = String(decoding: field, as: UTF8.self)
                throw DatasetError.malformed(file: path, line: line,
                                             reason: "column '\(name)': '\(text)' is not a number")
            }
            try becomeCategorical(line: line)
        }
        try appendCategory(field, line: line)
    }

    private mutating func appendCategory(_ field: UnsafeBufferPointer<UInt8>, line: Int) throws {
        let before = interner.count
        let code = interner.intern(field)
        if interner.count > before {
            guard let level = String(validating: field, as: UTF8.self) else {
                throw DatasetError.malformed(file: path, line: line, reason: "column '\(name)': invalid UTF-8")
            }
            levels.append(level)
        }
        codes.append(code)
    }

    private mutating func becomeCategorical(line: Int) throws {
        numeric = false
        var row = 0, next = 0
        let bytes = writtenBytes
        try numbers.forEach { value in
            defer { row += 1 }
            if next < writtenRows.count && writtenRows[next] == row {
                let start = next == 0 ? 0 : writtenEnds[next - 1]
                try bytes.withUnsafeBufferPointer { p in
                    try appendCategory(UnsafeBufferPointer(rebasing: p[start..<writtenEnds[next]]), line: line)
                }
                next += 1
            } else if value.isNaN {
                codes.append(-1)
            } else {
                var text = formatNumber(value)
                try text.withUTF8 { try appendCategory($0, line: line) }
            }
        }
        numbers = ChunkedBuffer()
        writtenRows = []
        writtenEnds = []
        writtenBytes = []
    }

    /// Appends the rows of `other` (the same column read from a later part of the file).
    mutating func merge(_ other: ColumnBuilder) throws {
        var other = other
        if numeric && other.numeric {
            let base = numbers.count, byteBase = writtenBytes.count
            writtenRows += other.writtenRows.map { $0 + base }
            writtenEnds += other.writtenEnds.map { $0 + byteBase }
            writtenBytes += other.writtenBytes
            numbers.append(moving: other.numbers)
            return
        }
        if numeric { try becomeCategorical(line: 0) }
        if other.numeric { try other.becomeCategorical(line: 0) }
        let remap = other.levels.map { level -> Int32 in
            var text = level
            let before = interner.count
            let code = text.withUTF8 { interner.intern($0) }
            if interner.count > before { levels.append(level) }
            return code
        }
        other.codes.forEach { codes.append($0 < 0 ? -1 : remap[Int($0)]) }
    }

    func finish() -> Column {
        numeric ? .numeric(numbers.array()) : .categorical(CategoricalColumn(levels: levels, codes: codes.array()))
    }
}
