import Fairness

extension SVGChart {
    /// The curves one group's rows draw: ROC (false against true positive rate), precision-recall (recall against
    /// precision) or calibration (mean predicted probability against the share of positives, in `bins` equal-width bins).
    public enum Curve {
        case roc
        case precisionRecall
        case calibration(bins: Int)
    }

    /// One `curve` per group (names and rows of `groups`) of `scores` against 0/1 `labels`, plus a reference (the
    /// diagonal for chance or perfect calibration; for precision-recall the share of positives, a random ranking's precision) as a grey dashed line, as SVG lines; the title defaults to
    /// "ROC by group" / "Calibration by group". Groups named in `small` (below the minimum size) are dotted,
    /// with a hollow swatch and "(n = 12, small)" in the legend.
    public static func curves(_ curve: Curve, scores: [Double], labels: [UInt8], groups: GroupIndex, title: String? = nil,
                              small: Set<String> = []) -> String {
        let rows = groups.rows()
        var series = groups.names.enumerated().map { g, name in
            let points: [(x: Double, y: Double)]
            switch curve {
            case .roc: points = Curves.roc(scores: scores, labels: labels, rows: rows[g])
            case .precisionRecall: points = Curves.precisionRecall(scores: scores, labels: labels, rows: rows[g])
            case let .calibration(bins): points = Curves.calibration(scores: scores, labels: labels, rows: rows[g], bins: bins)
            }
            return small.contains(name) ? Line(name: "\(name) (n = \(rows[g].count), small)", points: points, style: .small)
                : Line(name: name, points: points)
        }
        switch curve {
        case .roc:
            series.append(Line(name: "chance", points: [(0, 0), (1, 1)], style: .reference))
            return lines(title: title ?? "ROC by group", series: series, xLabel: "false positive rate", yLabel: "true positive rate")
        case .precisionRecall:
            let rate = Double(labels.filter { $0 == 1 }.count) / Double(max(1, labels.count))
            series.append(Line(name: "chance (share of positives)", points: [(0, rate), (1, rate)], style: .reference))
            return lines(title: title ?? "Precision-recall by group", series: series, xLabel: "recall", yLabel: "precision")
        case .calibration:
            series.append(Line(name: "perfectly calibrated", points: [(0, 0), (1, 1)], style: .reference))
            return lines(title: title ?? "Calibration by group", series: series, xLabel: "mean predicted probability", yLabel: "share of positives")
        }
    }
}
