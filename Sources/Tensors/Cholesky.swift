/// The Cholesky factor of a small dense symmetric positive-definite matrix, in Double (Newton steps,
/// least squares); factor once, solve many times.
public struct Cholesky {
    /// The lower-triangular factor L (A = L Lᵀ), row-major.
    public let l: [Double]
    private let k: Int

    /// Factors A (k × k, row-major).
    public init(_ a: [Double], _ k: Int) throws {
        guard a.count == k * k else { throw TensorError.invalid("Cholesky: a \(k) × \(k) matrix expected") }
        var l = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0...i {
                var sum = a[i * k + j]
                for m in 0..<j { sum -= l[i * k + m] * l[j * k + m] }
                if i == j {
                    guard sum > 0 else { throw TensorError.invalid("the matrix is not positive definite (collinear columns?)") }
                    l[i * k + i] = sum.squareRoot()
                } else {
                    l[i * k + j] = sum / l[j * k + j]
                }
            }
        }
        self.l = l
        self.k = k
    }

    /// x with A x = b.
    public func solve(_ b: [Double]) throws -> [Double] {
        guard b.count == k else { throw TensorError.invalid("Cholesky: \(k) values expected, got \(b.count)") }
        var z = b
        for i in 0..<k {
            for m in 0..<i { z[i] -= l[i * k + m] * z[m] }
            z[i] /= l[i * k + i]
        }
        for i in stride(from: k - 1, through: 0, by: -1) {
            for m in (i + 1)..<k { z[i] -= l[m * k + i] * z[m] }
            z[i] /= l[i * k + i]
        }
        return z
    }

    /// Solves A x = b once.
    public static func solve(_ a: [Double], _ b: [Double], _ k: Int) throws -> [Double] { try Cholesky(a, k).solve(b) }
}
