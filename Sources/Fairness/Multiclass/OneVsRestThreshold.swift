import Datasets
import Learning

/// Fairlearn's `ThresholdOptimizer` on a binary question asked of a multiclass network, "is it class c?" (one vs
/// rest): the score of an image is the network's softmax probability of c, the label whether its class is c; the
/// groups' rules are fitted on the training images and applied to the test images, and the network's own answer
/// (its arg-max is c) is compared with the thresholded one by group. Images without a group are left out.
public enum OneVsRestThreshold {
    /// The metrics of the comparison.
    public static let metrics = ["selection_rate", "tpr", "fpr", "accuracy"]

    /// The network's answers to "is it `positive`?" on `test` before and after per-group thresholds under `constraint`
    /// (a `ThresholdOptimizer` constraint; nil: its default), the randomised decisions drawn with `seed`.
    public static func mitigate(network: Sequential, train: ImageFolder, test: ImageFolder, positive: String,
                                constraint: String? = nil, seed: UInt64 = 0) throws -> Comparison {
        guard let c = train.classes.firstIndex(of: positive) else {
            throw FairnessError.invalid("threshold_optimizer: positive = '\(positive)' is not a class; classes: \(train.classes.joined(separator: ", "))")
        }
        var optimizer = try constraint.map { try ThresholdOptimizer(constraint: $0) } ?? ThresholdOptimizer()
        let fit = try question(network, train, class: c)
        try optimizer.fit(scores: fit.scores, labels: fit.labels, groups: fit.groups)
        let on = try question(network, test, class: c)
        let measures = try metrics.map { name in
            guard let m = Metrics.builtIn(name) else { throw FairnessError.invalid("unknown metric '\(name)'") }
            return m
        }
        let before = try MetricFrame(metrics: measures, data: try Predictions(yTrue: on.labels, yPred: on.answers, score: on.scores), groups: on.groups)
        let decisions = try optimizer.predict(scores: on.scores, groups: on.groups, seed: seed)
        let after = try MetricFrame(metrics: measures, data: try Predictions(yTrue: on.labels, yPred: decisions, score: on.scores), groups: on.groups)
        return try Comparison(method: "threshold_optimizer (is it \(positive)?)", before: before, after: after)
    }

    /// The grouped images of `folder` as the binary question sees them: P(class c), whether the class is c, whether
    /// the network's arg-max is c, and the groups.
    static func question(_ network: Sequential, _ folder: ImageFolder, class c: Int) throws
        -> (scores: [Double], labels: [Double], answers: [Double], groups: GroupIndex) {
        let rows = try GroupedClasses(folder)
        let levels = rows.groups.levels.sorted()
        let codes = rows.codes(in: levels)
        let kept = codes.indices.filter { codes[$0] >= 0 }
        let probabilities = try network.classProbabilities(try folder.tensor())
        guard let width = probabilities.first?.count, width == folder.classes.count else {
            throw FairnessError.invalid("threshold_optimizer: the network gives \(probabilities.first?.count ?? 0) class probabilities per image but the folder has \(folder.classes.count) classes")
        }
        let groups = try GroupIndex(features: [(name: "group", levels: levels, codes: kept.map { Int32(codes[$0]) })])
        return (kept.map { probabilities[$0][c] }, kept.map { rows.labels[$0] == c ? 1 : 0 },
                kept.map { i in probabilities[i].indices.max { probabilities[i][$0] < probabilities[i][$1] } == c ? 1 : 0 }, groups)
    }
}
