#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads into memory, for small binary formats (.npy, images, model files).
public enum FileBytes {
    /// The most read from a file whose size is not known in advance (a device, a pipe): `/dev/zero`
    /// would otherwise be read until memory runs out.
    public static let streamLimit = 1 << 28

    /// The bytes of the file at `path`, or an error naming the file and the system's reason. A regular
    /// file must fit in memory (`MemoryLimit`); anything else is read up to `limit` bytes.
    public static func read(_ path: String, limit: Int = streamLimit) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw TensorError.invalid("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var info = stat()
        guard fstat(fileno(file), &info) == 0 else { throw TensorError.invalid("cannot read \(path): \(String(cString: strerror(errno)))") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw TensorError.invalid("cannot read \(path): it is a directory") }
        let regular = (info.st_mode & S_IFMT) == S_IFREG
        if regular { try MemoryLimit.check(bytes: Int(info.st_size), op: "read", what: path) }
        var bytes: [UInt8] = []
        if regular { bytes.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n == 0 { break }
            guard regular || bytes.count + n <= limit else {
                throw TensorError.invalid("cannot read \(path): it is not a regular file and gives more than \(limit >> 20) MiB")
            }
            bytes += chunk[0..<n]
        }
        guard ferror(file) == 0 else { throw TensorError.invalid("cannot read \(path): \(String(cString: strerror(errno)))") }
        return bytes
    }
}
