import CLua
import Datasets
import Fairness
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import LuaBridgeC
import LuaHost
import Reports
import Tensors

/// `report` and `plot`, and the `:html(path)` / `:plot(path)` methods: charts and self-contained reports.
enum ReportBindings {
    /// The running script (`arg[0]`), or "(interactive)" in the REPL and in a notebook.
    static func script(_ call: LuaCall) -> String {
        var script = "(interactive)"
        if lua_getglobal(call.L, "arg") == LUA_TTABLE {
            if lua_rawgeti(call.L, -1, 0) == LUA_TSTRING { script = call.stack.string(at: -1) ?? script }
            call.stack.pop(1)
        }
        call.stack.pop(1)
        return script
    }

    /// Provenance rows: data file and SHA-256, script, seed, FairLua version, date.
    static func provenance(script: String, data: [Dataset]) -> [(String, String)] {
        var rows: [(String, String)] = []
        for path in Set(data.compactMap(\.source)).sorted() {
            rows.append(("data file", path))
            rows.append(("SHA-256", HTMLReport.fileDigest(path)))
        }
        rows.append(("script", script))
        rows.append(("seed", FairLuaAPI.seedUsed.map(String.init) ?? "not set (pass --seed N)"))
        rows.append(("FairLua", FairLuaAPI.version))
        rows.append(("date", Date().formatted(.iso8601)))
        return rows
    }

    /// A frame's rates by group as grouped bars (whiskers when intervals were computed); counts and unbounded
    /// metrics stay in the table, so no rate is flattened against a count's axis. Empty when there are no rates.
    static func chart(_ mf: MetricFrameObject, title: String) -> String {
        let rates = mf.frame.rateColumns
        guard !rates.isEmpty else { return "" }
        let series: [SVGChart.Bars] = rates.map { m in
            SVGChart.Bars(name: mf.names[m], values: mf.frame.byGroup.map { $0[m] },
                          intervals: mf.intervals.map { ci in ci.byGroup.map { ($0[m].low, $0[m].high) } })
        }
        return SVGChart.bars(title: title, categories: mf.frame.groups.names, series: series, yLabel: "rate")
    }

    /// An HTML table of a frame: groups, overall, difference, ratio.
    static func table(_ mf: MetricFrameObject) -> String {
        let f = mf.frame
        var rows = f.groups.names.enumerated().map { g, key in [key] + f.byGroup[g].map(TextTable.format) }
        rows.append(["overall"] + f.overall.map(TextTable.format))
        rows.append(["difference"] + f.difference().map(TextTable.format))
        rows.append(["ratio"] + f.ratio().map(TextTable.format))
        return HTMLReport.table(header: [f.groups.features.joined(separator: "|")] + mf.names, rows: rows)
    }

