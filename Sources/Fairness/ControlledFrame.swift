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

/// Multiclass decisions by group, one class against the rest: a frame per class with, for instance, that
/// class's selection rate and recall in each group.
public struct MulticlassFrame {
    /// Each class (as written) and its one-vs-rest frame.
    public let classes: [(label: Double, frame: MetricFrame)]

    /// One frame per class found in y_true or y_pred (sorted).
    public init(metrics: [Metric], yTrue: [Double], yPred: [Double], groups: GroupIndex) throws {
        guard yTrue.count == yPred.count else { throw FairnessError.lengthMismatch("y_true", yTrue.count, "y_pred", yPred.count) }
        let labels = Set(yTrue + yPred).sorted()
        guard labels.count <= 1000 else { throw FairnessError.invalid("multiclass: \(labels.count) classes; are these regression values?") }
        classes = try labels.map { c in
            let data = try Predictions(yTrue: yTrue.map { $0 == c ? 1 : 0 }, yPred: yPred.map { $0 == c ? 1 : 0 })
            return (c, try MetricFrame(metrics: metrics, data: data, groups: groups))
        }
    }
}
