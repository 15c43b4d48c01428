import Fairness

extension ThresholdOptimizer {
    /// Each group's convex hull of (rate, objective) points with the operating point its randomized
    /// decisions reach, as SVG.
    public func chart() throws -> String {
        guard !rules.isEmpty else { throw FairnessError.invalid("ThresholdOptimizer: call fit first") }
        let series = hulls.keys.sorted().map { key in
            SVGChart.Line(name: key, points: hulls[key] ?? [], markers: chosen[key].map { [$0] } ?? [])
        }
        return SVGChart.lines(title: "ThresholdOptimizer (\(constraint), \(objective))", series: series, xLabel: axes.x, yLabel: axes.y)
    }
}

extension ThresholdFrontier {
    /// The objective against the constraint's value along the frontier, the fitted point marked, as SVG.
    public func chart() -> String {
        let name = "\(constraint.rate) \(constraint.form.rawValue)"
        let series = [SVGChart.Line(name: "Pareto frontier", points: rows.map { ($0.constraint, $0.objective) }, markers: rows.map { ($0.constraint, $0.objective) }),
                      SVGChart.Line(name: "chosen", points: [], markers: [(chosen.constraint, chosen.objective)])]
        return SVGChart.lines(title: "ConstrainedThresholds: \(objective.name) against \(name)", series: series, xLabel: name, yLabel: objective.name)
    }
}

extension Sweep {
    /// Accuracy against the gap per method, and the Pareto front, as SVG. The baseline's markers are drawn
    /// last (over every other) and grey dashed lines cross at its point, so other points never hide it.
    public func chart() -> String {
        var methods: [String] = []
        for p in points where !methods.contains(p.method) { methods.append(p.method) }
        let baseline = points.filter { $0.method == "baseline" }
        methods = methods.filter { $0 != "baseline" } + (baseline.isEmpty ? [] : ["baseline"])
        var series = methods.map { m in
            let pts = points.filter { $0.method == m }.map { (x: $0.gap, y: $0.accuracy) }
            return SVGChart.Line(name: m, points: pts.count > 1 ? pts : [], markers: pts)
        }
        series.insert(SVGChart.Line(name: "Pareto front", points: front.map { (points[$0].gap, points[$0].accuracy) }), at: 0)
        if let b = baseline.first {
            let gaps = points.map(\.gap).filter(\.isFinite), accuracies = points.map(\.accuracy).filter(\.isFinite)
            let cross: [(x: Double, y: Double)] = [(gaps.min() ?? b.gap, b.accuracy), (gaps.max() ?? b.gap, b.accuracy), (.nan, .nan),
                                                   (b.gap, accuracies.min() ?? b.accuracy), (b.gap, accuracies.max() ?? b.accuracy)]
            series.append(SVGChart.Line(name: "baseline level", points: cross, style: .reference))
        }
        return SVGChart.lines(title: "Accuracy–fairness trade-off", series: series, xLabel: measure + " (absolute)", yLabel: "accuracy")
    }
}
