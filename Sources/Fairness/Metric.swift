import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A metric usable by name: computed from a group's confusion counts (one pass over the rows for every
/// such metric) or from the group's rows (scores, regression values, plugin functions).
public struct Metric {
    /// How the value is computed.
    public enum Kind {
        /// From the weighted confusion matrix of binary labels and decisions.
        case counts((ConfusionCounts) throws -> Double)
        /// From the rows of the group (indices into the predictions; repeated in a bootstrap sample).
        case rows((Predictions, [Int]) throws -> Double)
    }
    /// The name scripts use.
    public let name: String
    /// What it means, for help and error messages.
    public let summary: String
    /// How it is computed.
    public let kind: Kind
    /// Whether it may be computed on several threads at once (false for metrics that call back into Lua).
    public let isConcurrent: Bool
    /// Whether its values are not rates in [0, 1] by definition (a count, a loss, an error in the labels' units):
    /// a chart of rates leaves it out even when every group's value happens to lie in [0, 1].
    public let isUnbounded: Bool

    /// A metric from its parts.
    public init(_ name: String, _ summary: String, _ kind: Kind, concurrent: Bool = true, unbounded: Bool = false) {
        self.name = name
        self.summary = summary
        self.kind = kind
        isConcurrent = concurrent
        isUnbounded = unbounded
    }

    /// Whether the metric needs binary labels and decisions.
    public var isCountBased: Bool { if case .counts = kind { return true } else { return false } }

    /// The value on `rows` of `data` (counting the confusion matrix when needed).
    public func value(_ data: Predictions, rows: [Int]) throws -> Double {
        switch kind {
        case let .rows(f): return try f(data, rows)
        case let .counts(f):
            let y = try data.binaryLabels(), p = try data.binaryDecisions()
            var c = ConfusionCounts()
            for i in rows { c.add(label: Int(y[i]), decision: Int(p[i]), weight: data.weight(i)) }
            return try f(c)
        }
    }
}

// Built-in metrics are pure functions; metrics that call back into Lua are marked not concurrent and are
// only ever run on the calling thread.
extension Metric: @unchecked Sendable {}

/// The metric catalogue: every built-in metric by name.
public enum Metrics {
    /// Built-in metrics in the order they are listed to users.
    public static let builtIn: [Metric] = [
        Metric("count", "number of rows (ignores weights)", .counts { Double($0.n) }, unbounded: true),
        Metric("selection_rate", "share of positive decisions", .counts { $0.selectionRate }),
        Metric("base_rate", "share of positive labels", .counts { $0.baseRate }),
        Metric("accuracy", "share of correct decisions", .counts { $0.accuracy }),
        Metric("balanced_accuracy", "mean of TPR and TNR", .counts { $0.balancedAccuracy }),
        Metric("error_rate", "share of wrong decisions", .counts { $0.errorRate }),
        Metric("tpr", "true positive rate, recall: TP / (TP + FN)", .counts { $0.tpr }),
        Metric("tnr", "true negative rate: TN / (TN + FP)", .counts { $0.tnr }),
        Metric("fpr", "false positive rate: FP / (FP + TN)", .counts { $0.fpr }),
        Metric("fnr", "false negative rate: FN / (FN + TP)", .counts { $0.fnr }),
        Metric("ppv", "precision: TP / (TP + FP)", .counts { $0.ppv }),
        Metric("npv", "negative predictive value: TN / (TN + FN)", .counts { $0.npv }),
        Metric("fdr", "false discovery rate: FP / (TP + FP)", .counts { $0.fdr }),
        Metric("for", "false omission rate: FN / (FN + TN)", .counts { $0.falseOmissionRate }),
        Metric("f1", "F1 score: 2TP / (2TP + FP + FN)", .counts { $0.f1 }),
        Metric("mean_prediction", "weighted mean of y_pred", .rows { d, r in weightedMean(d, r) { d.yPred[$0] } }),
        Metric("roc_auc", "area under the ROC curve of y_score", .rows(ScoreMetrics.rocAUC)),
        Metric("log_loss", "mean negative log-likelihood of y_score", .rows(ScoreMetrics.logLoss), unbounded: true),
        Metric("brier", "mean squared error of y_score", .rows { d, r in
            let s = try d.scores(for: "brier")
            return weightedMean(d, r) { (s[$0] - d.yTrue[$0]) * (s[$0] - d.yTrue[$0]) }
        }),
        Metric("ece", "expected calibration error of y_score, 10 equal-width bins", .rows(ScoreMetrics.calibrationError)),
        Metric("mae", "mean absolute error (regression)", .rows { d, r in weightedMean(d, r) { abs(d.yPred[$0] - d.yTrue[$0]) } }, unbounded: true),
        Metric("mse", "mean squared error (regression)", .rows { d, r in weightedMean(d, r) { squaredError(d, $0) } }, unbounded: true),
        Metric("rmse", "root mean squared error (regression)", .rows { d, r in weightedMean(d, r) { squaredError(d, $0) }.squareRoot() }, unbounded: true),
        Metric("r2", "coefficient of determination (regression)", .rows(ScoreMetrics.r2), unbounded: true),
    ]

    /// Aliases accepted for built-in names (Fairlearn's and scikit-learn's spellings).
    public static let aliases = ["recall": "tpr", "precision": "ppv", "true_positive_rate": "tpr",
                                 "true_negative_rate": "tnr", "false_positive_rate": "fpr",
                                 "false_negative_rate": "fnr", "zero_one_loss": "error_rate", "auc": "roc_auc"]

    /// The built-in metric called `name` (or an alias), if any.
    public static func builtIn(_ name: String) -> Metric? {
        let key = aliases[name] ?? name
        return byName[key]
    }

    /// Whether a column of `metric` (nil: not a built-in) with `values` may share a chart axis of rates: the metric
    /// is not unbounded (`Metric.isUnbounded`) and every value is in [0, 1] or NaN.
    public static func chartsAsRate(_ metric: Metric?, _ values: [Double]) -> Bool {
        metric?.isUnbounded != true && values.allSatisfy { $0.isNaN || (0...1).contains($0) }
    }

    private static let byName: [String: Metric] = Dictionary(uniqueKeysWithValues: builtIn.map { ($0.name, $0) })

    /// The weighted mean of `f` over `rows` (NaN for no rows).
    static func weightedMean(_ d: Predictions, _ rows: [Int], _ f: (Int) -> Double) -> Double {
        var sum = 0.0, total = 0.0
        for i in rows { let w = d.weight(i); sum += w * f(i); total += w }
        return total == 0 ? .nan : sum / total
    }

    @inline(__always) static func squaredError(_ d: Predictions, _ i: Int) -> Double {
        let e = d.yPred[i] - d.yTrue[i]
        return e * e
    }
}
