import Datasets
import Fairness
import Tensors

extension Sweep.Point {
    /// `{method=, parameter=, value=, accuracy=, gap=}`.
    public var json: JSONValue {
        .object(["method": .string(method), "parameter": .string(parameter), "value": .number(value),
                 "accuracy": .number(accuracy), "gap": .number(gap)])
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
        let onFront = Set(front)
        r.add("Every point", HTMLReport.table(header: ["method", "parameter", "value", "accuracy", measure, "Pareto"],
                                              rows: points.enumerated().map { k, p in
                                                  [p.method, p.parameter, TextTable.format(p.value), TextTable.format(p.accuracy), TextTable.format(p.gap), onFront.contains(k) ? "*" : ""]
                                              }) + chart())
        r.provenance = provenance
        return r
    }
}

extension Sweep: Reportable {}
