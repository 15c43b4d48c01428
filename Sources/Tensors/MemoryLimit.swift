#if canImport(Glibc)
import Glibc
#endif

/// The memory the process may really get: the least of physical memory, the address-space limit
/// (`ulimit -v`, RLIMIT_AS) less what is already mapped, and the cgroup's `memory.max` less its
/// `memory.current`. Large allocations are checked against it so that exhaustion is an error, not an abort.
public enum MemoryLimit {
    /// Allocations below this size are not checked (the check reads /proc).
    static let threshold = 16 << 20

    /// An error naming `op` and `what` when `bytes` cannot be allocated.
    public static func check(bytes: Int, op: String, what: String) throws {
        guard bytes >= threshold else { return }
        let available = availableBytes()
        guard bytes > available else { return }
        throw TensorError.outOfMemory(op: op, what: what, bytes: bytes, available: available)
    }

    /// Bytes the process may still allocate (an estimate; `Int.max` when nothing limits it).
    public static func availableBytes() -> Int {
        var limit = physicalMemory > 0 ? physicalMemory : Int.max
        var rl = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &rl) == 0, rl.rlim_cur < UInt(Int.max) {
            limit = Swift.min(limit, Int(rl.rlim_cur) - mappedBytes())
        }
        if let max = cgroupValue("memory.max") {
            limit = Swift.min(limit, max - (cgroupValue("memory.current") ?? 0))
        }
        return Swift.max(limit, 0)
    }

    /// Physical memory in bytes (0 when unknown).
    static let physicalMemory: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? pages * size : 0
    }()

    /// The process's virtual size (first field of /proc/self/statm, in pages).
    static func mappedBytes() -> Int {
        guard let text = smallFile("/proc/self/statm"), let pages = Int(text.split(separator: " ").first ?? "") else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The cgroup v2 file of the process's own group, as a number ("max" and absence give nil).
    static func cgroupValue(_ name: String) -> Int? {
        guard let group = cgroupPath, let text = smallFile("/sys/fs/cgroup" + group + "/" + name) else { return nil }
        return text.split(whereSeparator: { $0 == "\n" || $0 == " " }).first.flatMap { Int($0) }
    }

    /// The process's cgroup v2 path ("0::/path" in /proc/self/cgroup).
    static let cgroupPath: String? = {
        guard let text = smallFile("/proc/self/cgroup") else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("0::") }.map { String($0.dropFirst(3)) }.map { $0 == "/" ? "" : $0 }
    }()

    /// The first 4 KiB of a text file.
    static func smallFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = fread(&buffer, 1, buffer.count, file)
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }
}
