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

    /// Provenance rows: FairLua's version, the command, the script, data files with rows and SHA-256, seed, date.
    static func provenance(script: String, data: [Dataset]) -> [(String, String)] {
        HTMLReport.provenance(files: data.compactMap { d in d.source.map { ($0, d.count) } }, script: script, seed: FairLuaAPI.seedUsed)
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

    /// What `report.html` and `:html(path)` accept: any boxed result with a report (`ReportHolder`).
    static let reportable = "Detection, Comparison, Sweep, MetricFrame, FairnessCheck, Disparities, SubgroupScan, SHAP, ClarifyReport, RegressionFairness or RankedListFairness"

    /// The HTML of the reportable result at argument `i`.
    static func html(_ call: LuaCall, _ i: Int32) throws -> String {
        guard let report = report(call.stack.anyObject(at: i), script: script(call)) else { throw call.typeError(i, expected: reportable) }
        return report.html
    }

    /// The report of a boxed result, with the provenance of `script` and the result's datasets.
    static func report(_ object: AnyObject?, script: String) -> HTMLReport? {
        guard let holder = object as? ReportHolder else { return nil }
        return holder.reportable.report(provenance: provenance(script: script, data: holder.datasets))
    }

    static var reportModule: LuaModule {
        LuaModule("report", "Self-contained HTML and Markdown reports of detections, mitigations and frames.")
            .function("html", "result: Detection|Comparison|Sweep|MetricFrame|FairnessCheck|Disparities|SubgroupScan|SHAP|ClarifyReport|RegressionFairness|RankedListFairness|Robustness, path: string", "Writes one self-contained HTML file (atomically).") { call in
                let path = try writable(try call.string(2))
                try write(try html(call, 1), path)
                return 0
            }
            .function("markdown", "result: Detection|Comparison|MetricFrame", returns: "string", "The result as Markdown text.") { call in
                if let d = call.stack.object(at: 1, as: DetectionObject.self) {
                    return call.returns(d.detection.markdown)
                }
                if let c = call.stack.object(at: 1, as: ComparisonObject.self) { return call.returns(c.comparison.markdown) }
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

    /// plot.roc, plot.precision_recall and plot.calibration: one curve per group, plus the reference line.
    static func curves(_ call: LuaCall, _ curve: (_ bins: Int) -> SVGChart.Curve) throws -> Int32 {
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
        let svg = SVGChart.curves(curve(bins), scores: scores, labels: labels, groups: groups, title: try o.string("title"))
        return try emit(svg, call, path: try o.string("path"))
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
                try curves(call) { _ in .roc }
            }
            .function("precision_recall", "opts: {path: string?, y_true, y_score, sensitive, title: string?}",
                      "Precision-recall curves per group (SVG), with the share of positives (a random ranking's precision).") { call in
                try curves(call) { _ in .precisionRecall }
            }
            .function("calibration", "opts: {path: string?, y_true, y_score, sensitive, bins: integer?, title: string?}",
                      "Calibration curves per group: mean score against the share of positives per bin (SVG).") { call in
                try curves(call) { .calibration(bins: $0) }
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
