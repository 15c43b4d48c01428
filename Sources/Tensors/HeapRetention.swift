#if canImport(Glibc)
import Glibc
#endif

/// Keeps the memory a training loop frees inside the process's heap instead of handing it back to the kernel.
///
/// Each step of a training loop allocates and frees the same buffers (activations, columns, gradients). glibc's
/// malloc returns the free top of its heap to the kernel past `M_TRIM_THRESHOLD` and serves large blocks with
/// fresh `mmap`s, so each step's buffers came back as new pages, zeroed by page faults: measured on the seeds'
/// conv net, page faults, `brk` and `sgemm_beta` clearing fresh pages were a quarter of the loop. With the
/// thresholds raised, a step reuses the previous step's pages (the allocator acts as the buffer pool).
public enum HeapRetention {
    /// Heap memory kept free before trimming, and the size from which a block gets its own mapping.
    static let trimThreshold: Int32 = 1 << 30, mmapThreshold: Int32 = 32 << 20

    /// glibc's `mallopt` parameters (malloc.h, which the Glibc module does not import).
    static let trimParameter: Int32 = -1, mmapParameter: Int32 = -3

    /// Raised once per process, on the first call (thread-safe lazy initialisation); later calls do nothing.
    /// `mallopt` is looked up at run time: it is glibc's, and absent from other C libraries.
    private static let raised: Bool = {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(trimParameter, trimThreshold)
        _ = mallopt(mmapParameter, mmapThreshold)
        #endif
        return true
    }()

    /// Raises the thresholds for the rest of the process (a process that trains keeps its working set).
    public static func enable() { _ = raised }
}
