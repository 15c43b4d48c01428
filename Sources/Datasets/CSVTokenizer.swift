#if canImport(Glibc)
import Glibc
#endif

/// One record of a CSV file: its fields' bytes (unquoted, unescaped, trimmed) and the line it starts on.
/// Valid only inside the callback that receives it: the storage is reused for the next record.
public struct CSVRecord {
    let bytes: UnsafeMutablePointer<UInt8>
    let ends: UnsafeMutablePointer<Int>
    let quotedFlags: UnsafeMutablePointer<Bool>
    /// Number of fields.
    public let count: Int
    /// 1-based line where the record starts.
    public let line: Int

    /// The bytes of field `i` (0-based).
    public func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = i == 0 ? 0 : ends[i - 1]
        return UnsafeBufferPointer(start: bytes + start, count: ends[i] - start)
    }

    /// Whether field `i` was quoted in the file.
    public func isQuoted(_ i: Int) -> Bool { quotedFlags[i] }

    /// Field `i` as a String; nil when it is not valid UTF-8.
    public func string(_ i: Int) -> String? {
        String(validating: field(i), as: UTF8.self)
    }
}

/// A streaming RFC 4180 tokenizer: reads a file in 1 MiB chunks and calls back once per record, so a
/// file larger than memory can be scanned. Quoted fields may hold separators, doubled quotes and
/// newlines; a UTF-8 BOM and CR LF line ends are accepted; blank lines are skipped.
public final class CSVTokenizer {
    private let path: String
    private let options: CSVOptions
    private var fieldBytes: UnsafeMutablePointer<UInt8>
    private var fieldCapacity = 1 << 12
    private var ends: UnsafeMutablePointer<Int>
    private var quoted: UnsafeMutablePointer<Bool>
    private var endCapacity = 64

    /// A tokenizer of the file at `path`.
    public init(path: String, options: CSVOptions) {
        self.path = path
        self.options = options
        fieldBytes = .allocate(capacity: fieldCapacity)
        ends = .allocate(capacity: endCapacity)
        quoted = .allocate(capacity: endCapacity)
    }

    deinit {
        fieldBytes.deallocate()
        ends.deallocate()
        quoted.deallocate()
    }

    /// Reads the whole file, calling `body` for every record.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        guard let file = fopen(path, "rb") else {
            throw DatasetError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var filled = 0          // bytes of buffer in use
        var line = 1            // line number at buffer[0]
        var first = true
        while true {
            if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let n = buffer.withUnsafeMutableBufferPointer { p in
                fread(p.baseAddress! + filled, 1, p.count - filled, file)
            }
            if n == 0 && ferror(file) != 0 { throw DatasetError.unreadable(file: path, reason: "read error") }
            filled += n
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

    private func growFields(_ needed: Int) {
        var capacity = fieldCapacity
        while capacity < needed { capacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.update(from: fieldBytes, count: fieldCapacity)
        fieldBytes.deallocate()
        fieldBytes = bigger
        fieldCapacity = capacity
    }

    private func growEnds() {
        let capacity = endCapacity * 2
        let e = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        e.update(from: ends, count: endCapacity)
        ends.deallocate()
        ends = e
        let q = UnsafeMutablePointer<Bool>.allocate(capacity: capacity)
        q.update(from: quoted, count: endCapacity)
        quoted.deallocate()
        quoted = q
        endCapacity = capacity
    }

    /// Parses every complete record of `bytes`; returns how many bytes were consumed (the rest is an
    /// incomplete record to retry with more data, unless `atEOF`).
    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool, line: inout Int,
                       _ body: (CSVRecord) throws -> Void) throws -> Int {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        let whitespace = options.separator == .whitespace
        let sep: UInt8 = { if case let .byte(b) = options.separator { return b } else { return 0 } }()
        let trim = options.trim
        let count = bytes.count
        if fieldCapacity < count + 1 { growFields(count + 1) }
        var i = 0
        var recordStart = 0
        while i < count {
            // one record
            let recordLine = line
            var out = 0, fields = 0
            var fieldStart = 0, lastSolid = 0
            var inQuotes = false, wasQuoted = false, atFieldStart = true, complete = false, blank = true
            var quoteLine = line
            if let comment = options.comment, bytes[i] == comment {
                while i < count && bytes[i] != newline { i += 1 }
                if i == count && !atEOF { return recordStart }
                i += 1
                line += 1
                recordStart = i
                continue
            }
            func endField() {
                if fields == endCapacity { growEnds() }
                let end = (trim && !wasQuoted) ? max(lastSolid, fieldStart) : out
                out = end
                ends[fields] = end
                quoted[fields] = wasQuoted
                fields += 1
                fieldStart = out
                lastSolid = out
                wasQuoted = false
                atFieldStart = true
            }
            while i < count {
                let c = bytes[i]
                i += 1
                if inQuotes {
                    if c == quote {
                        if i < count && bytes[i] == quote {
                            fieldBytes[out] = quote; out += 1; i += 1
                        } else if i == count && !atEOF {
                            line = recordLine
                            return recordStart            // cannot tell yet: retry with more data
                        } else {
                            inQuotes = false
                            lastSolid = out
                        }
                    } else {
                        if c == newline { line += 1 }
                        fieldBytes[out] = c; out += 1
                    }
                    continue
                }
                if c == newline {
                    line += 1
                    if !blank || fields > 0 {
                        if !(whitespace && atFieldStart && fields > 0) { endField() }
                    }
                    complete = true
                    break
                }
                if c == cr { continue }
                if whitespace ? (c == space || c == tab) : (c == sep) {
                    if whitespace {
                        if !atFieldStart { endField() }
                        continue
                    }
                    blank = false
                    endField()
                    continue
                }
                if atFieldStart && trim && (c == space || c == tab) { continue }
                blank = false
                if atFieldStart && c == quote {
                    inQuotes = true
                    wasQuoted = true
                    quoteLine = line
                    atFieldStart = false
                    continue
                }
                atFieldStart = false
                fieldBytes[out] = c; out += 1
                if c != space && c != tab { lastSolid = out }
            }
            if !complete {
                if !atEOF {
                    line = recordLine
                    return recordStart
                }
                if inQuotes {
                    throw DatasetError.malformed(file: path, line: quoteLine, reason: "unterminated quoted field")
                }
                if !blank || fields > 0 {
                    if !(whitespace && atFieldStart && fields > 0) { endField() }
                }
            }
            recordStart = i
            if fields > 0 {
                try body(CSVRecord(bytes: fieldBytes, ends: ends, quotedFlags: quoted, count: fields, line: recordLine))
            }
        }
        return recordStart
    }
}
