#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// A file read front to back in chunks, decompressed on the fly when it starts with gzip's magic bytes
/// (1f 8b; the name does not matter, and multi-member files such as `cat a.gz b.gz` are read whole), so a
/// compressed file streams in constant memory. Pipes and stdin work too: nothing seeks back.
final class InputFile {
    private let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var inflater: Inflater?
    /// Compressed bytes read but not yet inflated.
    private var pending: UnsafeMutableRawBufferPointer
    private var pendingStart = 0, pendingEnd = 0
    private var memberEnded = false
    private var atEOF = false
    /// Bytes read from the file so far (compressed bytes for a gzip file), for progress.
    private(set) var bytesRead = 0

    /// Opens `path` at byte `offset` (offsets apply to plain files only).
    init(_ path: String, offset: Int = 0) throws {
        self.path = path
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw DatasetError.unreadable(file: path, reason: "it is a directory")
        }
        guard let file = fopen(path, "rb") else { throw DatasetError.unreadable(file: path, reason: String(cString: strerror(errno))) }
        self.file = file
        pending = .allocate(byteCount: 1 << 16, alignment: 16)
        if offset > 0 { fseek(file, offset, SEEK_SET) }
        try fill()
        if offset == 0 && pendingEnd >= 2 && pending[0] == 0x1F && pending[1] == 0x8B {
            do { inflater = try Inflater(.gzip) } catch { throw DatasetError.unreadable(file: path, reason: "\(error)") }
        }
    }

    deinit {
        fclose(file)
        pending.deallocate()
    }

    /// Whether the file at `path` starts with gzip's magic bytes.
    static func isGzip(_ path: String) -> Bool {
        guard let file = fopen(path, "rb") else { return false }
        defer { fclose(file) }
        return fgetc(file) == 0x1F && fgetc(file) == 0x8B
    }

    /// Reads raw bytes into `pending` when it is empty.
    private func fill() throws {
        guard pendingStart == pendingEnd, !atEOF else { return }
        let n = fread(pending.baseAddress, 1, pending.count, file)
        if n == 0 && ferror(file) != 0 { throw DatasetError.unreadable(file: path, reason: "read error") }
        atEOF = n == 0
        bytesRead += n
        pendingStart = 0
        pendingEnd = n
    }

    /// Reads up to `output.count` bytes (decompressed when gzip); 0 at the end of the file.
    func read(into output: UnsafeMutableRawBufferPointer, limit: Int = Int.max) throws -> Int {
        let room = UnsafeMutableRawBufferPointer(rebasing: output.prefix(Swift.max(0, Swift.min(output.count, limit))))
        guard !room.isEmpty else { return 0 }
        guard let inflater else {
            if pendingStart < pendingEnd {
                let n = Swift.min(room.count, pendingEnd - pendingStart)
                room.copyMemory(from: UnsafeRawBufferPointer(rebasing: pending[pendingStart..<(pendingStart + n)]))
                pendingStart += n
                return n
            }
            let n = fread(room.baseAddress, 1, room.count, file)
            if n == 0 && ferror(file) != 0 { throw DatasetError.unreadable(file: path, reason: "read error") }
            return n
        }
        while true {
            try fill()
            if memberEnded {
                // another member follows, or the file ends here
                if pendingStart == pendingEnd { return 0 }
                guard pending[pendingStart] == 0x1F else {
                    throw DatasetError.unreadable(file: path, reason: "data after the end of the gzip stream is not gzip")
                }
                inflater.reset()
                memberEnded = false
            }
            if pendingStart == pendingEnd {
                throw DatasetError.unreadable(file: path, reason: "the gzip stream is truncated (it ends before its trailer)")
            }
            let input = UnsafeRawBufferPointer(rebasing: pending[pendingStart..<pendingEnd])
            let step: (consumed: Int, produced: Int, ended: Bool)
            do { step = try inflater.inflate(input, into: room) } catch { throw DatasetError.unreadable(file: path, reason: "gzip: \(error)") }
            pendingStart += step.consumed
            memberEnded = step.ended
            if step.produced > 0 { return step.produced }
            if step.consumed == 0 && !step.ended {
                throw DatasetError.unreadable(file: path, reason: "gzip: the stream makes no progress (corrupt)")
            }
        }
    }
}
