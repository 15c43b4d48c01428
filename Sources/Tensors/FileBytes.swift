#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads into memory, for small binary formats (.npy, images).
public enum FileBytes {
    /// The bytes of the file at `path`, or an error naming the file and the system's reason.
    public static func read(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw TensorError.invalid("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        guard ferror(file) == 0 else { throw TensorError.invalid("cannot read \(path): \(String(cString: strerror(errno)))") }
        return bytes
    }
}
