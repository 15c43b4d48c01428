#if canImport(Glibc)
import Glibc
#endif

/// A file's bytes for the binary readers (.npy, .npz, safetensors): memory-mapped read-only when the file
/// is at least `threshold` bytes (no copy before conversion; pages arrive as they are read), read into
/// memory otherwise.
public final class MappedFile {
    /// Files at least this large are mapped rather than read.
    public static let threshold = 16 << 20
    /// The file's path, for messages.
    public let path: String
    private let base: UnsafeRawPointer?
    private let mapped: Bool
    /// The file's bytes.
    public let bytes: UnsafeRawBufferPointer

    /// Opens `path`; an error names the file and the system's reason.
    public init(_ path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw TensorError.invalid("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw TensorError.invalid("cannot read \(path): \(String(cString: strerror(errno)))") }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw TensorError.invalid("cannot read \(path): it is a directory") }
        let size = Int(info.st_size)
        if (info.st_mode & S_IFMT) == S_IFREG && size >= MappedFile.threshold {
            guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
                throw TensorError.invalid("cannot map \(path): \(String(cString: strerror(errno)))")
            }
            madvise(p, size, MADV_SEQUENTIAL | MADV_WILLNEED)
            base = UnsafeRawPointer(p)
            mapped = true
            bytes = UnsafeRawBufferPointer(start: p, count: size)
        } else {
            let data = try FileBytes.read(path)
            let p = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(data.count, 1), alignment: 16)
            data.withUnsafeBytes { if let src = $0.baseAddress { p.copyMemory(from: src, byteCount: data.count) } }
            base = UnsafeRawPointer(p)
            mapped = false
            bytes = UnsafeRawBufferPointer(start: p, count: data.count)
        }
    }

    deinit {
        guard let base else { return }
        if mapped { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) } else { base.deallocate() }
    }
}
