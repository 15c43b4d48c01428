/// AIF360's meta-metrics over groups (`aif360.sklearn.metrics`): `intersection` computes a metric on every
/// (intersectional) group; `one_vs_rest` computes a difference or ratio measure with each group in turn as the
/// privileged one and all the others together as the unprivileged, so a measure defined for two groups reads on many.
public enum GroupMetaMetrics {
    /// The group-fairness measure `name` (`GroupFairness.names`; unprivileged − privileged or unprivileged / privileged,
    /// as AIF360) with each group of `groups` privileged in turn against the rest, in `groups.names` order.
    public static func oneVsRest(_ name: String, _ data: Predictions, _ groups: GroupIndex) throws -> [(group: String, value: Double)] {
        guard GroupFairness.names.contains(name) else {
            throw FairnessError.invalid("one_vs_rest: unknown measure '\(name)'; measures: \(GroupFairness.names.joined(separator: ", "))")
        }
        guard groups.count >= 2 else { throw FairnessError.invalid("one_vs_rest needs at least two groups, found \(groups.count)") }
        return try groups.names.map { g in (g, try GroupFairness.measure(name, data, groups, GroupFairness.Options(privileged: g))) }
    }

    /// `metric` on the rows of each group of `groups`, in `groups.names` order (a MetricFrame's by-group column).
    public static func intersection(_ metric: Metric, _ data: Predictions, _ groups: GroupIndex) throws -> [(group: String, value: Double)] {
        let frame = try MetricFrame(metrics: [metric], data: data, groups: groups)
        return zip(frame.groups.names, frame.byGroup.map { $0[0] }).map { ($0, $1) }
    }
}
