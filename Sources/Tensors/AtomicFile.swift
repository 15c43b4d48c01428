#if canImport(Glibc)
import Glibc
#endif

/// Writes files atomically (for every module that writes files): into a temporary file in the same directory, then `rename` over the target,
/// so a reader never sees a half-written file and a failure leaves the old file intact.
public enum AtomicFile {
    /// Writes `bytes` to `path`.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else {
            throw TensorError.invalid("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        fclose(file)
        guard written == bytes.count, flushed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw TensorError.invalid("cannot write \(path): \(reason)")
        }
    }

    /// Writes UTF-8 `text` to `path`.
    public static func write(_ text: String, to path: String) throws { try write(Array(text.utf8), to: path) }
}
