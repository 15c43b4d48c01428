import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Learning

/// Metrics of scores and regression values that need the rows themselves, not just counts.
enum ScoreMetrics {
    /// Weighted ROC AUC (ties count one half); NaN when the rows hold one class only.
    static func rocAUC(_ d: Predictions, _ rows: [Int]) throws -> Double {
        let s = try d.scores(for: "roc_auc")
        let y = try d.binaryLabels()
        return Evaluation.rocArea(scores: s, positive: { y[$0] == 1 }, weight: d.weight, rows: rows)
    }

    /// Weighted mean negative log-likelihood; scores are clipped to [ε, 1 − ε] with ε the Double epsilon.
    static func logLoss(_ d: Predictions, _ rows: [Int]) throws -> Double {
        let s = try d.scores(for: "log_loss")
        let y = try d.binaryLabels()
        let eps = Double.ulpOfOne
        return Metrics.weightedMean(d, rows) { i in
            let p = min(max(s[i], eps), 1 - eps)
            return y[i] == 1 ? -log(p) : -log(1 - p)
        }
    }

    /// The equal-width bin of a score in [0, 1] (right-closed; 0 falls in the first bin). Scores outside
    /// [0, 1], ±inf included, fall in the end bins and NaN in the first (`Int(_:)` would trap on them).
    static func bin(_ score: Double, _ bins: Int) -> Int {
        let clamped = score.isNaN ? 0 : Swift.min(Swift.max(score, 0), 1)
        return Swift.min(Swift.max(Int((clamped * Double(bins)).rounded(.up)) - 1, 0), bins - 1)
    }

    /// Expected calibration error over 10 equal-width bins (right-closed; 0 falls in the first bin).
    static func calibrationError(_ d: Predictions, _ rows: [Int]) throws -> Double {
        let s = try d.scores(for: "ece")
        let bins = 10
        var weight = [Double](repeating: 0, count: bins), label = weight, score = weight
        for i in rows {
            let b = bin(s[i], bins)
            let w = d.weight(i)
            weight[b] += w; label[b] += w * d.yTrue[i]; score[b] += w * s[i]
        }
        let total = weight.reduce(0, +)
        guard total > 0 else { return .nan }
        var error = 0.0
        for b in 0..<bins where weight[b] > 0 { error += abs(label[b] - score[b]) }
        return error / total
    }

    /// Weighted coefficient of determination.
    static func r2(_ d: Predictions, _ rows: [Int]) throws -> Double {
        let mean = Metrics.weightedMean(d, rows) { d.yTrue[$0] }
        var residual = 0.0, spread = 0.0
        for i in rows {
            let w = d.weight(i)
            residual += w * Metrics.squaredError(d, i)
            spread += w * (d.yTrue[i] - mean) * (d.yTrue[i] - mean)
        }
        return spread == 0 ? .nan : 1 - residual / spread
    }
}
