/// Fairlearn's `control_features`: the same metrics computed separately within each level of the control
/// columns (for example, within each education level), so differences between groups are not
/// confounded by the control.
public struct ControlledFrame {
    /// Each control level and the frame of its rows.
    public let levels: [(level: String, frame: MetricFrame)]

    /// Splits the rows by `control` and computes a frame per level (levels sorted).
    public init(metrics: [Metric], data: Predictions, groups: GroupIndex, control: GroupIndex) throws {
        guard control.rowCount == data.count else { throw FairnessError.lengthMismatch("control", control.rowCount, "y_true", data.count) }
        let rows = control.rows()
        levels = try control.names.enumerated().map { k, level in
            (level, try MetricFrame(metrics: metrics, data: data.selecting(rows[k]), groups: groups.selecting(rows[k])))
        }
    }
}
