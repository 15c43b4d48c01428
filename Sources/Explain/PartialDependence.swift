import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Partial dependence and ICE (Friedman 2001; Goldstein et al. 2015): the model's mean prediction (and
/// each row's prediction) as one feature — or a group of one-hot columns, for a categorical feature — is
/// set to each grid value for every row.
public struct PartialDependence {
    /// The grid: numeric values, or one row of column values per category.
    public let grid: [[Float]]
    /// Labels for the grid points.
    public let labels: [String]
    /// The mean prediction at each grid point.
    public let average: [Double]
    /// ICE: `individual[row][point]`, when asked for.
    public let individual: [[Double]]?

    /// scikit-learn's grid for a numeric column: the unique values when there are fewer than `resolution`,
    /// otherwise `resolution` evenly spaced values between the two percentiles (SciPy's `mquantiles`,
    /// plotting positions with α = β = 0.4, as scikit-learn uses).
    public static func grid(_ values: [Float], resolution: Int, percentiles: (Double, Double)) throws -> [Float] {
        guard resolution >= 2 else { throw TensorError.invalid("partial_dependence: grid_resolution must be at least 2") }
        guard percentiles.0 >= 0, percentiles.1 <= 1, percentiles.0 < percentiles.1 else {
            throw TensorError.invalid("partial_dependence: percentiles must satisfy 0 ≤ low < high ≤ 1")
        }
        let unique = Array(Set(values)).sorted()
        guard unique.count >= 2 else { throw TensorError.invalid("partial_dependence: the feature is constant, so there is no grid to vary it over") }
        if unique.count < resolution { return unique }
        let sorted = values.map(Double.init).sorted()
        func quantile(_ q: Double) -> Double {
            let n = Double(sorted.count), alpha = 0.4, beta = 0.4
            let aleph = n * q + alpha + q * (1 - alpha - beta)
            let k = Int(min(max(aleph, 1), n - 1).rounded(.down))
            let gamma = min(max(aleph - Double(k), 0), 1)
            return (1 - gamma) * sorted[k - 1] + gamma * sorted[min(k, sorted.count - 1)]
        }
        let (lo, hi) = (quantile(percentiles.0), quantile(percentiles.1))
        guard lo < hi else { throw TensorError.invalid("partial_dependence: the percentiles are equal; widen them") }
        return (0..<resolution).map { Float(lo + (hi - lo) * Double($0) / Double(resolution - 1)) }
    }

    /// Evaluates `predict` with `columns` of `x` set to each grid row.
    public init(x: Tensor, columns: [Int], grid: [[Float]], labels: [String], individual wantIndividual: Bool,
                predict: (Tensor) throws -> [Double]) throws {
        guard x.dim == 2, !grid.isEmpty, grid.allSatisfy({ $0.count == columns.count }) else {
            throw TensorError.invalid("partial_dependence: a grid row per point with one value per column expected")
        }
        let (n, d) = (x.shape[0], x.shape[1])
        if let bad = columns.first(where: { $0 < 0 || $0 >= d }) { throw TensorError.invalid("partial_dependence: column \(bad) out of range") }
        var average: [Double] = [], individual: [[Double]] = wantIndividual ? Array(repeating: [], count: n) : []
        let progress = ProgressHook("partial dependence", total: grid.count)
        defer { progress.finish() }
        for point in grid {
            try Cancellation.check()
            progress.update(average.count)
            var values = x.storage
            values.withUnsafeMutableBufferPointer { v in
                for i in 0..<n { for (k, c) in columns.enumerated() { v[i &* d &+ c] = point[k] } }
            }
            let p = try predict(try Tensor(shape: [n, d], storage: values))
            average.append(p.reduce(0, +) / Double(max(n, 1)))
            if wantIndividual { for i in 0..<n { individual[i].append(p[i]) } }
        }
        self.grid = grid
        self.labels = labels
        self.average = average
        self.individual = wantIndividual ? individual : nil
    }
}
