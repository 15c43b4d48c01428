#if canImport(Glibc)
import Glibc
#endif

/// One record of a CSV file: its fields' bytes (unquoted, unescaped, trimmed) and the line it starts on.
/// Valid only inside the callback that receives it: the storage is reused for the next record.
public struct CSVRecord {
    let starts: UnsafeMutablePointer<UnsafePointer<UInt8>?>
    let lengths: UnsafeMutablePointer<Int>
    let quotedFlags: UnsafeMutablePointer<Bool>
    /// Number of fields.
    public let count: Int
    /// 1-based line where the record starts.
    public let line: Int

    /// The bytes of field `i` (0-based).
    public func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: starts[i], count: lengths[i])
    }

    /// Whether field `i` was quoted in the file.
    public func isQuoted(_ i: Int) -> Bool { quotedFlags[i] }

    /// Field `i` as a String; nil when it is not valid UTF-8.
    public func string(_ i: Int) -> String? {
        String(validating: field(i), as: UTF8.self)
    }
}

/// A streaming RFC 4180 tokenizer: reads a file (plain or gzip-compressed, see `InputFile`) in 1 MiB chunks
/// and calls back once per record, so a file larger than memory can be scanned. Quoted fields may hold
/// separators, doubled quotes and newlines; a UTF-8 BOM and CR LF or CR line ends are accepted; blank lines are skipped.
public final class CSVTokenizer {
    private let path: String
    private let options: CSVOptions
    /// Unescaped text of quoted fields (unquoted fields point into the read buffer itself).
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 1 << 12
    private var starts: UnsafeMutablePointer<UnsafePointer<UInt8>?>
    private var lengths: UnsafeMutablePointer<Int>
    private var quoted: UnsafeMutablePointer<Bool>
    private var fieldCapacity = 64
    /// How many leading quoted flags are known to be false (the fast lane sets no flag per field).
    private var clearFlags = 0

    /// The longest record read (a device such as /dev/zero, or a binary file, has no line ends).
    static let recordLimit = 1 << 28

    /// The fields the caller reads, by index (nil: all). With a selection, a record longer than the read
    /// buffer has its unquoted fields outside it cut short (they then hold only some of their bytes) instead
    /// of growing the buffer, so a huge field the caller does not read costs no memory; shorter records are
    /// passed whole.
    public var needed: [Bool]?
    /// A needed field longer than this is cut to it as well, and `cut` names it: no field the caller reads is
    /// that long in a sane file, and the record's field count still holds (a 100 MB line of one field is a
    /// short record, in constant memory).
    public static let neededLimit = 1 << 18
    /// The line of the latest record whose needed field (0-based) was cut to `neededLimit` bytes.
    public private(set) var cut: (line: Int, field: Int)?
    /// Whether records of unquoted fields are parsed 8 bytes at a time (off only to test it against the byte-wise parser).
    var fastLane = true

    /// A tokenizer of the file at `path`.
    public init(path: String, options: CSVOptions) {
        self.path = path
        self.options = options
        scratch = .allocate(capacity: scratchCapacity)
        starts = .allocate(capacity: fieldCapacity)
        lengths = .allocate(capacity: fieldCapacity)
        quoted = .allocate(capacity: fieldCapacity)
    }

    deinit {
        scratch.deallocate()
        starts.deallocate()
        lengths.deallocate()
        quoted.deallocate()
    }

    /// Reads the whole file, calling `body` for every record.
    /// Whether a quoted field was seen (a quoted newline could straddle a split of the file).
    public private(set) var sawQuote = false
    /// Lines read so far.
    public private(set) var linesRead = 0

