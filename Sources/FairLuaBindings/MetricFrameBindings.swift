import Datasets
import Fairness
import LuaHost
import Reports
import Tensors

/// A MetricFrame boxed for Lua, with its bootstrap intervals once `:ci{}` has run.
final class MetricFrameObject {
    let frame: MetricFrame
    var intervals: Intervals?
    /// With `control =`: a frame per control level (then the methods answer per level).
    var controlled: [(level: String, frame: MetricFrameObject)]?
    init(_ frame: MetricFrame) { self.frame = frame }

    /// `body` of this frame, or `{level = body(level's frame)}` with control features.
    func perLevel(_ body: (MetricFrameObject) throws -> LuaValue) rethrows -> LuaValue {
        guard let controlled else { return try body(self) }
        return .table(Dictionary(uniqueKeysWithValues: try controlled.map { ($0.level, try body($0.frame)) }))
    }

    var names: [String] { frame.names }

    /// The JSON document `:to_json()` returns (per control level with control features).
    var json: JSONValue {
        guard let controlled else { return frame.json(intervals: intervals) }
        guard case var .object(doc) = frame.json(intervals: intervals) else { return .null }
        doc["control"] = .array(controlled.map { .object(["level": .string($0.level), "frame": $0.frame.json]) })
        return .object(doc)
    }

    /// The aligned table `print(mf)` shows (a table per control level with control features).
    var text: String {
        guard let controlled else { return frame.text(intervals: intervals) }
        return controlled.map { "control = \($0.level)\n" + $0.frame.text }.joined(separator: "\n\n")
    }
}

/// `fair.MetricFrame{…}` and its methods.
enum MetricFrameBindings {
    static let options = ["metrics", "y_true", "y_pred", "y_score", "sensitive", "weights", "control"]

    /// Builds a frame from the options table at argument 1.
    static func make(_ call: LuaCall) throws -> MetricFrameObject {
        let o = try call.options(1, allowed: options)
        guard let names = try o.withField("metrics", { try FairnessInputs.names(call, $0, name: "metrics") }) else {
            throw call.argumentError(1, "option 'metrics' is required (names such as \"accuracy\", \"selection_rate\")")
        }
        guard let yTrue = try FairnessInputs.numbers(call, o, "y_true") else { throw call.argumentError(1, "option 'y_true' is required") }
        guard let yPred = try FairnessInputs.numbers(call, o, "y_pred") else { throw call.argumentError(1, "option 'y_pred' is required") }
        guard let groups = try FairnessInputs.groups(call, o, "sensitive") else { throw call.argumentError(1, "option 'sensitive' is required") }
        let data = try Predictions(yTrue: yTrue, yPred: yPred, score: try FairnessInputs.numbers(call, o, "y_score"),
                                   weights: try FairnessInputs.numbers(call, o, "weights"))
        let metrics = try names.map { try MetricPlugins.metric($0, call.L) }
        let box = MetricFrameObject(try MetricFrame(metrics: metrics, data: data, groups: groups))
        if let control = try FairnessInputs.groups(call, o, "control") {
            box.controlled = try ControlledFrame(metrics: metrics, data: data, groups: groups, control: control).levels.map { ($0.level, MetricFrameObject($0.frame)) }
        }
        return box
    }

    /// Option `method` at argument 2 (the library's default, between groups, when absent).
    static func method(_ call: LuaCall) throws -> MetricFrame.Method {
        try call.settings(2, MetricFrame.BootstrapSettings(), [.choice("method", \.method)]).0.method
    }

    /// The options of `mf:ci{}`, which set the library's `MetricFrame.BootstrapSettings`.
    static var bootstrap: [LuaSetting<MetricFrame.BootstrapSettings>] { [.field("n", \.samples), .field("level", \.level), .field("seed", \.seed), .choice("method", \.method)] }

    static let frameClass: LuaClass<MetricFrameObject> = {
        LuaClass<MetricFrameObject>("MetricFrame", "Metrics overall and by group, with differences, ratios and bootstrap intervals.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, MetricFrameObject.self, expected: "MetricFrame").text) }
            .method("overall", returns: "table<string, number>", "Each metric on all rows.") { mf, call in
                call.returns(mf.perLevel { LuaValue($0.frame.cells($0.frame.overall)) })
            }
            .method("by_group", returns: "table<string, table<string, number>>", "Each group's metrics, keyed by group ('Female|Black' for intersections).") { mf, call in
                call.returns(mf.perLevel { LuaValue($0.frame.byGroupJSON) })
            }
            .method("difference", "opts: {method: 'between_groups'|'to_overall'}?", returns: "table<string, number>",
                    "Per metric: max − min over groups (Fairlearn), or the largest gap to the overall value.") { mf, call in
                let m = try method(call)
                return call.returns(mf.perLevel { LuaValue($0.frame.cells($0.frame.difference(m))) })
            }
            .method("ratio", "opts: {method: 'between_groups'|'to_overall'}?", returns: "table<string, number>",
                    "Per metric: min / max over groups, or the smallest group-to-overall ratio.") { mf, call in
                let m = try method(call)
                return call.returns(mf.perLevel { LuaValue($0.frame.cells($0.frame.ratio(m))) })
            }
            .method("group_min", returns: "table<string, number>", "Per metric, the smallest group value.") { mf, call in
                call.returns(mf.perLevel { LuaValue($0.frame.cells($0.frame.groupMin())) })
            }
            .method("group_max", returns: "table<string, number>", "Per metric, the largest group value.") { mf, call in
                call.returns(mf.perLevel { LuaValue($0.frame.cells($0.frame.groupMax())) })
            }
            .method("ci", "opts: {n: integer?, level: number?, seed: integer?, method: string?}?", returns: "table",
                    "Bootstrap percentile intervals (rows resampled n=1000 times) for every cell, difference and ratio.") { mf, call in
                let (settings, _) = try call.settings(2, MetricFrame.BootstrapSettings(), bootstrap)
                if mf.controlled != nil { throw call.argumentError(1, "ci: bootstrap intervals are not computed per control level; build a frame per level instead") }
                mf.intervals = try mf.frame.intervals(settings)
                return call.returns(mf.intervals.map { LuaValue(mf.frame.json($0)) } ?? .nil)
            }
            .method("to_json", "indent: integer?", returns: "string", "The frame as JSON (NaN written as null).") { mf, call in
                call.returns(mf.json.encoded(indent: try call.optional(2, 0, call.integer)))
            }
            .method("plot", "path: string?", "Draws the rates by group as bars, with interval whiskers after :ci{} (SVG; with no path shown in a notebook, else returned as text); counts stay in the table.") { mf, call in
                let svg = mf.frame.chart(title: "Rates by group", intervals: mf.intervals)
                guard !svg.isEmpty else { throw LuaError.message("plot: no metric of this frame is a rate in [0, 1] (print the frame for the others)") }
                return try ReportBindings.emit(svg, call, path: call.isNone(2) ? nil : try call.string(2))
            }
            .method("warnings", returns: "string[]", "Notes about the frame: a single group, NaN rates.") { mf, call in
                call.returns(LuaValue.array(mf.frame.warnings.map { .string($0) }))
            }
    }()
}
