import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Breiman's permutation importance: how much a score drops when one feature (or the group of one-hot
/// columns of one original column) is shuffled, over `repeats` seeded shuffles. With a fairness score
/// such as a demographic-parity difference it answers which features drive the disparity.
public struct PermutationImportance {
    /// The features, one per group of columns.
    public let features: [String]
    /// The score on the unshuffled data.
    public let baseline: Double
    /// Mean drop per feature (baseline − shuffled score).
    public let mean: [Double]
    /// Standard deviation of the drop over repeats (population, as scikit-learn).
    public let std: [Double]
    /// Every drop: `drops[f][r]`.
    public let drops: [[Double]]

    /// Shuffles the columns `columns[f]` of `x` together, `repeats` times each, scoring with `score`.
    public init(x: Tensor, features: [String], columns: [[Int]], repeats: Int, seed: UInt64,
                progress: ((Int) -> Void)? = nil, score: (Tensor) throws -> Double) throws {
        guard x.dim == 2 else { throw TensorError.invalid("permutation_importance: a (rows × features) matrix expected") }
        guard features.count == columns.count, !features.isEmpty else { throw TensorError.invalid("permutation_importance: no features") }
        guard repeats >= 1 else { throw TensorError.invalid("permutation_importance: repeats must be at least 1") }
        let (n, d) = (x.shape[0], x.shape[1])
        if let bad = columns.joined().first(where: { $0 < 0 || $0 >= d }) { throw TensorError.invalid("permutation_importance: column \(bad) out of range") }
        baseline = try score(x)
        var generator = RandomGenerator(seed: seed)
        var drops: [[Double]] = []
        for (f, group) in columns.enumerated() {
            var row: [Double] = []
            for _ in 0..<repeats {
                try Cancellation.check()
                let order = generator.permutation(n)
                var values = x.storage
                x.storage.withUnsafeBufferPointer { src in
                    values.withUnsafeMutableBufferPointer { dst in
                        for i in 0..<n { for c in group { dst[i &* d &+ c] = src[order[i] &* d &+ c] } }
                    }
                }
                row.append(baseline - (try score(try Tensor(shape: [n, d], storage: values))))
            }
            drops.append(row)
            progress?(f + 1)
        }
        self.features = features
        self.drops = drops
        mean = drops.map { $0.reduce(0, +) / Double($0.count) }
        std = drops.map { r in
            let m = r.reduce(0, +) / Double(r.count)
            return (r.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(r.count)).squareRoot()
        }
    }

    /// Features by decreasing mean drop.
    public var ranking: [(feature: String, mean: Double, std: Double)] {
        features.indices.sorted { mean[$0] > mean[$1] }.map { (features[$0], mean[$0], std[$0]) }
    }
}