    /// Reads the file (or the bytes from `start` up to `end`, which must begin a record), calling `body` for every
    /// record. A read from the start shows its progress in bytes of the file (a parallel read's first half stands
    /// for the whole: the halves run side by side).
    public func forEachRecord(from start: Int = 0, to end: Int? = nil, _ body: (CSVRecord) throws -> Void) throws {
        let file = try InputFile(path, offset: start)
        let progress = start == 0 ? ReadProgress.start(path, end: end) : nil
        defer { progress?.finish() }
        var remaining = end.map { $0 - start } ?? Int.max
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var filled = 0          // bytes of buffer in use
        var line = 1            // line number at buffer[0]
        var first = start == 0
        defer { linesRead = line - 1 }
        while true {
            if filled == buffer.count, let needed {
                filled = buffer.withUnsafeMutableBufferPointer { p in
                    p.baseAddress.map { compact($0, count: filled, needed: needed, line: line) } ?? filled
                }
            }
            if filled == buffer.count {
                guard buffer.count < CSVTokenizer.recordLimit else {
                    throw DatasetError.malformed(file: path, line: line, reason: "a record longer than \(CSVTokenizer.recordLimit >> 20) MiB (is this a CSV file?)")
                }
                buffer = CSVTokenizer.doubled(buffer)
            }
            let n = try buffer.withUnsafeMutableBytes { p in
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: p[filled...]), limit: remaining)
            }
            remaining -= n
            filled += n
            progress?.update(file.bytesRead)
            let atEOF = n == 0
            var start = 0
            if first && filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
            first = false
            let consumed = try buffer.withUnsafeBufferPointer { p in
                try parse(UnsafeBufferPointer(rebasing: p[start..<filled]), atEOF: atEOF, line: &line, body)
            } + start
            buffer.withUnsafeMutableBufferPointer { p in
                let rest = filled - consumed
                if rest > 0 && consumed > 0 { memmove(p.baseAddress!, p.baseAddress! + consumed, rest) }
            }
            filled -= consumed
            if atEOF { return }
        }
    }

    /// `buffer` followed by as many zero bytes, by one allocation and a memcpy (an element-wise append took
    /// minutes in a debug build at the 256 MiB record limit).
    private static func doubled(_ buffer: [UInt8]) -> [UInt8] {
        let count = buffer.count
        return [UInt8](unsafeUninitializedCapacity: 2 * count) { grown, initialized in
            buffer.withUnsafeBufferPointer { old in
                guard let to = grown.baseAddress, let from = old.baseAddress else { return }
                to.update(from: from, count: count)
                (to + count).initialize(repeating: 0, count: count)
            }
            initialized = 2 * count
        }
    }

    /// Shortens the unquoted fields outside `needed` of the incomplete record `p[0..<count]` (starting on
    /// `line`) to their first byte (their first non-blank byte when trimming: blanks before it are trimmed
    /// anyway), and those in it to `neededLimit` bytes (noted in `cut`), and moves the rest down; returns the
    /// new length. A quoted field, a line end or a comment line is left as it is, with what follows it. Field
    /// boundaries and line numbers do not change, so parsing the result gives the same field count and the
    /// same fields in `needed` unless `cut` names one.
    private func compact(_ p: UnsafeMutablePointer<UInt8>, count: Int, needed: [Bool], line: Int) -> Int {
        guard case let .byte(sep) = options.separator else { return count }
        if let comment = options.comment, count > 0, p[0] == comment { return count }
        let quote = UInt8(ascii: "\""), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        var read = 0, write = 0, field = 0
        while read < count {
            var end = read
            while end < count { let c = p[end]; if c == sep || c == 10 || c == 13 { break }; end += 1 }
            var first = read
            if options.trim { while first < end && (p[first] == space || p[first] == tab) { first += 1 } }
            if first < end && p[first] == quote { break }
            if field < needed.count && needed[field] {
                let kept = min(end - read, CSVTokenizer.neededLimit)
                if kept < end - read { cut = (line, field) }
                if write != read { memmove(p + write, p + read, kept) }
                write += kept
            } else if first < end {
                p[write] = p[first]
                write += 1
            }
            read = end
            guard read < count, p[read] == sep else { break }
            p[write] = sep
            write += 1
            read += 1
            field += 1
        }
        if read < count && write != read { memmove(p + write, p + read, count - read) }
        return write + (count - read)
    }

    /// The high bit of every byte of `word` equal to the byte repeated in `pattern` (exact: no carries between bytes).
    @inline(__always) private static func matches(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let t = word ^ pattern
        return ~(((t & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | t) & 0x8080_8080_8080_8080
    }

    private func growScratch(_ needed: Int) {
        var capacity = scratchCapacity
        while capacity < needed { capacity *= 2 }
        scratch.deallocate()
        scratch = .allocate(capacity: capacity)
        scratchCapacity = capacity
    }

    private func growFields() {
        let capacity = fieldCapacity * 2
        let s = UnsafeMutablePointer<UnsafePointer<UInt8>?>.allocate(capacity: capacity)
        s.update(from: starts, count: fieldCapacity)
        starts.deallocate()
        starts = s
        let l = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        l.update(from: lengths, count: fieldCapacity)
        lengths.deallocate()
        lengths = l
        let q = UnsafeMutablePointer<Bool>.allocate(capacity: capacity)
        q.update(from: quoted, count: fieldCapacity)
        quoted.deallocate()
        quoted = q
        fieldCapacity = capacity
    }

    /// Parses every complete record of `bytes`; returns how many bytes were consumed (the rest is an
    /// incomplete record to retry with more data, unless `atEOF`). Unquoted fields are found by a tight
    /// scan for the separator and point into `bytes`; only quoted fields are copied (unescaped).
    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool, line: inout Int,
                       _ body: (CSVRecord) throws -> Void) throws -> Int {
        guard let p = bytes.baseAddress else { return 0 }
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        let whitespace = options.separator == .whitespace
        let sep: UInt8 = { if case let .byte(b) = options.separator { return b } else { return space } }()
        let trim = options.trim || whitespace
        let count = bytes.count
        // Scratch for unescaped quoted fields, grown at the first quoted field of this call (before any field
        // points into it), so unquoted data never doubles its buffer's memory.
        var scratchReady = scratchCapacity >= count + 1
        @inline(__always) func isSeparator(_ c: UInt8) -> Bool { whitespace ? (c == space || c == tab) : c == sep }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let sepWord = UInt64(sep) &* ones, newlineWord = UInt64(newline) &* ones, crWord = UInt64(cr) &* ones
        let raw = UnsafeRawPointer(p), fast = fastLane && !whitespace
        var i = 0
        var consumed = 0
        records: while i < count {
            let recordLine = line
            if let comment = options.comment, p[i] == comment {
                while i < count && p[i] != newline { i += 1 }
                if i == count && !atEOF { return consumed }
                i += 1
                line += 1
                consumed = i
                continue
            }
            // The fast lane: a record of unquoted fields, its separators and line end found 8 bytes at a time.
            // A quoted field, or a record that reaches the last 8 bytes, goes to the byte-wise path below,
            // which parses the record again from its start (nothing is consumed here until the record is whole).
            if fast {
                var j = i, fieldStart = i, fields = 0
                var fieldStarts = starts, fieldLengths = lengths          // locals: the stores below cannot move them
                words: while j + 8 <= count {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: j, as: UInt64.self))
                    var bits = CSVTokenizer.matches(word, sepWord) | CSVTokenizer.matches(word, newlineWord) | CSVTokenizer.matches(word, crWord)
                    while bits != 0 {
                        let end = j + bits.trailingZeroBitCount >> 3
                        bits &= bits &- 1
                        var lo = fieldStart, hi = end
                        if trim { while lo < hi && (p[lo] == space || p[lo] == tab) { lo += 1 } }
                        if lo < hi && p[lo] == quote { break words }
                        if trim { while hi > lo && (p[hi - 1] == space || p[hi - 1] == tab) { hi -= 1 } }
                        if fields == fieldCapacity {
                            growFields()
                            fieldStarts = starts
                            fieldLengths = lengths
                        }
                        let c = p[end]
                        var next = end + 1
                        if c == cr {
                            if next == count { break words }                 // CR LF may straddle chunks
                            if p[next] == newline { next += 1 }
                        } else if c != newline {
                            fieldStarts[fields] = p + lo
                            fieldLengths[fields] = hi - lo
                            fields += 1
                            fieldStart = next
                            continue
                        }
                        line += 1
                        i = next
                        consumed = next
                        if fields == 0 && hi == lo { continue records }       // a blank line
                        fieldStarts[fields] = p + lo
                        fieldLengths[fields] = hi - lo
                        if clearFlags <= fields {
                            quoted.update(repeating: false, count: fieldCapacity)
                            clearFlags = fieldCapacity
                        }
                        try body(CSVRecord(starts: fieldStarts, lengths: fieldLengths, quotedFlags: quoted, count: fields + 1, line: recordLine))
                        continue records
                    }
                    j += 8
                }
            }
            var fields = 0, out = 0
            var sawSeparator = false
            fieldLoop: while true {
                if trim { while i < count && (p[i] == space || p[i] == tab) && !(p[i] == sep && !whitespace) { i += 1 } }
                if fields == fieldCapacity { growFields() }
                var isQuoted = false
                var start: UnsafePointer<UInt8> = p + i
                var length = 0
                if i < count && p[i] == quote {
                    if !scratchReady { growScratch(count + 1); scratchReady = true }
                    isQuoted = true
                    sawQuote = true
                    let quoteLine = line
                    i += 1
                    start = UnsafePointer(scratch + out)
                    var closed = false
                    while i < count {
                        let c = p[i]
                        if c == quote {
                            if i + 1 < count && p[i + 1] == quote { scratch[out] = quote; out += 1; i += 2; continue }
                            if i + 1 == count && !atEOF { line = recordLine; return consumed }
                            i += 1
                            closed = true
                            break
                        }
                        if c == newline { line += 1 }
                        scratch[out] = c
                        out += 1
                        i += 1
                    }
                    if !closed {
                        if !atEOF { line = recordLine; return consumed }
                        throw DatasetError.malformed(file: path, line: quoteLine, reason: "unterminated quoted field")
                    }
                    // text after the closing quote (blanks are ignored; anything else is kept, leniently)
                    while i < count && !isSeparator(p[i]) && p[i] != newline && p[i] != cr {
                        if p[i] != space && p[i] != tab { scratch[out] = p[i]; out += 1 }
                        i += 1
                    }
                    length = UnsafePointer(scratch + out) - start
                } else {
                    var j = i
                    if whitespace {
                        while j < count { let c = p[j]; if c == space || c == tab || c == newline || c == cr { break }; j += 1 }
                    } else {
                        while j < count { let c = p[j]; if c == sep || c == newline || c == cr { break }; j += 1 }
                    }
                    var end = j
                    if trim { while end > i && (p[end - 1] == space || p[end - 1] == tab) { end -= 1 } }
                    length = end - i
                    i = j
                }
                // the terminator: LF, CR LF, or a lone CR (old Mac files) ends the record
                let atEnd: Bool, terminator: UInt8
                if i < count && p[i] == cr {
                    if i + 1 == count && !atEOF { line = recordLine; return consumed }   // CR LF may straddle chunks
                    i += 1
                    if i < count && p[i] == newline { i += 1 }
                    atEnd = false
                    terminator = newline
                } else {
                    atEnd = i >= count
                    if atEnd && !atEOF { line = recordLine; return consumed }
                    terminator = atEnd ? newline : p[i]
                    if !atEnd { i += 1 }
                }
                let empty = length == 0 && !isQuoted
                if terminator == newline {
                    line += atEnd ? 0 : 1
                    if empty && !sawSeparator && fields == 0 { consumed = i; continue records }   // a blank line
                    if !(whitespace && empty) || fields == 0 {
                        starts[fields] = start; lengths[fields] = length; quoted[fields] = isQuoted
                        if isQuoted { clearFlags = min(clearFlags, fields) }
                        fields += 1
                    }
                    break fieldLoop
                }
                sawSeparator = true
                if whitespace {
                    while i < count && (p[i] == space || p[i] == tab) { i += 1 }
                    if empty && fields == 0 { continue fieldLoop }                          // leading blanks
                }
                starts[fields] = start; lengths[fields] = length; quoted[fields] = isQuoted
                if isQuoted { clearFlags = min(clearFlags, fields) }
                fields += 1
            }
            consumed = i
            if fields > 0 {
                try body(CSVRecord(starts: starts, lengths: lengths, quotedFlags: quoted, count: fields, line: recordLine))
            }
        }
        return consumed
    }
}
