import Tensors

/// A binary classifier: anything that gives the probability of the positive class for each row of a
/// feature matrix. Networks, logistic regression and the fairness reductions' estimators share it.
public protocol Classifier: AnyObject {
    /// P(y = 1 | x) for each row of `x` (rows × features).
    func predictProbability(_ x: Tensor) throws -> [Double]
}

/// A classifier that can be refitted with sample weights (what the fairness reductions need).
public protocol WeightedFitting: Classifier {
    /// Fits on `x` and 0/1 labels `y` with optional sample weights.
    func fit(_ x: Tensor, _ y: [Double], weights: [Double]?) throws
    /// An unfitted copy with the same settings.
    func blank() -> Self
    /// An unfitted copy whose fit may start from `fitted`'s solution (a learner fitted on the same features);
    /// `blank()` for learners without a warm start.
    func blank(warmStart fitted: Classifier?) -> Self
}

extension WeightedFitting {
    /// No warm start: `blank()`.
    public func blank(warmStart _: Classifier?) -> Self { blank() }
}

extension Classifier {
    /// Hard 0/1 decisions: probability ≥ `threshold`.
    public func predict(_ x: Tensor, threshold: Double = 0.5) throws -> [Double] {
        try predictProbability(x).map { $0 >= threshold ? 1 : 0 }
    }
}

/// A classifier whose decisions are drawn at random (the reductions' mixtures): the same seed, the same decisions.
public protocol RandomizedClassifier: Classifier {
    /// Seeded 0/1 decisions for each row of `x`.
    func predict(_ x: Tensor, seed: UInt64) throws -> [Double]
}

extension Classifier {
    /// Decisions: seeded draws for a randomised classifier, else probability ≥ `threshold`.
    public func decisions(_ x: Tensor, threshold: Double = 0.5, seed: UInt64 = 0) throws -> [Double] {
        if let randomized = self as? RandomizedClassifier { return try randomized.predict(x, seed: seed) }
        return try predict(x, threshold: threshold)
    }
}
