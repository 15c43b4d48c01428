#if canImport(Glibc)
import Glibc
#endif

/// The one routine every writer uses (reports, charts, models, CSV, `.npy`, `fairlua audit --out`).
///
/// - A regular file (or a new one) is replaced atomically: the bytes go to a temporary file created in
///   the target's directory with `mkstemp` (exclusive creation, an unpredictable name, never a symlink),
///   are flushed with `fsync`, then `rename`d over the target, so a reader never sees a half-written
///   file and a failure leaves the old one intact. A replaced file keeps its permission bits; a new one
///   gets 0666 minus the umask.
/// - A path that is a symbolic link is written through: the link stays and the file it resolves to is
///   replaced (a dangling link creates its target).
/// - An existing file that is not regular (`/dev/stdout`, a FIFO, a terminal, `/dev/full`) is opened and
///   written directly, never replaced; paths under `/dev/` and `/proc/` are always written directly.
/// - Every failure, a full disk included, is an error naming the path.
public enum AtomicFile {
    /// Writes `bytes` to `path`.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists && (info.st_mode & S_IFMT) == S_IFDIR { throw failure(path, "it is a directory") }
        if (exists && (info.st_mode & S_IFMT) != S_IFREG) || path.hasPrefix("/dev/") || path.hasPrefix("/proc/") {
            try writeDirectly(bytes, to: path)
        } else {
            try replace(try resolved(path), with: bytes, mode: exists ? info.st_mode & 0o7777 : nil)
        }
    }

    /// Writes UTF-8 `text` to `path`.
    public static func write(_ text: String, to path: String) throws { try write(Array(text.utf8), to: path) }

    /// `path` with symbolic links followed to the file they name (which may not exist yet).
    static func resolved(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n >= 0 else { throw failure(path, errorText()) }
            let target = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : directory(of: current) + "/" + target
        }
        throw failure(path, "too many levels of symbolic links")
    }

    /// The directory part of `path` ("." when it has none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Writes into a fresh temporary file beside `target`, then renames it over `target`.
    static func replace(_ target: String, with bytes: [UInt8], mode: mode_t?) throws {
        let base = target.split(separator: "/").last.map(String.init) ?? "file"
        var template = Array((directory(of: target) + "/." + base + ".XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw failure(target, "cannot create a temporary file: " + errorText()) }
        let temporary = String(cString: template)
        do {
            let permissions = mode ?? { let mask = umask(0); umask(mask); return 0o666 & ~mask }()
            guard fchmod(fd, permissions) == 0 else { throw failure(target, errorText()) }
            try writeAll(bytes, to: fd, path: target)
            guard fsync(fd) == 0 else { throw failure(target, errorText()) }
            let closed = close(fd)
            guard closed == 0 else { throw failure(target, errorText()) }
            guard rename(temporary, target) == 0 else { throw failure(target, errorText()) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
    }

    /// Opens an existing non-regular file (a device, a FIFO) and writes `bytes` into it.
    static func writeDirectly(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, errorText()) }
        defer { close(fd) }
        try writeAll(bytes, to: fd, path: path)
    }

    /// Writes every byte, retrying short writes and interrupted calls.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            guard let start = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, start + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw failure(path, errorText()) }
                offset += n
            }
        }
    }

    static func errorText() -> String { String(cString: strerror(errno)) }

    static func failure(_ path: String, _ reason: String) -> TensorError {
        .invalid("cannot write \(path): \(reason)")
    }
}
