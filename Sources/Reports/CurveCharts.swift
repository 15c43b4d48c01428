import Fairness

extension SVGChart {
    /// The curves one group's rows draw: ROC (false against true positive rate) or calibration (mean predicted
    /// probability against the share of positives, in `bins` equal-width bins).
    public enum Curve {
        case roc
        case calibration(bins: Int)
    }

    /// One `curve` per group (names and rows of `groups`) of `scores` against 0/1 `labels`, plus the diagonal
    /// (chance, or perfect calibration), as SVG lines; the title defaults to "ROC by group" / "Calibration by group".
    public static func curves(_ curve: Curve, scores: [Double], labels: [UInt8], groups: GroupIndex, title: String? = nil) -> String {
        let rows = groups.rows()
        var series = groups.names.enumerated().map { g, name in
            switch curve {
            case .roc: return Line(name: name, points: Curves.roc(scores: scores, labels: labels, rows: rows[g]))
            case let .calibration(bins): return Line(name: name, points: Curves.calibration(scores: scores, labels: labels, rows: rows[g], bins: bins))
            }
        }
        switch curve {
        case .roc:
            series.append(Line(name: "chance", points: [(0, 0), (1, 1)]))
            return lines(title: title ?? "ROC by group", series: series, xLabel: "false positive rate", yLabel: "true positive rate")
        case .calibration:
            series.append(Line(name: "perfectly calibrated", points: [(0, 0), (1, 1)]))
            return lines(title: title ?? "Calibration by group", series: series, xLabel: "mean predicted probability", yLabel: "share of positives")
        }
    }
}
