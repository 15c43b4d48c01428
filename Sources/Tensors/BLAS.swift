#if canImport(Glibc)
import Glibc
#endif

/// OpenBLAS, opened on the first matrix product rather than linked: loading and relocating it (and the
/// libgfortran it pulls in) would otherwise cost every `fairlua` run a few milliseconds of start-up.
enum BLAS {
    typealias Sgemm = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias Sgemv = @convention(c) (Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void

    typealias Dgemm = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
                                      UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void

    typealias Dgemv = @convention(c) (Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
                                      UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void

    /// CBLAS constants (cblas.h): row-major order, no transpose, transpose, upper triangle.
    static let rowMajor: Int32 = 101, noTranspose: Int32 = 111, transpose: Int32 = 112, upper: Int32 = 121

    typealias Ssyrk = @convention(c) (Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                      Float, UnsafeMutablePointer<Float>?, Int32) -> Void

    typealias SetThreads = @convention(c) (Int32) -> Void
    typealias GetThreads = @convention(c) () -> Int32

    struct Functions: @unchecked Sendable {
        let sgemm: Sgemm
        let sgemv: Sgemv
        let dgemm: Dgemm
        let dgemv: Dgemv
        let ssyrk: Ssyrk
        /// openblas_set_num_threads, when the library has it.
        let setThreads: SetThreads?
        /// The thread count OpenBLAS started with (OPENBLAS_NUM_THREADS or the cores).
        let threads: Int32
    }

    /// Products with fewer multiply-adds than this run on one thread: OpenBLAS's own cut-off is far lower,
    /// and on a small machine its woken threads then spin in sched_yield, taking the core the caller needs
    /// (measured: a conv net's training loop spent 40 % of its time there at a cut-off of 2²², the seeds' conv
    /// net's 64 × 2048 × 128 products included, and 20 % on a shared machine; serial, its loop took 0.85x the time).
    static let serialWork = 1 << 25

    /// The thread count last set (0: not yet). A race between threads can only pick a worse count.
    nonisolated(unsafe) private static var currentThreads: Int32 = 0

    /// The functions, or nil when no OpenBLAS library can be opened (thread-safe lazy initialisation).
    static let functions: Functions? = {
        for name in ["libopenblas.so.0", "libopenblas.so"] {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL),
                  let gemm = dlsym(handle, "cblas_sgemm"), let gemv = dlsym(handle, "cblas_sgemv"),
                  let dgemm = dlsym(handle, "cblas_dgemm"), let dgemv = dlsym(handle, "cblas_dgemv"),
                  let syrk = dlsym(handle, "cblas_ssyrk") else { continue }
            let set = dlsym(handle, "openblas_set_num_threads").map { unsafeBitCast($0, to: SetThreads.self) }
            let threads = dlsym(handle, "openblas_get_num_threads").map { unsafeBitCast($0, to: GetThreads.self)() } ?? 1
            return Functions(sgemm: unsafeBitCast(gemm, to: Sgemm.self), sgemv: unsafeBitCast(gemv, to: Sgemv.self),
                             dgemm: unsafeBitCast(dgemm, to: Dgemm.self), dgemv: unsafeBitCast(dgemv, to: Dgemv.self),
                             ssyrk: unsafeBitCast(syrk, to: Ssyrk.self), setThreads: set, threads: max(threads, 1))
        }
        return nil
    }()

    /// The loaded functions, set up for a product of `work` multiply-adds, or an error saying what to install.
    static func load(work: Int) throws -> Functions {
        guard let functions else {
            throw TensorError.invalid("matrix products need OpenBLAS: libopenblas.so.0 could not be opened (apt-get install libopenblas0)")
        }
        if let set = functions.setThreads {
            let wanted: Int32 = work < serialWork ? 1 : functions.threads
            if wanted != currentThreads {
                set(wanted)
                currentThreads = wanted
            }
        }
        return functions
    }
}

/// Row-major matrix products on raw buffers, for training loops that manage their own memory.
public enum Gemm {
    /// C = alpha · op(A) · op(B) + beta · C with op(A) m × k and op(B) k × n, all row-major Float32.
    public static func multiply(_ a: UnsafePointer<Float>, transposeA: Bool = false, _ b: UnsafePointer<Float>, transposeB: Bool = false,
                                into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0) throws {
        let blas = try BLAS.load(work: m * n * k)
        blas.sgemm(BLAS.rowMajor, transposeA ? BLAS.transpose : BLAS.noTranspose, transposeB ? BLAS.transpose : BLAS.noTranspose,
                   Int32(m), Int32(n), Int32(k), alpha, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n), beta, c, Int32(n))
    }

    /// The Gram matrix C = AᵀA (columns × columns, both triangles filled) of A (rows × columns, row-major):
    /// ssyrk computes one triangle, half the work of a general product.
    public static func gram(_ a: UnsafePointer<Float>, rows: Int, columns: Int, into c: UnsafeMutablePointer<Float>) throws {
        let blas = try BLAS.load(work: rows * columns * columns / 2)
        blas.ssyrk(BLAS.rowMajor, BLAS.upper, BLAS.transpose, Int32(columns), Int32(rows), 1, a, Int32(columns), 0, c, Int32(columns))
        for i in 0..<columns { for j in 0..<i { c[i * columns + j] = c[j * columns + i] } }
    }

    /// y = op(A) · x (or y += op(A) · x when `accumulate`) for A (rows × columns, row-major, Double); op
    /// transposes when `transpose`.
    public static func multiply(_ a: UnsafePointer<Double>, transpose: Bool = false, rows: Int, columns: Int,
                                vector x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, accumulate: Bool = false) throws {
        let blas = try BLAS.load(work: rows * columns)
        blas.dgemv(BLAS.rowMajor, transpose ? BLAS.transpose : BLAS.noTranspose, Int32(rows), Int32(columns), 1, a, Int32(columns), x, 1,
                   accumulate ? 1 : 0, y, 1)
    }

    /// The same in Double precision.
    public static func multiply(_ a: UnsafePointer<Double>, transposeA: Bool = false, _ b: UnsafePointer<Double>, transposeB: Bool = false,
                                into c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int, alpha: Double = 1, beta: Double = 0) throws {
        let blas = try BLAS.load(work: m * n * k)
        blas.dgemm(BLAS.rowMajor, transposeA ? BLAS.transpose : BLAS.noTranspose, transposeB ? BLAS.transpose : BLAS.noTranspose,
                   Int32(m), Int32(n), Int32(k), alpha, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n), beta, c, Int32(n))
    }
}
