import Datasets
import Fairness
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

extension FairnessCheck {
    /// fairmodels' fairness-check plot as SVG: a panel per criterion, a bar per compared group from 1 to its ratio,
    /// the passing band [ε, 1/ε] shaded neutral grey; bars blue when they pass, vermillion when they fail.
    public var ratioChart: String {
        let finite = ratios.flatMap { $0 }.filter(\.isFinite)
        let lo = min(epsilon, finite.min() ?? 1) * 0.9, hi = max(1 / epsilon, finite.max() ?? 1) * 1.05
        let rows = shownCompared
        let labels = rows.map { SVGChart.abbreviated(groups[$0], width: 150) }
        let left = 40 + (labels.map { SVGChart.textWidth($0) }.max() ?? 40), right = 780.0
        let rowHeight = 20.0, titleHeight = 26.0, gap = 10.0, top = 56.0
        let panel = titleHeight + rowHeight * Double(rows.count) + gap
        let bottom = top + panel * Double(Self.criteria.count)
        let width = 800.0, height = bottom + 78
        let x = { (v: Double) in left + (right - left) * (v - lo) / (hi - lo) }
        let title = "Fairness check: ratio to \(privileged)" + LargestGroups.titleNote(shown: rows.count, total: compared.count)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" " +
            "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\" role=\"img\" aria-label=\"\(SVGChart.escape(title))\">\n" +
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" +
            "<text x=\"\(Int(width / 2))\" y=\"26\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">\(SVGChart.escape(SVGChart.abbreviated(title, width: 700, size: 16)))</text>\n"
        out += "<rect x=\"\(x(epsilon))\" y=\"\(top)\" width=\"\(x(1 / epsilon) - x(epsilon))\" height=\"\(bottom - top)\" fill=\"#e6e6e6\"><title>passing band \(band)</title></rect>\n"
        for t in SVGChart.ticks(lo, hi) {
            out += "<line x1=\"\(x(t))\" y1=\"\(top)\" x2=\"\(x(t))\" y2=\"\(bottom + 5)\" stroke=\"#ccc\"/>" +
                "<text x=\"\(x(t))\" y=\"\(bottom + 20)\" text-anchor=\"middle\">\(SVGChart.number(t))</text>\n"
        }
        for (c, criterion) in Self.criteria.enumerated() {
            let y0 = top + panel * Double(c)
            out += "<text x=\"\(left + 4)\" y=\"\(y0 + 18)\" font-weight=\"bold\">\(SVGChart.escape("\(criterion.title) (\(criterion.rawValue))"))</text>\n"
            for (k, g) in rows.enumerated() {
                let y = y0 + titleHeight + rowHeight * Double(k), r = ratios[g][c]
                out += "<text x=\"\(left - 8)\" y=\"\(y + 14)\" text-anchor=\"end\">" + (labels[k] == groups[g] ? "" : "<title>\(SVGChart.escape(groups[g]))</title>") +
                    "\(SVGChart.escape(labels[k]))</text>\n"
                guard r.isFinite else {
                    out += "<text x=\"\(x(1) + 6)\" y=\"\(y + 14)\" font-size=\"11\">NaN</text>\n"
                    continue
                }
                let colour = fails(group: g, criterion: c) ? "#D55E00" : "#0072B2"
                out += "<rect x=\"\(min(x(1), x(r)))\" y=\"\(y + 3)\" width=\"\(max(abs(x(r) - x(1)), 1))\" height=\"\(rowHeight - 6)\" fill=\"\(colour)\">" +
                    "<title>\(SVGChart.escape(groups[g])) \(criterion.rawValue): \(TextTable.format(r))</title></rect>\n"
            }
        }
        out += "<line x1=\"\(x(1))\" y1=\"\(top)\" x2=\"\(x(1))\" y2=\"\(bottom)\" stroke=\"#333\"/>\n"
        out += "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(right)\" y2=\"\(bottom)\" stroke=\"#333\"/>\n"
        out += "<text x=\"\((left + right) / 2)\" y=\"\(bottom + 42)\" text-anchor=\"middle\">\(SVGChart.escape(SVGChart.abbreviated("ratio to \(privileged)", width: right - left)))</text>\n"
        out += "<text x=\"\(width / 2)\" y=\"\(bottom + 64)\" text-anchor=\"middle\" font-size=\"12\" fill=\"#555\">grey: passing band \(band); blue bars pass, vermillion bars fail</text>\n"
        return out + "</svg>\n"
    }

    /// A group × criterion heat map of the ratios, shaded by their distance from 1 (dark outside the band).
    public var heatmap: String {
        let rows = shownCompared
        return SVGChart.heatmap(title: "Ratios to \(privileged)" + LargestGroups.titleNote(shown: rows.count, total: compared.count), rows: rows.map { groups[$0] }, columns: Self.criteria.map(\.rawValue),
                                values: rows.map { g in ratios[g].map { SVGChart.bandDistance($0, tau: epsilon) } },
                                labels: rows.map { g in ratios[g].map { TextTable.format($0, digits: 3) } }, xLabel: "criterion", yLabel: "group")
    }
}

extension Disparities {
    /// A group × metric heat map of the disparities, shaded by their distance from 1 (dark outside [τ, 1/τ]).
    public var heatmap: String {
        let rows = shownGroups
        return SVGChart.heatmap(title: "Disparities" + LargestGroups.titleNote(shown: rows.count, total: groups.count), rows: rows.map { groups[$0] },
                                columns: Self.metrics.map(\.rawValue),
                                values: rows.map { g in disparities[g].map { SVGChart.bandDistance($0, tau: tau) } },
                                labels: rows.map { g in disparities[g].map { TextTable.format($0, digits: 2) } }, xLabel: "metric", yLabel: "group")
    }
}

extension SVGChart {
    /// |log r| / (2 |log τ|), capped at 1: 0 at r = 1, ½ on the band's edges τ and 1/τ; 0 for NaN.
    static func bandDistance(_ r: Double, tau: Double) -> Double {
        guard r.isFinite && r > 0 else { return 0 }
        guard tau < 1 else { return r == 1 ? 0 : 1 }
        return min(1, abs(log(r)) / (2 * abs(log(tau))))
    }
}