    static func detectionReport(_ d: DetectionObject, script: String) -> HTMLReport {
        var r = HTMLReport(title: "Bias detection")
        r.typedFindings = d.detection.findings
        r.add("Bias in the training data", d.detection.dataBias.html(selection: d.detection.selection))
        for m in d.detection.model {
            let box = d.frame(m)
            var body = "<p>Group sizes: " + HTMLReport.escape(zip(m.frame.groups.names, m.sizes).map { "\($0) n = \($1)" }.joined(separator: ", ")) +
                (m.small.isEmpty ? "" : " (below the minimum size: " + HTMLReport.escape(m.small.joined(separator: ", ")) + ")") + ".</p>\n"
            body += table(box) + chart(box, title: "Metrics by \(m.attribute)" + (box.intervals.map { " (\(Int($0.level * 100)) % intervals)" } ?? ""))
            if let scores = m.frame.data.score, let labels = try? m.frame.data.binaryLabels() {
                let rows = m.frame.groups.rows()
                let names = m.frame.groups.names
                body += SVGChart.lines(title: "ROC by \(m.attribute)", series: names.enumerated().map { g, name in
                    SVGChart.Line(name: name, points: Curves.roc(scores: scores, labels: labels, rows: rows[g]))
                } + [SVGChart.Line(name: "chance", points: [(0, 0), (1, 1)])], xLabel: "false positive rate", yLabel: "true positive rate")
                body += SVGChart.lines(title: "Calibration by \(m.attribute)", series: names.enumerated().map { g, name in
                    SVGChart.Line(name: name, points: Curves.calibration(scores: scores, labels: labels, rows: rows[g]))
                } + [SVGChart.Line(name: "perfectly calibrated", points: [(0, 0), (1, 1)])], xLabel: "mean predicted probability", yLabel: "share of positives")
            }
            r.add("The model on test data, by \(m.attribute)", body)
        }
        r.add("Tests", HTMLReport.table(header: ["test", "hypothesis", "statistic", "p", "p (Holm)"],
                                        rows: zip(d.detection.tests, d.detection.adjusted).map { [$0.test, $0.hypothesis, TextTable.format($0.statistic), TextTable.format($0.pValue), TextTable.format($1)] }))
        if !d.detection.notes.isEmpty { r.add("Notes", "<ul>" + d.detection.notes.map { "<li>\(HTMLReport.escape($0))</li>" }.joined() + "</ul>\n") }
        r.provenance = provenance(script: script, data: d.data)
        return r
    }

    static func comparisonReport(_ c: ComparisonObject, script: String) -> HTMLReport {
        let cmp = c.comparison
        var r = HTMLReport(title: "Mitigation: \(cmp.method)")
        r.findings = cmp.rows.filter { $0.measure.hasSuffix("difference") }.map {
            "\($0.measure): \(TextTable.format($0.before)) → \(TextTable.format($0.after))"
        } + (cmp.accuracyChange.map { ["accuracy change: \(TextTable.format($0))"] } ?? [])
        r.add("Before and after", HTMLReport.table(header: ["measure", "before", "after", "change"],
                                                   rows: cmp.rows.map { [$0.measure, TextTable.format($0.before), TextTable.format($0.after), TextTable.format($0.after - $0.before)] }))
        for (m, name) in cmp.before.metrics.map(\.name).enumerated() {
            r.add("\(name) by group", SVGChart.bars(title: "\(name) by group, before and after \(cmp.method)", categories: cmp.before.groups.names,
                                                     series: [.init(name: "before", values: cmp.before.byGroup.map { $0[m] }),
                                                              .init(name: "after", values: cmp.after.byGroup.map { $0[m] })], yLabel: name))
        }
        r.provenance = provenance(script: script, data: [])
        return r
    }

    /// The trade-off report of a sweep: the Pareto points, every point, the chart.
    static func sweepReport(_ sw: SweepObject, script: String) -> HTMLReport {
        var r = HTMLReport(title: "Accuracy–fairness trade-off")
        r.findings = sw.sweep.front.map { k in
            let p = sw.sweep.points[k]
            return "Pareto point: \(p.method)\(p.parameter == "-" ? "" : " (\(p.parameter) = \(TextTable.format(p.value)))"): accuracy \(TextTable.format(p.accuracy)), \(sw.sweep.measure) \(TextTable.format(p.gap))"
        }
        let front = Set(sw.sweep.front)
        r.add("Every point", HTMLReport.table(header: ["method", "parameter", "value", "accuracy", sw.sweep.measure, "Pareto"],
                                              rows: sw.sweep.points.enumerated().map { k, p in
                                                  [p.method, p.parameter, TextTable.format(p.value), TextTable.format(p.accuracy), TextTable.format(p.gap), front.contains(k) ? "*" : ""]
                                              }) + sw.sweep.chart())
        r.provenance = provenance(script: script, data: [])
        return r
    }

    /// The report of a frame: its findings, the table and the chart of its rates.
    static func frameReport(_ mf: MetricFrameObject, script: String) -> HTMLReport {
        var r = HTMLReport(title: "Metrics by group")
        r.findings = mf.frame.findings.map { "\($0.rule): \($0.message)" } + mf.frame.warnings
        r.add("Metrics", table(mf) + chart(mf, title: "Metrics by group"))
        r.provenance = provenance(script: script, data: [])
        return r
    }

