import Fairness
import LuaHost

/// `fair.one_vs_rest` and `fair.intersection`: AIF360's meta-metrics over groups.
enum MetaMetricBindings {
    static let oneVsRestParams = "measure: string, y_true, y_pred, sensitive"
    static let oneVsRestSummary = "AIF360's one_vs_rest: a group-fairness measure (e.g. statistical_parity_difference) with each group in turn privileged against all the others, {group = value}."
    static let intersectionParams = "metric: string, y_true, y_pred, sensitive"
    static let intersectionSummary = "AIF360's intersection: a metric (built-in or plugin) on every group — several sensitive columns give intersectional groups 'a|b' — {group = value}."

    /// `fair.one_vs_rest(measure, y_true, y_pred, sensitive)`.
    static func oneVsRest(_ call: LuaCall) throws -> Int32 {
        let (data, groups) = try FairnessBindings.inputs(call, from: 2)
        return call.returns(table(try GroupMetaMetrics.oneVsRest(try call.string(1), data, groups)))
    }

    /// `fair.intersection(metric, y_true, y_pred, sensitive)`.
    static func intersection(_ call: LuaCall) throws -> Int32 {
        let (data, groups) = try FairnessBindings.inputs(call, from: 2)
        return call.returns(table(try GroupMetaMetrics.intersection(try MetricPlugins.metric(try call.string(1), call.L), data, groups)))
    }

    /// `{group = value}`.
    static func table(_ values: [(group: String, value: Double)]) -> LuaValue {
        .table(Dictionary(values.map { ($0.group, LuaValue.number($0.value)) }, uniquingKeysWith: { a, _ in a }))
    }
}
