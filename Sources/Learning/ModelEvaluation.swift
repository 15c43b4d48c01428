import Tensors

/// What `evaluate` reports of a classifier on rows: a multiclass network's accuracy (its outputs' arg max against
/// class indices), else the binary `Evaluation` of its probabilities against 0/1 labels.
public enum ModelEvaluation: Sendable {
    /// A binary classifier's summary.
    case binary(Evaluation)
    /// A network with several outputs: the share of rows whose arg max is their class.
    case multiclass(accuracy: Double)

    /// Evaluates `classifier` on `x` (rows × features) against `labels`.
    public static func of(_ classifier: any Classifier, _ x: Tensor, labels: [Double]) throws -> ModelEvaluation {
        if let net = classifier as? Sequential, let classes = try net.predictClasses(x) {
            guard classes.count == labels.count, !labels.isEmpty else {
                throw LearningError.invalid("evaluate: \(classes.count) predictions for \(labels.count) labels")
            }
            return .multiclass(accuracy: Double(zip(classes, labels).filter { $0 == $1 }.count) / Double(labels.count))
        }
        return .binary(try Evaluation(probabilities: try classifier.predictProbability(x), labels: labels))
    }
}
