/// Per-group curves of scores: ROC (false/true positive rate at every threshold) and calibration
/// (mean score against the share of positives in equal-width bins).
public enum Curves {
    /// The ROC points of `rows`, from (0, 0) to (1, 1), one per distinct score.
    public static func roc(scores: [Double], labels: [UInt8], rows: [Int]) -> [(x: Double, y: Double)] {
        let order = rows.sorted { scores[$0] > scores[$1] }
        let positives = Double(rows.filter { labels[$0] == 1 }.count), negatives = Double(rows.count) - positives
        guard positives > 0, negatives > 0 else { return [] }
        var points = [(x: 0.0, y: 0.0)]
        var tp = 0.0, fp = 0.0, k = 0
        while k < order.count {
            let s = scores[order[k]]
            while k < order.count && scores[order[k]] == s {
                if labels[order[k]] == 1 { tp += 1 } else { fp += 1 }
                k += 1
            }
            points.append((fp / negatives, tp / positives))
        }
        return points
    }

    /// Calibration points of `rows`: (mean score, share of positives) per non-empty bin of `bins` equal
    /// widths on [0, 1].
    public static func calibration(scores: [Double], labels: [UInt8], rows: [Int], bins: Int = 10) -> [(x: Double, y: Double)] {
        var sum = [Double](repeating: 0, count: bins), positive = sum, count = sum
        for i in rows {
            let b = ScoreMetrics.bin(scores[i], bins)
            sum[b] += scores[i]; positive[b] += Double(labels[i]); count[b] += 1
        }
        return (0..<bins).filter { count[$0] > 0 }.map { (sum[$0] / count[$0], positive[$0] / count[$0]) }
    }
}
