import Datasets
import Tensors

/// MinDiff (Prost, Qian, Chen, Chi, Chen & Beutel 2019, "Toward a better trade-off between performance and fairness
/// with kernel-based distribution matching"; TensorFlow Model Remediation's MMD loss): a penalty on the maximum mean
/// discrepancy between each group's predicted probabilities p = sigmoid(logit) and the other rows',
/// MMD² = mean k(p_g, p_g′) − 2 mean k(p_g, p_r) + mean k(p_r, p_r′) = dᵀ K d (d_i = 1/n_g in the group, −1/n_rest
/// elsewhere), averaged over the groups, among the rows of one label (the negatives by default, so the groups'
/// false-positive rates are pulled together; or the positives, or every row), times `weight`. The kernel is
/// Gaussian k(p, q) = exp(−(p − q)² / ℓ²) or Laplacian exp(−|p − q| / ℓ), ℓ = `length`.
public struct MinDiff: Sendable, Equatable {
    /// The kernel comparing two probabilities.
    public enum Kernel: String, Sendable, CaseIterable {
        case gaussian, laplacian
    }
    /// Which rows are compared.
    public enum Rows: String, Sendable, CaseIterable {
        case negatives, positives, all
    }
    /// The rows compared in one call at most (the kernel matrix is rows²).
    public static let maximumRows = 8192

    /// The kernel.
    public let kernel: Kernel
    /// The multiplier.
    public let weight: Double
    /// The kernel's length ℓ.
    public let length: Double
    /// The rows compared.
    public let rows: Rows

    /// A MinDiff penalty; a negative weight or a non-positive length is an error.
    public init(kernel: Kernel = .gaussian, weight: Double = 1.5, length: Double = 0.1, rows: Rows = .negatives) throws {
        guard weight >= 0, weight.isFinite else { throw LearningError.invalid("MinDiff: weight must be a finite number ≥ 0, got \(weight)") }
        guard length > 0, length.isFinite else { throw LearningError.invalid("MinDiff: length must be a finite number > 0, got \(length)") }
        (self.kernel, self.weight, self.length, self.rows) = (kernel, weight, length, rows)
    }

    /// A penalty named as in scripts: `kernel` and `rows` by their names (an unknown one is an error listing the
    /// allowed ones), nil for the defaults.
    public init(kernel: String?, weight: Double?, length: Double?, rows: String?) throws {
        func named<T: RawRepresentable & CaseIterable>(_ value: String?, _ what: String, _ fallback: T) throws -> T where T.RawValue == String {
            guard let value else { return fallback }
            guard let v = T(rawValue: value) else {
                throw LearningError.invalid("MinDiff: unknown \(what) '\(value)'; \(what)s: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return v
        }
        try self.init(kernel: try named(kernel, "kernel", Kernel.gaussian), weight: weight ?? 1.5, length: length ?? 0.1,
                      rows: try named(rows, "rows", Rows.negatives))
    }

    /// The penalty for one logit per row (`output`), 0/1 labels and 0-based group codes (−1 rows ignored); 0 when fewer
    /// than two groups have rows among those compared.
    public func callAsFunction(_ output: Tensor, labels: Tensor, groups: [Int32]) throws -> Tensor {
        let n = labels.numel
        guard n > 0, output.numel == n, groups.count == n else {
            throw LearningError.invalid("MinDiff: one logit per row expected (a binary model): \(output.numel) outputs, \(n) labels, \(groups.count) group codes")
        }
        let label = labels.storage
        let kept = (0..<n).filter { i in
            groups[i] >= 0 && (rows == .all || (rows == .negatives ? label[i] == 0 : label[i] == 1))
        }
        guard kept.count <= Self.maximumRows else {
            throw LearningError.invalid("MinDiff compares every pair of rows: \(kept.count) rows exceed \(Self.maximumRows); use smaller batches")
        }
        let groupCount = Int(groups.max() ?? -1) + 1
        var sizes = [Int](repeating: 0, count: max(groupCount, 0))
        for i in kept { sizes[Int(groups[i])] += 1 }
        let present = sizes.indices.filter { sizes[$0] > 0 }
        guard present.count >= 2 else { return Tensor(scalar: 0) }
        let m = kept.count
        let p = try output.reshape([n, 1]).sigmoid().index(dim: 0, try Tensor(shape: [m, 1], storage: kept.map(Float.init)))
        let gap = try p.subtracting(p.reshape([1, m]))                                         // (m × m): p_i − p_j
        let k = switch kernel {
        case .gaussian: try gap.multiplying(gap).multiplying(Tensor(scalar: Float(-1 / (length * length)))).exp()
        case .laplacian: try gap.abs().multiplying(Tensor(scalar: Float(-1 / length))).exp()
        }
        // One column of d per group: 1/n_g on its rows, −1/n_rest on the others.
        var d = [Float](repeating: 0, count: m * present.count)
        for (column, g) in present.enumerated() {
            let inside = Float(sizes[g]), rest = Float(m - sizes[g])
            for (r, i) in kept.enumerated() { d[r * present.count + column] = Int(groups[i]) == g ? 1 / inside : -1 / rest }
        }
        let dm = try Tensor(shape: [m, present.count], storage: d)
        let mmd = try dm.multiplying(k.mm(dm)).sum()                                           // Σ_g d_gᵀ K d_g
        return try mmd.multiplying(Tensor(scalar: Float(weight / Double(present.count))))
    }

    /// `MinDiff gaussian, length 0.1, weight 1.5, negatives`.
    public var description: String { "MinDiff \(kernel.rawValue), length \(formatNumber(length)), weight \(formatNumber(weight)), \(rows.rawValue)" }
}

extension MinDiff: TrainingTerm {
    /// The penalty on the batch's outputs, labels and group codes.
    public func value(on batch: TermBatch) throws -> Tensor {
        let (output, labels) = try batch.outputAndLabels("MinDiff")
        guard let groups = batch.groups else { throw LearningError.invalid("MinDiff: call it with (output, labels, groups)") }
        return try self(output, labels: labels, groups: groups)
    }

    /// A fairness penalty.
    public var isPenalty: Bool { true }

    /// It reads groups.
    public var readsGroups: Bool { true }
}
