/// Per-group curves of scores: ROC (false/true positive rate at every threshold), precision-recall and
/// calibration (mean score against the share of positives in equal-width bins).
public enum Curves {
    /// The cumulative true and false positives of `rows` at each distinct score t, from the highest: the counts of the
    /// decisions score ≥ t (scikit-learn's `_binary_clf_curve`), and the rows' positives and negatives.
    static func cumulative(scores: [Double], labels: [UInt8], rows: [Int]) -> (counts: [(tp: Double, fp: Double)], positives: Double, negatives: Double) {
        let order = rows.sorted { scores[$0] > scores[$1] }
        var counts: [(tp: Double, fp: Double)] = []
        var tp = 0.0, fp = 0.0, k = 0
        while k < order.count {
            let s = scores[order[k]]
            while k < order.count && scores[order[k]] == s {
                if labels[order[k]] == 1 { tp += 1 } else { fp += 1 }
                k += 1
            }
            counts.append((tp, fp))
        }
        return (counts, tp, fp)
    }

    /// The ROC points of `rows`, from (0, 0) to (1, 1), one per distinct score.
    public static func roc(scores: [Double], labels: [UInt8], rows: [Int]) -> [(x: Double, y: Double)] {
        let (counts, positives, negatives) = cumulative(scores: scores, labels: labels, rows: rows)
        guard positives > 0, negatives > 0 else { return [] }
        return [(0, 0)] + counts.map { ($0.fp / negatives, $0.tp / positives) }
    }

    /// The precision-recall points (recall, precision) of `rows` as scikit-learn's `precision_recall_curve` gives
    /// them (Davis & Goadrich 2006), in reverse: from (0, 1) through one point per distinct score t, taken from the
    /// highest, with recall = TP(t) / P and precision = TP(t) / (TP(t) + FP(t)) for the decisions score ≥ t.
    /// Empty when the rows hold no positive (recall is undefined).
    public static func precisionRecall(scores: [Double], labels: [UInt8], rows: [Int]) -> [(x: Double, y: Double)] {
        let (counts, positives, _) = cumulative(scores: scores, labels: labels, rows: rows)
        guard positives > 0 else { return [] }
        return [(0, 1)] + counts.map { ($0.tp / positives, $0.tp / ($0.tp + $0.fp)) }
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
