import Datasets

/// Multiclass decisions by group, one class against the rest: a frame per class with, for instance, that class's
/// selection rate and recall in each group; the macro and micro averages of each metric over the classes by group;
/// and the multiclass demographic parity and equalized odds differences (the largest over the classes of the
/// groups' spread in selection rate, and in the larger of TPR and FPR).
public struct MulticlassFrame {
    /// Each class (as written, or its name) and its one-vs-rest frame.
    public let classes: [(label: String, frame: MetricFrame)]
    /// Each class's confusion counts by group (class × group), one class against the rest.
    public let counts: [[ConfusionCounts]]
    /// The count-based metrics' micro averages by group (the confusion counts of every class pooled), in frame order;
    /// NaN for a metric computed from rows.
    public let micro: [[Double]]

    /// One frame per class found in y_true or y_pred (sorted); with `names`, the labels are class indices 0..<names.count
    /// and each frame is named after its class (a label outside the classes is an error listing them).
    public init(metrics: [Metric], yTrue: [Double], yPred: [Double], groups: GroupIndex, names: [String]? = nil) throws {
        guard yTrue.count == yPred.count else { throw FairnessError.lengthMismatch("y_true", yTrue.count, "y_pred", yPred.count) }
        var labels = Set(yTrue + yPred).sorted()
        if let names {
            if let bad = labels.first(where: { $0 < 0 || $0 >= Double(names.count) || $0 != $0.rounded() }) {
                throw FairnessError.invalid("multiclass: \(formatNumber(bad)) is not a class index 0..\(names.count - 1); classes: \(names.joined(separator: ", "))")
            }
            labels = names.indices.map(Double.init)
        }
        guard labels.count <= 1000 else { throw FairnessError.invalid("multiclass: \(labels.count) classes; are these regression values?") }
        let frames = try labels.map { c in
            let data = try Predictions(yTrue: yTrue.map { $0 == c ? 1 : 0 }, yPred: yPred.map { $0 == c ? 1 : 0 })
            return (names.map { $0[Int(c)] } ?? formatNumber(c), try MetricFrame(metrics: metrics, data: data, groups: groups))
        }
        classes = frames
        let counts = labels.map { c in
            ConfusionCounts.byGroup(labels: yTrue.map { $0 == c ? UInt8(1) : 0 }, decisions: yPred.map { $0 == c ? UInt8(1) : 0 },
                                    groups: groups.codes, groupCount: groups.count, weights: nil)
        }
        micro = try groups.names.indices.map { g in
            let pooled = counts.reduce(ConfusionCounts()) { $0 + $1[g] }
            return try metrics.map { metric in
                guard case let .counts(f) = metric.kind else { return .nan }
                return try f(pooled)
            }
        }
        self.counts = counts
    }

    /// The groups, in frame order.
    public var groups: [String] { classes.first?.frame.groups.names ?? [] }

    /// The metrics' macro averages by group: the mean over the classes of each class's value (NaN values left out,
    /// as scikit-learn's zero_division = nan), in frame order.
    public var macro: [[Double]] {
        groups.indices.map { g in
            (classes.first?.frame.metrics ?? []).indices.map { m in
                let present = classes.map { $0.frame.byGroup[g][m] }.filter { !$0.isNaN }
                return present.isEmpty ? .nan : present.reduce(0, +) / Double(present.count)
            }
        }
    }

    /// The largest over the classes of the groups' spread (max − min) in `rate` of each class's decisions.
    func largestSpread(_ rate: (ConfusionCounts) -> Double) -> Double {
        counts.map { byGroup in
            let values = byGroup.map(rate).filter { !$0.isNaN }
            return (values.max() ?? .nan) - (values.min() ?? .nan)
        }.filter { !$0.isNaN }.max() ?? .nan
    }

    /// max over classes c of (max − min over groups of P(ŷ = c | group)).
    public var demographicParityDifference: Double { largestSpread(\.selectionRate) }

    /// max over classes c of the larger of the groups' spreads in TPR and FPR of "is it c?".
    public var equalizedOddsDifference: Double { max(largestSpread(\.tpr), largestSpread(\.fpr)) }
}
