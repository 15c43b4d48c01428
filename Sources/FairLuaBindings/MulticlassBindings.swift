import CLua
import Fairness
import LuaHost

/// `fair.multiclass` and `fair.multiclass_summary`: multiclass decisions by group, one class against the rest.
enum MulticlassBindings {
    static let framesParams = "opts: {metrics: string[]?, y_true, y_pred, sensitive, classes: string[]?}"
    static let framesSummary = "One-vs-rest frames per class (default metrics selection_rate and tpr, the class's recall) by group; with classes (names), labels are class indices 0.. and the frames are keyed by name."
    static let summarySummary = "The metrics' macro and micro averages over the classes by group ({macro = {group = {metric = v}}, micro = …}), and the multiclass demographic parity and equalized odds differences (max over classes)."

    /// The frames of `fair.multiclass{…}`'s options.
    static func frame(_ call: LuaCall) throws -> MulticlassFrame {
        let o = try call.options(1, allowed: ["metrics", "y_true", "y_pred", "sensitive", "classes"])
        let names = try o.withField("metrics", { try FairnessInputs.names(call, $0, name: "metrics") }) ?? ["selection_rate", "tpr"]
        guard let yTrue = try FairnessInputs.numbers(call, o, "y_true"), let yPred = try FairnessInputs.numbers(call, o, "y_pred"),
              let groups = try FairnessInputs.groups(call, o, "sensitive") else { throw call.argumentError(1, "y_true, y_pred and sensitive are required") }
        let classes = try o.withField("classes", { try FairnessInputs.names(call, $0, name: "classes") })
        return try MulticlassFrame(metrics: try names.map { try MetricPlugins.metric($0, call.L) }, yTrue: yTrue, yPred: yPred, groups: groups, names: classes)
    }

    /// `fair.multiclass{…}`: `{class = MetricFrame}`.
    static func frames(_ call: LuaCall) throws -> Int32 {
        let frames = try frame(call)
        call.stack.pushPrintableTable(arrayCount: 0)
        for (label, frame) in frames.classes {
            call.stack.push(label)
            call.stack.pushObject(MetricFrameObject(frame), metatable: MetricFrameBindings.frameClass.metatableName)
            lua_rawset(call.L, -3)
        }
        return 1
    }

    /// `fair.multiclass_summary{…}`.
    static func summary(_ call: LuaCall) throws -> Int32 {
        let f = try frame(call)
        let metrics = f.classes.first?.frame.metrics.map(\.name) ?? []
        func byGroup(_ values: [[Double]]) -> LuaValue {
            .table(Dictionary(uniqueKeysWithValues: zip(f.groups, values).map { g, row in
                (g, LuaValue.table(Dictionary(uniqueKeysWithValues: zip(metrics, row.map(LuaValue.number)).map { ($0, $1) })))
            }))
        }
        return call.returns(LuaValue.table(["macro": byGroup(f.macro), "micro": byGroup(f.micro),
                                            "demographic_parity_difference": .number(f.demographicParityDifference),
                                            "equalized_odds_difference": .number(f.equalizedOddsDifference),
                                            "classes": .array(f.classes.map { .string($0.label) })]))
    }
}
