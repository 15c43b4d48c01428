import Datasets
import Fairness
import Tensors

extension Sweep.Point {
    /// `{method=, parameter=, value=, accuracy=, gap=, consistency=}` (consistency when measured).
    public var json: JSONValue {
        var o: [String: JSONValue] = ["method": .string(method), "parameter": .string(parameter), "value": .number(value),
                                      "accuracy": .number(accuracy), "gap": .number(gap)]
        if let consistency { o["consistency"] = .number(consistency) }
        return .object(o)
    }
}

extension Sweep {
    /// The trade-off report: the Pareto points as findings, every point, the chart.
    public func report(provenance: [(String, String)]) -> HTMLReport {
        var r = HTMLReport(title: "Accuracy–fairness trade-off")
        r.findings = front.map { k in
            let p = points[k]
            return "Pareto point: \(p.method)\(p.parameter == "-" ? "" : " (\(p.parameter) = \(TextTable.format(p.value)))"): accuracy \(TextTable.format(p.accuracy)), \(measure) \(TextTable.format(p.gap))"
        }
        let t = table
        r.add("Every point", HTMLReport.table(header: t.header, rows: t.rows) + chart())
        r.provenance = provenance
        return r
    }
}

extension Sweep: Reportable {}
