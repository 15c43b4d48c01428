import Datasets

extension SVGChart {
    /// The most points a drawn curve keeps: a ROC curve of 30,000 scores has as many vertices, which no
    /// screen can show on a 560 px axis and which made the ROC SVG 546 KB.
    static let pointLimit = 500

    /// A coordinate in px rounded to 0.01 px, without trailing zeros ("12.3", "40", "-0.05").
    static func px(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        if r == r.rounded() && abs(r) < 1e9 { return String(Int(r)) }
        var s = formatC("%.2f", r)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// `points` (in px) reduced by Ramer–Douglas–Peucker (Ramer 1972; Douglas & Peucker 1973): a point is
    /// kept only when it lies farther than the tolerance from the chord of the points kept around it. The
    /// tolerance starts at 0.25 px (no visible change) and doubles until at most `limit` points remain.
    static func simplified(_ points: [(x: Double, y: Double)], limit: Int = pointLimit) -> [(x: Double, y: Double)] {
        var tolerance = 0.25, kept = douglasPeucker(points, tolerance: tolerance)
        while kept.count > max(limit, 2) {
            tolerance *= 2
            kept = douglasPeucker(kept, tolerance: tolerance)
        }
        return kept
    }

    /// One Ramer–Douglas–Peucker pass at `tolerance` px, with an explicit stack (a million-point curve
    /// would overflow a recursive one); the first and last points always stay.
    static func douglasPeucker(_ p: [(x: Double, y: Double)], tolerance: Double) -> [(x: Double, y: Double)] {
        guard p.count > 2 else { return p }
        var keep = [Bool](repeating: false, count: p.count)
        keep[0] = true
        keep[p.count - 1] = true
        var stack = [(0, p.count - 1)]
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            let dx = p[b].x - p[a].x, dy = p[b].y - p[a].y, length = (dx * dx + dy * dy).squareRoot()
            var far = a + 1, distance = -1.0
            for i in (a + 1)..<b {
                let ex = p[i].x - p[a].x, ey = p[i].y - p[a].y
                let d = length > 0 ? abs(dy * ex - dx * ey) / length : (ex * ex + ey * ey).squareRoot()
                if d > distance { distance = d; far = i }
            }
            if distance > tolerance {
                keep[far] = true
                stack.append((a, far))
                stack.append((far, b))
            }
        }
        return p.indices.filter { keep[$0] }.map { p[$0] }
    }

    /// The SVG path data of `points` mapped to px by `x` and `y`: a non-finite point breaks the line (several
    /// curves in one series), and each unbroken run is simplified to at most `pointLimit` points.
    static func pathData(_ points: [(x: Double, y: Double)], x: (Double) -> Double, y: (Double) -> Double) -> String {
        var runs: [[(x: Double, y: Double)]] = [[]]
        for p in points {
            if p.x.isFinite && p.y.isFinite { runs[runs.count - 1].append((x(p.x), y(p.y))) } else if !(runs.last?.isEmpty ?? true) { runs.append([]) }
        }
        return runs.filter { !$0.isEmpty }.map { run in
            simplified(run).enumerated().map { k, p in "\(k == 0 ? "M" : "L")\(px(p.x)) \(px(p.y))" }.joined(separator: " ")
        }.joined(separator: " ")
    }
}
