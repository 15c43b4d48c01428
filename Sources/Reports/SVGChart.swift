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
        /// How a line is drawn.
        public enum Style: Sendable {
            /// In its palette colour.
            case plain
            /// A reference (chance, perfect calibration, parity): neutral grey dashes, no palette colour.
            case reference
            /// A group below the minimum size: its colour, dotted, hollow markers and a hollow legend swatch.
            case small
        }
        /// The legend name.
        public let name: String
        /// The points, in drawing order.
        public let points: [(x: Double, y: Double)]
        /// Points drawn as large dots (chosen operating points, say).
        public let markers: [(x: Double, y: Double)]
        /// How it is drawn.
        public let style: Style
        /// A series.
        public init(name: String, points: [(x: Double, y: Double)], markers: [(x: Double, y: Double)] = [], style: Style = .plain) {
            self.name = name
            self.points = points
            self.markers = markers
            self.style = style
        }
    }

    /// A legend swatch: a filled square, a hollow one, or a grey dashed stroke.
    enum Swatch {
        case filled(String), hollow(String), dashed
    }

    /// The grey of reference lines and their dashes.
    static let referenceStroke = "stroke=\"#888\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\""

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
            s += "<line x1=\"\(f.left - 5)\" y1=\"\(px(py))\" x2=\"\(f.left + f.plotWidth)\" y2=\"\(px(py))\" stroke=\"#ddd\"/>\n"
            s += "<text x=\"\(f.left - 8)\" y=\"\(px(py + 4))\" text-anchor=\"end\">\(number(t))</text>\n"
        }
        s += "<text transform=\"translate(18 \(f.top + f.plotHeight / 2)) rotate(-90)\" text-anchor=\"middle\">\(escape(label))</text>\n"
        return (s, y)
    }

    /// The legend right of the plot: a swatch and the name per entry, a name too long for the margin cut
    /// with an ellipsis and given whole as a `<title>` tooltip.
    static func legend(_ f: Frame, _ entries: [(name: String, swatch: Swatch)]) -> String {
        let x = f.left + f.plotWidth + 40, room = f.width - x - 6, sx = f.left + f.plotWidth + 20
        return entries.enumerated().map { k, entry in
            let y = f.top + 10 + Double(k) * 22
            let shown = abbreviated(entry.name, width: room)
            let swatch: String
            switch entry.swatch {
            case let .filled(colour): swatch = "<rect x=\"\(sx)\" y=\"\(y - 10)\" width=\"14\" height=\"14\" fill=\"\(colour)\"/>"
            case let .hollow(colour): swatch = "<rect x=\"\(sx + 1)\" y=\"\(y - 9)\" width=\"12\" height=\"12\" fill=\"white\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            case .dashed: swatch = "<line x1=\"\(sx)\" y1=\"\(y - 3)\" x2=\"\(sx + 14)\" y2=\"\(y - 3)\" \(referenceStroke)/>"
            }
            return swatch + "<text x=\"\(x)\" y=\"\(y + 2)\">" + (shown == entry.name ? "" : "<title>\(escape(entry.name))</title>") + "\(escape(shown))</text>\n"
        }.joined()
    }

    /// Grouped bars: one group of bars per category, one bar per series, whiskers for intervals. Categories
    /// in `small` (groups below the minimum size) are drawn hollow, say `smallNote` in their tooltips, and a
    /// hollow legend swatch labels them "small group".
    public static func bars(title: String, categories: [String], series: [Bars], yLabel: String,
                            small: Set<Int> = [], smallNote: String = "below min_group_size") -> String {
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
                let x = x0 + barWidth * Double(k), colour = palette[k % palette.count]
                let v = c < s.values.count ? s.values[c] : .nan
                if v.isFinite {
                    let top = min(y(v), y(0)), h = abs(y(v) - y(0))
                    let paint = small.contains(c) ? "fill=\"white\" stroke=\"\(colour)\" stroke-width=\"2\"" : "fill=\"\(colour)\""
                    let tip = "\(escape(s.name)) \(escape(category)): \(number(v))" + (small.contains(c) ? " (\(escape(smallNote)))" : "")
                    out += "<rect x=\"\(px(x))\" y=\"\(px(top))\" width=\"\(px(barWidth - 2))\" height=\"\(px(h))\" \(paint)><title>\(tip)</title></rect>\n"
                } else {
                    out += "<text x=\"\(px(x + barWidth / 2))\" y=\"\(px(y(0) - 4))\" text-anchor=\"middle\" font-size=\"11\">NaN</text>\n"
                }
                if let iv = s.intervals, c < iv.count, iv[c].0.isFinite, iv[c].1.isFinite {
                    let cx = x + (barWidth - 2) / 2, a = px(y(iv[c].0)), b = px(y(iv[c].1))
                    out += "<path d=\"M\(px(cx)) \(a) V\(b) M\(px(cx - 5)) \(a) H\(px(cx + 5)) M\(px(cx - 5)) \(b) H\(px(cx + 5))\" stroke=\"#222\" fill=\"none\"/>\n"
                }
            }
            out += categoryLabel(category, x: f.left + slot * (Double(c) + 0.5), y: f.top + f.plotHeight + 20, width: slot - 6)
        }
        out += "<line x1=\"\(f.left)\" y1=\"\(px(y(0)))\" x2=\"\(f.left + f.plotWidth)\" y2=\"\(px(y(0)))\" stroke=\"#333\"/>\n"
        var entries = series.enumerated().map { k, s in (name: s.name, swatch: Swatch.filled(palette[k % palette.count])) }
        if !small.isEmpty { entries.append((name: "small group", swatch: .hollow("#555"))) }
        return out + legend(f, entries) + "</svg>\n"
    }

    /// Lines (ROC curves, partial dependence, trade-offs) with optional markers. Each line is simplified to
    /// at most `pointLimit` points with coordinates rounded to 0.01 px; reference lines are grey dashes and
    /// take no palette colour; small groups are dotted with hollow markers; coinciding markers show as rings.
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
            out += "<line x1=\"\(px(x(t)))\" y1=\"\(f.top + f.plotHeight)\" x2=\"\(px(x(t)))\" y2=\"\(f.top + f.plotHeight + 5)\" stroke=\"#333\"/>"
            out += "<text x=\"\(px(x(t)))\" y=\"\(f.top + f.plotHeight + 20)\" text-anchor=\"middle\">\(number(t))</text>\n"
        }
        out += "<text x=\"\(f.left + f.plotWidth / 2)\" y=\"\(f.height - 15)\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        var colours: [String] = [], next = 0
        for s in series {
            colours.append(s.style == .reference ? "#888" : palette[next % palette.count])
            if s.style != .reference { next += 1 }
        }
        // Markers shrink from the first series with markers to the last (6 px), so coinciding points (every group at
        // the one equalized-odds point) show as concentric rings rather than hiding one another.
        let marked = series.indices.filter { !series[$0].markers.isEmpty }
        let radius = { (k: Int) in 6 + 2.5 * Double(marked.count - 1 - (marked.firstIndex(of: k) ?? 0)) }
        // References first, so the curves are drawn over them; the legend keeps the series' order.
        for k in series.indices.filter({ series[$0].style == .reference }) + series.indices.filter({ series[$0].style != .reference }) {
            let s = series[k], colour = colours[k]
            let stroke: String
            switch s.style {
            case .plain: stroke = "stroke=\"\(colour)\" stroke-width=\"2\""
            case .reference: stroke = referenceStroke
            case .small: stroke = "stroke=\"\(colour)\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\""
            }
            let path = pathData(s.points, x: x, y: y)
            if !path.isEmpty { out += "<path d=\"\(path)\" \(stroke) fill=\"none\"><title>\(escape(s.name))</title></path>\n" }
            let hollow = s.style == .small
            for m in s.markers where m.x.isFinite && m.y.isFinite {
                out += "<circle cx=\"\(px(x(m.x)))\" cy=\"\(px(y(m.y)))\" r=\"\(px(radius(k)))\" fill=\"\(hollow ? "white" : colour)\" stroke=\"\(hollow ? colour : "#000")\" stroke-width=\"\(hollow ? 2 : 1)\"><title>\(escape(s.name)): (\(number(m.x)), \(number(m.y)))</title></circle>\n"
            }
        }
        let entries = series.enumerated().map { k, s in
            (name: s.name, swatch: s.style == .reference ? Swatch.dashed : s.style == .small ? .hollow(colours[k]) : .filled(colours[k]))
        }
        return out + legend(f, entries) + "</svg>\n"
    }
}
