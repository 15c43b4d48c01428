import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Individual-fairness measures: inequality indices of per-row benefits (Speicher et al. 2018) and
/// consistency of decisions among nearest neighbours (Zemel et al. 2013).
public enum IndividualFairness {
    /// The generalized entropy index of the benefits b = ŷ − y + 1 (AIF360's definition; alpha 1 is the
    /// Theil index, alpha 0 the mean log deviation).
    public static func generalizedEntropy(yTrue: [Double], yPred: [Double], alpha: Double = 2) throws -> Double {
        let y = try Predictions.binary(yTrue, name: "y_true"), p = try Predictions.binary(yPred, name: "y_pred")
        guard y.count == p.count else { throw FairnessError.lengthMismatch("y_true", y.count, "y_pred", p.count) }
        return entropy((0..<y.count).map { Double(p[$0]) - Double(y[$0]) + 1 }, alpha: alpha)
    }

    /// The between-group part: every row's benefit replaced by its group's mean benefit.
    public static func betweenGroupEntropy(yTrue: [Double], yPred: [Double], groups: GroupIndex, alpha: Double = 2) throws -> Double {
        let y = try Predictions.binary(yTrue, name: "y_true"), p = try Predictions.binary(yPred, name: "y_pred")
        guard y.count == p.count, groups.rowCount == y.count else {
            throw FairnessError.lengthMismatch("y_true", y.count, y.count == p.count ? "sensitive" : "y_pred", y.count == p.count ? groups.rowCount : p.count)
        }
        var sum = [Double](repeating: 0, count: groups.count), n = sum
        for i in 0..<y.count { let g = Int(groups.codes[i]); sum[g] += Double(p[i]) - Double(y[i]) + 1; n[g] += 1 }
        return entropy(groups.codes.map { sum[Int($0)] / n[Int($0)] }, alpha: alpha)
    }

    /// The index of non-negative benefits `b`.
    static func entropy(_ b: [Double], alpha: Double) -> Double {
        guard !b.isEmpty else { return .nan }
        let mu = b.reduce(0, +) / Double(b.count), n = Double(b.count)
        guard mu > 0 else { return .nan }
        switch alpha {
        case 1: return b.reduce(0) { $0 + ($1 == 0 ? 0 : ($1 / mu) * log($1 / mu)) } / n
        case 0: return -b.reduce(0) { $0 + log($1 / mu) } / n
        default: return b.reduce(0) { $0 + pow($1 / mu, alpha) - 1 } / (n * alpha * (alpha - 1))
        }
    }

    /// Zemel et al.'s consistency: 1 − mean |ŷᵢ − mean of ŷ over i's k nearest neighbours (Euclidean, the
    /// row itself included, as scikit-learn's neighbours of the training rows are)|. Exact search (a k-d tree).
    public static func consistency(features x: [Float], columns: Int, decisions: [Double], k: Int = 5) throws -> Double {
        let n = decisions.count
        guard columns > 0, x.count == n * columns else {
            throw FairnessError.lengthMismatch("X", columns > 0 ? x.count / columns : 0, "y_pred", n)
        }
        guard k >= 1 && k <= n else { throw FairnessError.invalid("consistency: k must be in 1…\(n), got \(k)") }
        let points = x.map(Double.init)
        let tree = NearestNeighbours(points: points, width: columns)
        var total = 0.0
        var best = [(distance: Double, row: Int)](repeating: (.infinity, 0), count: k), stack: [(Int, Double)] = []
        points.withUnsafeBufferPointer { xs in
            for i in 0..<n {
                tree.nearest(UnsafeBufferPointer(rebasing: xs[(i * columns)..<((i + 1) * columns)]), into: &best, stack: &stack)
                let mean = best.reduce(0) { $0 + decisions[$1.row] } / Double(k)
                total += abs(decisions[i] - mean)
            }
        }
        return 1 - total / Double(n)
    }
}
