import Datasets
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Charts written as SVG by hand: axes with ticks and labels, a legend, the Okabe–Ito colour-blind-safe
/// palette, 800 px wide, text as text (searchable), no scripts.
public enum SVGChart {
    /// Okabe & Ito's palette.
    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    /// A bar series: one value per category, with optional interval whiskers.
    public struct Bars {
        /// The legend name.
        public let name: String
        /// One value per category (NaN: no bar, labelled NaN).
        public let values: [Double]
        /// Optional (low, high) per category.
        public let intervals: [(Double, Double)]?
        /// A series.
        public init(name: String, values: [Double], intervals: [(Double, Double)]? = nil) {
            self.name = name
            self.values = values
            self.intervals = intervals
        }
    }

    /// A line series through points, with optional highlighted markers.
    public struct Line {
        /// The legend name.
        public let name: String
        /// The points, in drawing order.
        public let points: [(x: Double, y: Double)]
        /// Points drawn as large dots (chosen operating points, say).
        public let markers: [(x: Double, y: Double)]
        /// A series.
        public init(name: String, points: [(x: Double, y: Double)], markers: [(x: Double, y: Double)] = []) {
            self.name = name
            self.points = points
            self.markers = markers
        }
    }

    static func escape(_ s: String) -> String {
        s.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
    }

    static func number(_ d: Double) -> String {
        if d == d.rounded() && abs(d) < 1e9 { return String(Int(d)) }
        return formatC("%.3g", d)
    }

    /// The width `text` takes at `size` px in Helvetica, estimated per character (capitals and digits wide,
    /// i, l, punctuation narrow) and on the generous side, so labels placed by it do not collide.
    static func textWidth(_ text: String, size: Double = 13) -> Double {
        text.reduce(0) { sum, c in
            let em: Double
            if "iljtfrI.,:;|!' -()[]/".contains(c) { em = 0.34 } else if c == "m" || c == "w" || c == "M" || c == "W" { em = 0.9 }
            else if c.isUppercase || c.isNumber { em = 0.68 } else { em = 0.58 }
            return sum + em * size
        }
    }

    /// `text` cut to fit `width` px with an ellipsis (unchanged when it fits).
    static func abbreviated(_ text: String, width: Double, size: Double = 13) -> String {
        guard textWidth(text, size: size) > width else { return text }
        var cut = text
        while !cut.isEmpty && textWidth(cut + "…", size: size) > width { cut.removeLast() }
        return cut + "…"
    }

    /// A label centred at (x, y) in at most `width` px: as it is when it fits, else on two lines split at a
    /// space, hyphen, `|`, `_` or `/` (the split that balances them), each line still too long cut with an
    /// ellipsis; a label not shown whole carries its full text as a `<title>` tooltip.
    static func categoryLabel(_ text: String, x: Double, y: Double, width: Double) -> String {
        guard textWidth(text) > width else { return "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"middle\">\(escape(text))</text>\n" }
        let characters = Array(text)
        var best: [String] = [text], widest = textWidth(text)
        for (i, c) in characters.enumerated() where i > 0 && i < characters.count - 1 && " -|_/".contains(c) {
            let first = String(characters[...(c == " " ? i - 1 : i)]), second = String(characters[(i + 1)...])
            let w = max(textWidth(first), textWidth(second))
            if w < widest { best = [first, second]; widest = w }
        }
        let lines = best.map { abbreviated($0, width: width) }
        let tspans = lines.enumerated().map { k, line in "<tspan x=\"\(x)\" dy=\"\(k == 0 ? 0 : 15)\">\(escape(line))</tspan>" }.joined()
        let whole = lines == best
        return "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"middle\">" + (whole ? "" : "<title>\(escape(text))</title>") + tspans + "</text>\n"
    }