    /// Writes `text` to `path` atomically.
    static func write(_ text: String, _ path: String) throws { try AtomicFile.write(text, to: try writable(path)) }

    /// A chart: written to `path`, or with no path shown in the notebook (returned as SVG text elsewhere).
    static func emit(_ svg: String, _ call: LuaCall, path: String?) throws -> Int32 {
        guard let path else { return Display.chart(svg, call) }
        try write(svg, path)
        return 0
    }

    /// `path`, after checking that its directory exists (so a long computation is not wasted on a typo).
    static func writable(_ path: String) throws -> String {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        guard directory.isEmpty || FileSystem.isDirectory(directory) else {
            throw LuaError.message("cannot write \(path): the directory \(directory) does not exist")
        }
        return path
    }

    /// The HTML of a Detection, Comparison, Sweep or MetricFrame at argument `i`.
    static func html(_ call: LuaCall, _ i: Int32) throws -> String {
        let name = script(call)
        if let d = call.stack.object(at: i, as: DetectionObject.self) { return detectionReport(d, script: name).html }
        if let c = call.stack.object(at: i, as: ComparisonObject.self) { return comparisonReport(c, script: name).html }
        if let sw = call.stack.object(at: i, as: SweepObject.self) { return sweepReport(sw, script: name).html }
        if let mf = call.stack.object(at: i, as: MetricFrameObject.self) { return frameReport(mf, script: name).html }
        throw call.typeError(i, expected: "Detection, Comparison, Sweep or MetricFrame")
    }

    static var reportModule: LuaModule {
        LuaModule("report", "Self-contained HTML and Markdown reports of detections, mitigations and frames.")
            .function("html", "result: Detection|Comparison|MetricFrame, path: string", "Writes one self-contained HTML file (atomically).") { call in
                let path = try writable(try call.string(2))
                try write(try html(call, 1), path)
                return 0
            }
            .function("markdown", "result: Detection|Comparison|MetricFrame", returns: "string", "The result as Markdown text.") { call in
                if let d = call.stack.object(at: 1, as: DetectionObject.self) {
                    return call.returns("# Bias detection\n\n## Findings\n\n" + Finding.markdown(d.detection.findings) + "\n```\n" + d.text + "\n```\n")
                }
                if let c = call.stack.object(at: 1, as: ComparisonObject.self) { return call.returns("# Mitigation: \(c.comparison.method)\n\n```\n" + c.comparison.description + "\n```\n") }
                if let mf = call.stack.object(at: 1, as: MetricFrameObject.self) { return call.returns("```\n" + mf.text + "\n```\n") }
                throw call.typeError(1, expected: "Detection, Comparison or MetricFrame")
            }
            .property("digits", type: "integer", "Significant digits of the numbers in printed tables and reports (default 4; also fairlua --digits N).",
                      get: { call in call.returns(TextTable.digits) },
                      set: { call in
                          guard call.type(3) == .number, let d = try? call.integer(3), TextTable.digitRange.contains(d) else {
                              let got = call.type(3) == .number ? formatNumber(lua_tonumberx(call.L, 3, nil)) : call.stack.typeName(at: 3)
                              throw LuaError.message("report.digits: an integer from 1 to 17 expected, got \(got)")
                          }
                          TextTable.digits = d
                          return 0
                      })
    }

