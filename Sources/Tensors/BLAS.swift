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

    /// CBLAS constants (cblas.h): row-major order, no transpose.
    static let rowMajor: Int32 = 101, noTranspose: Int32 = 111

    struct Functions: @unchecked Sendable {
        let sgemm: Sgemm
        let sgemv: Sgemv
    }

    /// The functions, or nil when no OpenBLAS library can be opened (thread-safe lazy initialisation).
    static let functions: Functions? = {
        for name in ["libopenblas.so.0", "libopenblas.so"] {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL),
                  let gemm = dlsym(handle, "cblas_sgemm"), let gemv = dlsym(handle, "cblas_sgemv") else { continue }
            return Functions(sgemm: unsafeBitCast(gemm, to: Sgemm.self), sgemv: unsafeBitCast(gemv, to: Sgemv.self))
        }
        return nil
    }()

    /// The loaded functions, or an error saying what to install.
    static func load() throws -> Functions {
        guard let functions else {
            throw TensorError.invalid("matrix products need OpenBLAS: libopenblas.so.0 could not be opened (apt-get install libopenblas0)")
        }
        return functions
    }
}
