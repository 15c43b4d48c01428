#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// The progress of reading a file front to back (CSV files, `fairlua audit`), in bytes of the file as stored:
/// a plain file's bytes, a gzip file's compressed bytes (its size on disk is the total), and for a pipe or
/// standard input the bytes so far (no total to show). Drawn only on a terminal, after a second, and not with
/// `--quiet` (the host's bars decide).
enum ReadProgress {
    /// Plain files smaller than this (gzip files an eighth of it, for their compression) are read in well under
    /// a second: no progress is made.
    static let minimumSize = 1 << 20

    /// The progress of reading `path` from its start up to byte `end` (its size when nil), or nil for a small file.
    static func start(_ path: String, end: Int?) -> ProgressHook? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let name = path == "/dev/stdin" ? "standard input" : path.split(separator: "/").last.map(String.init) ?? path
        guard (info.st_mode & S_IFMT) == S_IFREG else { return ProgressHook("reading \(name) (bytes)", total: 0) }
        let size = end ?? Int(info.st_size)
        return size >= (InputFile.isGzip(path) ? minimumSize / 8 : minimumSize) ? ProgressHook("reading \(name)", total: size) : nil
    }
}
