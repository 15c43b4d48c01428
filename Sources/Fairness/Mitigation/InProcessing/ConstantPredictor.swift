import Learning
import Tensors

/// The learner the reductions use when the relabelled problem has one target only (Fairlearn falls back to
/// scikit-learn's constant `DummyClassifier`): it predicts that value for every row.
public final class ConstantPredictor: Classifier {
    /// The value predicted.
    public let value: Double

    /// A predictor of `value`.
    public init(_ value: Double) { self.value = value }

    /// `value` for every row of `x`.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        [Double](repeating: value, count: x.dim > 0 ? x.shape[0] : 0)
    }
}
