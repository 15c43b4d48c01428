import Datasets
import Fairness
import Learning
import Tensors

extension PermutationImportance {
    /// Shuffles per feature when none are asked for (scikit-learn's n_repeats is 5; FairLua uses 10).
    public static let defaultRepeats = 10

    /// Whether metric `name` is a group-fairness measure, which needs the rows' groups.
    public static func needsGroups(_ name: String) -> Bool { GroupFairness.names.contains(name) }

    /// The score of `model` on a feature matrix under metric `name`: a group-fairness measure
    /// (`GroupFairness.names`, on the decisions by `groups`), else `resolve(name)` on the decisions at
    /// P ≥ 0.5 with the probabilities as scores, against `labels`.
    public static func score(_ model: Classifier, metric name: String, labels: [Double], groups: GroupIndex?,
                             resolve: (String) throws -> Metric) throws -> (Tensor) throws -> Double {
        if needsGroups(name) {
            guard let groups else { throw FairnessError.invalid("metric '\(name)' needs a sensitive column") }
            return { features in
                try GroupFairness.measure(name, try Predictions(yTrue: labels, yPred: try model.predict(features)), groups)
            }
        }
        let metric = try resolve(name)
        return { features in
            let p = try model.predictProbability(features)
            let data = try Predictions(yTrue: labels, yPred: p.map { $0 >= 0.5 ? 1 : 0 }, score: p)
            return try metric.value(data, rows: Array(0..<labels.count))
        }
    }
}
