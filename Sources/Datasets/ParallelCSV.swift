import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The two halves of a parallel CSV read, each filled by its own thread.
/// Each thread touches only its own properties.
private final class Halves: @unchecked Sendable {
    var first: CSVReader.Part
    var second: CSVReader.Part
    var firstError: Error?
    var secondError: Error?
    init(_ first: CSVReader.Part, _ second: CSVReader.Part) {
        self.first = first
        self.second = second
    }
}

extension CSVReader {
    /// Files at least this large are split in two and parsed on two threads.
    static let parallelThreshold = 16 << 20

    /// Parses the two halves of a large file concurrently (split at a line end), then joins the columns.
    /// Returns nil (the caller reads sequentially) with `options.threads` below 2, for small and gzip-compressed
    /// files, and when a quoted field was seen: a quoted newline could straddle the split.
    static func readInHalves(_ path: String, _ options: CSVOptions) throws -> (table: Table, skipped: Int)? {
        guard options.threads >= 2, let size = splittableSize(path, minimumSize: parallelThreshold), let split = lineStart(path, near: size / 2) else { return nil }
        // The first half reads the header; the second needs the names before it starts.
        var header = Part(names: options.header ? nil : options.names, expectHeader: options.header)
        try header.read(path, options, from: 0, to: firstLineEnd(path) ?? split)
        guard let names = header.names else { return nil }
        let halves = Halves(Part(names: options.header ? nil : options.names, expectHeader: options.header),
                            Part(names: names, expectHeader: false))
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 {
                do { try halves.first.read(path, options, from: 0, to: split) } catch { halves.firstError = error }
            } else {
                do { try halves.second.read(path, options, from: split, to: nil) } catch { halves.secondError = error }
            }
        }
        if halves.first.sawQuote || halves.second.sawQuote { return nil }
        if let error = halves.firstError { throw error }
        if let error = halves.secondError {
            // the second half counts lines from its own start
            if case let DatasetError.malformed(file, line, reason) = error {
                throw DatasetError.malformed(file: file, line: line + halves.first.lines, reason: reason)
            }
            throw error
        }
        var first = halves.first
        guard first.builders.count == halves.second.builders.count else { return nil }
        for k in first.builders.indices { try first.builders[k].merge(halves.second.builders[k]) }
        first.skipped += halves.second.skipped
        return try first.finish(path, options)
    }

    /// The size of the file at `path` when it can be read in parts from offsets: a regular file of at least
    /// `minimumSize` bytes that is not gzip-compressed (a gzip stream reads only front to back); else nil.
    public static func splittableSize(_ path: String, minimumSize: Int) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) >= minimumSize,
              !InputFile.isGzip(path) else { return nil }
        return Int(info.st_size)
    }

    /// The offset just after the first newline at or after `offset` in the file at `path` (a record start
    /// where the file can be split when it holds no quoted field); nil when no newline follows or the file
    /// cannot be read. Searches 64 KiB at a time with memchr.
    public static func lineStart(_ path: String, near offset: Int) -> Int? {
        guard offset >= 0, let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        guard fseek(file, offset, SEEK_SET) == 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var position = offset
        while true {
            let (n, hit) = buffer.withUnsafeMutableBytes { p -> (Int, Int?) in
                guard let base = p.baseAddress else { return (0, nil) }
                let n = fread(base, 1, p.count, file)
                guard n > 0, let found = memchr(base, 10, n) else { return (n, nil) }
                return (n, UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)))
            }
            if let hit { return position + hit + 1 }
            if n == 0 { return nil }
            position += n
        }
    }

    /// The offset just after the first line.
    static func firstLineEnd(_ path: String) -> Int? { lineStart(path, near: 0) }
}