    /// plot.roc and plot.calibration: one curve per group, plus the diagonal.
    static func curves(_ call: LuaCall, roc: Bool) throws -> Int32 {
        let o = try call.options(1, allowed: ["path", "y_true", "y_score", "sensitive", "bins", "title"])
        guard let y = try FairnessInputs.numbers(call, o, "y_true"), let scores = try FairnessInputs.numbers(call, o, "y_score"),
              let groups = try FairnessInputs.groups(call, o, "sensitive") else {
            throw call.argumentError(1, "y_true, y_score and sensitive are required")
        }
        let data = try Predictions(yTrue: y, yPred: y, score: scores)
        guard groups.rowCount == y.count else { throw call.argumentError(1, "sensitive has \(groups.rowCount) rows but y_true has \(y.count)") }
        let labels = try data.binaryLabels()
        let bins = try o.integer("bins") ?? 10
        guard bins >= 1 else { throw call.argumentError(1, "option 'bins' must be positive") }
        let rows = groups.rows()
        var series = groups.names.enumerated().map { g, name in
            SVGChart.Line(name: name, points: roc ? Curves.roc(scores: scores, labels: labels, rows: rows[g])
                                                  : Curves.calibration(scores: scores, labels: labels, rows: rows[g], bins: bins))
        }
        series.append(SVGChart.Line(name: roc ? "chance" : "perfectly calibrated", points: [(0, 0), (1, 1)]))
        return try emit(SVGChart.lines(title: try o.string("title") ?? (roc ? "ROC by group" : "Calibration by group"), series: series,
                                       xLabel: roc ? "false positive rate" : "mean predicted probability",
                                       yLabel: roc ? "true positive rate" : "share of positives"), call, path: try o.string("path"))
    }

    /// Reads `{name=, values=}` series for plot.bars.
    static var plotModule: LuaModule {
        LuaModule("plot", "SVG charts: grouped bars and lines, written atomically to opts.path (with no path: shown in a notebook, else returned as SVG text).")
            .function("bars", "opts: {path: string?, title: string?, categories: string[], series: table[], y_label: string?}", "Grouped bars (one value per category per series).") { call in
                let o = try call.options(1, allowed: ["path", "title", "categories", "series", "y_label"])
                guard case let .array(cats)? = try o.value("categories"), case let .array(items)? = try o.value("series") else {
                    throw call.argumentError(1, "categories and series are required")
                }
                let series = try items.map { item -> SVGChart.Bars in
                    guard case let .table(t) = item, let name = t["name"]?.stringValue, case let .array(v)? = t["values"] else {
                        throw call.argumentError(1, "each series is {name = string, values = {numbers}}")
                    }
                    return SVGChart.Bars(name: name, values: v.map { $0.doubleValue ?? .nan })
                }
                return try emit(SVGChart.bars(title: try o.string("title") ?? "", categories: cats.map { $0.stringValue ?? "?" }, series: series,
                                              yLabel: try o.string("y_label") ?? ""), call, path: try o.string("path"))
            }
            .function("roc", "opts: {path: string?, y_true, y_score, sensitive, title: string?}", "ROC curves per group (SVG), with the diagonal.") { call in
                try curves(call, roc: true)
            }
            .function("calibration", "opts: {path: string?, y_true, y_score, sensitive, bins: integer?, title: string?}",
                      "Calibration curves per group: mean score against the share of positives per bin (SVG).") { call in
                try curves(call, roc: false)
            }
            .function("lines", "opts: {path: string?, title: string?, series: table[], x_label: string?, y_label: string?}", "Lines through {x, y} points per series.") { call in
                let o = try call.options(1, allowed: ["path", "title", "series", "x_label", "y_label"])
                guard case let .array(items)? = try o.value("series") else { throw call.argumentError(1, "series is required") }
                let series = try items.map { item -> SVGChart.Line in
                    guard case let .table(t) = item, let name = t["name"]?.stringValue, case let .array(xs)? = t["x"], case let .array(ys)? = t["y"], xs.count == ys.count else {
                        throw call.argumentError(1, "each series is {name = string, x = {…}, y = {…}} of equal lengths")
                    }
                    return SVGChart.Line(name: name, points: zip(xs, ys).map { ($0.doubleValue ?? .nan, $1.doubleValue ?? .nan) })
                }
                return try emit(SVGChart.lines(title: try o.string("title") ?? "", series: series, xLabel: try o.string("x_label") ?? "",
                                               yLabel: try o.string("y_label") ?? ""), call, path: try o.string("path"))
            }
    }
}