    /// About five round tick values covering [lo, hi].
    static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
        let span = max(hi - lo, 1e-12)
        let raw = span / 5, magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let first = ceil(lo / step)
        var out: [Double] = []
        var k = 0.0
        while (first + k) * step <= hi + step * 1e-9 {
            let t = (first + k) * step
            out.append(abs(t) < step * 1e-9 ? 0 : Double(formatC("%.12g", t)) ?? t)   // 0.6, not 0.6000000000000001
            k += 1
        }
        return out
    }

    struct Frame {
        let width = 800.0, height = 420.0, left = 70.0, right = 170.0, top = 50.0, bottom = 60.0
        var plotWidth: Double { width - left - right }
        var plotHeight: Double { height - top - bottom }
    }

    static func header(_ f: Frame, title: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(f.width))" height="\(Int(f.height))" viewBox="0 0 \(Int(f.width)) \(Int(f.height))" font-family="Helvetica, Arial, sans-serif" font-size="13" role="img" aria-label="\(escape(title))">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(Int(f.width / 2))" y="26" text-anchor="middle" font-size="16" font-weight="bold">\(escape(title))</text>

        """
    }

    static func yAxis(_ f: Frame, lo: Double, hi: Double, label: String) -> (String, (Double) -> Double) {
        let y = { (v: Double) in f.top + f.plotHeight * (1 - (v - lo) / max(hi - lo, 1e-12)) }
        var s = "<line x1=\"\(f.left)\" y1=\"\(f.top)\" x2=\"\(f.left)\" y2=\"\(f.top + f.plotHeight)\" stroke=\"#333\"/>\n"
        for t in ticks(lo, hi) {
            let py = y(t)
            s += "<line x1=\"\(f.left - 5)\" y1=\"\(py)\" x2=\"\(f.left + f.plotWidth)\" y2=\"\(py)\" stroke=\"#ddd\"/>\n"
            s += "<text x=\"\(f.left - 8)\" y=\"\(py + 4)\" text-anchor=\"end\">\(number(t))</text>\n"
        }
        s += "<text transform=\"translate(18 \(f.top + f.plotHeight / 2)) rotate(-90)\" text-anchor=\"middle\">\(escape(label))</text>\n"
        return (s, y)
    }

    /// The legend right of the plot: a swatch and the name per series, a name too long for the margin cut
    /// with an ellipsis and given whole as a `<title>` tooltip.
    static func legend(_ f: Frame, _ names: [String]) -> String {
        let x = f.left + f.plotWidth + 40, room = f.width - x - 6
        return names.enumerated().map { k, name in
            let y = f.top + 10 + Double(k) * 22
            let shown = abbreviated(name, width: room)
            return "<rect x=\"\(f.left + f.plotWidth + 20)\" y=\"\(y - 10)\" width=\"14\" height=\"14\" fill=\"\(palette[k % palette.count])\"/>" +
                "<text x=\"\(x)\" y=\"\(y + 2)\">" + (shown == name ? "" : "<title>\(escape(name))</title>") + "\(escape(shown))</text>\n"
        }.joined()
    }

    /// Grouped bars: one group of bars per category, one bar per series, whiskers for intervals.
    public static func bars(title: String, categories: [String], series: [Bars], yLabel: String) -> String {
        let f = Frame()
        let finite = series.flatMap { s in s.values + (s.intervals?.flatMap { [$0.0, $0.1] } ?? []) }.filter(\.isFinite)
        let lo = min(0, finite.min() ?? 0), hi = max(finite.max() ?? 1, lo + 1e-9) * 1.1
        var out = header(f, title: title)
        let (axis, y) = yAxis(f, lo: lo, hi: hi, label: yLabel)
        out += axis
        let slot = f.plotWidth / Double(max(categories.count, 1))
        let barWidth = slot * 0.8 / Double(max(series.count, 1))
        for (c, category) in categories.enumerated() {
            let x0 = f.left + slot * Double(c) + slot * 0.1
            for (k, s) in series.enumerated() {
                let x = x0 + barWidth * Double(k)
                let v = c < s.values.count ? s.values[c] : .nan
                if v.isFinite {
                    let top = min(y(v), y(0)), h = abs(y(v) - y(0))
                    out += "<rect x=\"\(x)\" y=\"\(top)\" width=\"\(barWidth - 2)\" height=\"\(h)\" fill=\"\(palette[k % palette.count])\"><title>\(escape(s.name)) \(escape(category)): \(number(v))</title></rect>\n"
                } else {
                    out += "<text x=\"\(x + barWidth / 2)\" y=\"\(y(0) - 4)\" text-anchor=\"middle\" font-size=\"11\">NaN</text>\n"
                }
                if let iv = s.intervals, c < iv.count, iv[c].0.isFinite, iv[c].1.isFinite {
                    let cx = x + (barWidth - 2) / 2
                    out += "<path d=\"M\(cx) \(y(iv[c].0)) V\(y(iv[c].1)) M\(cx - 5) \(y(iv[c].0)) H\(cx + 5) M\(cx - 5) \(y(iv[c].1)) H\(cx + 5)\" stroke=\"#222\" fill=\"none\"/>\n"
                }
            }
            out += categoryLabel(category, x: f.left + slot * (Double(c) + 0.5), y: f.top + f.plotHeight + 20, width: slot - 6)
        }
        out += "<line x1=\"\(f.left)\" y1=\"\(y(0))\" x2=\"\(f.left + f.plotWidth)\" y2=\"\(y(0))\" stroke=\"#333\"/>\n"
        return out + legend(f, series.map(\.name)) + "</svg>\n"
    }

    /// Lines (ROC curves, partial dependence, trade-offs) with optional markers.
    public static func lines(title: String, series: [Line], xLabel: String, yLabel: String) -> String {
        let f = Frame()
        let xs = series.flatMap { $0.points.map(\.x) + $0.markers.map(\.x) }.filter(\.isFinite)
        let ys = series.flatMap { $0.points.map(\.y) + $0.markers.map(\.y) }.filter(\.isFinite)
        let xlo = xs.min() ?? 0, xhi = max(xs.max() ?? 1, xlo + 1e-9)
        let ylo = ys.min() ?? 0, yhi = max(ys.max() ?? 1, ylo + 1e-9)
        var out = header(f, title: title)
        let (axis, y) = yAxis(f, lo: ylo, hi: yhi, label: yLabel)
        out += axis
        let x = { (v: Double) in f.left + f.plotWidth * (v - xlo) / (xhi - xlo) }
        out += "<line x1=\"\(f.left)\" y1=\"\(f.top + f.plotHeight)\" x2=\"\(f.left + f.plotWidth)\" y2=\"\(f.top + f.plotHeight)\" stroke=\"#333\"/>\n"
        for t in ticks(xlo, xhi) {
            out += "<line x1=\"\(x(t))\" y1=\"\(f.top + f.plotHeight)\" x2=\"\(x(t))\" y2=\"\(f.top + f.plotHeight + 5)\" stroke=\"#333\"/>"
            out += "<text x=\"\(x(t))\" y=\"\(f.top + f.plotHeight + 20)\" text-anchor=\"middle\">\(number(t))</text>\n"
        }
        out += "<text x=\"\(f.left + f.plotWidth / 2)\" y=\"\(f.height - 15)\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        for (k, s) in series.enumerated() {
            let colour = palette[k % palette.count]
            // A non-finite point breaks the line (several curves in one series).
            var path = "", pen = "M"
            for p in s.points {
                guard p.x.isFinite && p.y.isFinite else { pen = "M"; continue }
                path += "\(pen)\(x(p.x)) \(y(p.y)) "
                pen = "L"
            }
            if !path.isEmpty { out += "<path d=\"\(path)\" stroke=\"\(colour)\" stroke-width=\"2\" fill=\"none\"><title>\(escape(s.name))</title></path>\n" }
            for m in s.markers where m.x.isFinite && m.y.isFinite {
                out += "<circle cx=\"\(x(m.x))\" cy=\"\(y(m.y))\" r=\"6\" fill=\"\(colour)\" stroke=\"#000\"><title>\(escape(s.name)): (\(number(m.x)), \(number(m.y)))</title></circle>\n"
            }
        }
        return out + legend(f, series.map(\.name)) + "</svg>\n"
    }
}
