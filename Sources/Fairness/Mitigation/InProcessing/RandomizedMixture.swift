import Learning
import Tensors

/// The randomised classifier a reduction returns: learners h_t with weights Q_t. Its probability of a 1 is
/// Σ_t Q_t h_t(x) (Fairlearn's `_pmf_predict`; h_t the learner's 0/1 decisions, or its output for regression);
/// seeded predictions draw each row. Saved in model files with its learners as parts.
public final class RandomizedMixture: RandomizedClassifier, ArchivableEstimator {
    /// The learners, in the order found.
    public let predictors: [Classifier]
    /// Each learner's weight.
    public let weights: [Double]
    /// Whether learners contribute 0/1 decisions (classification moments) rather than their outputs.
    public let decisions: Bool
    /// Whether the reduction classifies (a regression mixture draws one learner per row instead).
    public let classification: Bool

    /// A mixture; one weight per learner.
    public init(predictors: [Classifier], weights: [Double], decisions: Bool, classification: Bool) throws {
        guard predictors.count == weights.count, !predictors.isEmpty else {
            throw FairnessError.invalid("mixture: \(predictors.count) learners for \(weights.count) weights")
        }
        self.predictors = predictors
        self.weights = weights
        self.decisions = decisions
        self.classification = classification
    }

    /// Each learner's output on `x` (learners of weight 0 are not evaluated and give zeros, as Fairlearn).
    func outputs(_ x: Tensor) throws -> [[Double]] {
        try zip(predictors, weights).map { model, w in
            w == 0 ? [Double](repeating: 0, count: x.dim > 0 ? x.shape[0] : 0) : try Lagrangian.outputs(model, x, decisions: decisions)
        }
    }

    /// The mixture's probability of predicting 1 per row, Σ_t Q_t h_t(x); for regression, the expected prediction.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        let outs = try outputs(x)
        var p = [Double](repeating: 0, count: outs.first?.count ?? 0)
        for (out, w) in zip(outs, weights) where w != 0 {
            for i in p.indices { p[i] += w * out[i] }
        }
        return p
    }

    /// Randomised predictions: 1 where a seeded uniform draw is at most the mixture's probability; for
    /// regression each row takes the output of a learner drawn with the mixture's weights. The same seed
    /// gives the same predictions.
    public func predict(_ x: Tensor, seed: UInt64) throws -> [Double] {
        var rng = RandomGenerator(seed: seed)
        if classification {
            return try predictProbability(x).map { $0 >= rng.uniformDouble() ? 1 : 0 }
        }
        let outs = try outputs(x)
        return (0..<(outs.first?.count ?? 0)).map { i in outs[drawLearner(&rng)][i] }
    }

    /// A learner drawn with the mixture's weights.
    func drawLearner(_ rng: inout RandomGenerator) -> Int {
        var u = rng.uniformDouble() * weights.reduce(0, +), chosen = weights.lastIndex(where: { $0 > 0 }) ?? 0
        for (t, w) in weights.enumerated() where w > 0 {
            if u < w { chosen = t; break }
            u -= w
        }
        return chosen
    }

    /// The learners as parts, the weights in Float64.
    public func archive() throws -> EstimatorArchive {
        let parts = try predictors.map { model -> EstimatorArchive in
            guard let archivable = model as? ArchivableEstimator else {
                throw FairnessError.invalid("save: a mixture learner of type \(type(of: model)) cannot be saved")
            }
            return try archivable.archive()
        }
        return EstimatorArchive(kind: "RandomizedMixture", settings: ["decisions": .bool(decisions), "classification": .bool(classification)],
                                parts: parts, tensors: ["weights": .float64(weights)])
    }

    /// The mixture of `archive`, its learners decoded by `loader`.
    @Sendable public static func unarchive(_ archive: EstimatorArchive, _ loader: EstimatorLoader) throws -> Classifier {
        try RandomizedMixture(predictors: try archive.parts.map(loader.estimator), weights: try archive.tensor("weights").doubles,
                              decisions: archive.settings["decisions"]?.bool ?? true, classification: archive.settings["classification"]?.bool ?? true)
    }
}

extension ConstantPredictor: ArchivableEstimator {
    /// The constant.
    public func archive() throws -> EstimatorArchive {
        EstimatorArchive(kind: "ConstantPredictor", tensors: ["value": .float64([value])])
    }

    /// The predictor of `archive`.
    @Sendable public static func unarchive(_ archive: EstimatorArchive, _: EstimatorLoader) throws -> Classifier {
        let v = try archive.tensor("value").doubles
        guard v.count == 1 else { throw FairnessError.invalid("ConstantPredictor: one value expected") }
        return ConstantPredictor(v[0])
    }
}
