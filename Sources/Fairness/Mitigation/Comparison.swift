import Learning
import Datasets

/// Before and after a mitigation: the same metrics on the same test rows, by group, with the changes in
/// the between-group differences and in accuracy.
public struct Comparison: CustomStringConvertible {
    /// The mitigation's name.
    public let method: String
    /// The baseline model's frame.
    public let before: MetricFrame
    /// The mitigated model's frame.
    public let after: MetricFrame
    /// Individual-fairness measures of the two models (subspace consistency), when measured.
    public let individual: [(measure: String, before: Double, after: Double)]
    /// Builds the mitigated model, or says why there is none (nil: the comparison was made from frames alone).
    let makeModel: (() throws -> FittedModel)?

    /// Compares two frames over the same metrics, with `individual` measures of both models; `model` builds the
    /// mitigated model when asked for.
    public init(method: String, before: MetricFrame, after: MetricFrame, individual: [(measure: String, before: Double, after: Double)] = [],
                model: (() throws -> FittedModel)? = nil) throws {
        guard before.metrics.map(\.name) == after.metrics.map(\.name) else {
            throw FairnessError.invalid("Comparison: the frames have different metrics")
        }
        self.method = method
        self.before = before
        self.after = after
        self.individual = individual
        makeModel = model
    }

    /// The mitigated model, reading datasets as the baseline did: the retrained model (pre-processing), the
    /// trained in-processor, or the baseline with the post-processor's rules; an error says why a method has none.
    public func model() throws -> FittedModel {
        guard let makeModel else { throw FairnessError.invalid("Comparison: '\(method)' was compared from frames; it holds no model") }
        return try makeModel()
    }

    /// Rows of (measure, before, after): overall metrics, differences between groups, then individual measures.
    public var rows: [(measure: String, before: Double, after: Double)] {
        let names = before.metrics.map(\.name)
        let b = before.difference(), a = after.difference()
        return names.indices.map { (names[$0], before.overall[$0], after.overall[$0]) }
            + names.indices.map { ("\(names[$0]) difference", b[$0], a[$0]) } + individual
    }

    /// Accuracy after minus before (negative: the cost of the mitigation), when accuracy is a metric.
    public var accuracyChange: Double? {
        guard let m = before.metrics.firstIndex(where: { $0.name == "accuracy" }) else { return nil }
        return after.overall[m] - before.overall[m]
    }

    /// A text table: each measure before, after and its change.
    public var description: String {
        var t = TextTable(header: [method, "before", "after", "change"])
        for r in rows {
            t.rows.append([r.measure, TextTable.format(r.before), TextTable.format(r.after), TextTable.format(r.after - r.before)])
        }
        return t.description
    }
}
