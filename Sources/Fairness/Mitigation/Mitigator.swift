import Datasets
import Learning
import Tensors

/// A pre-processing mitigator: learns from training rows, then rewrites a dataset (its weights, labels, rows
/// or feature values) before a model is trained on it.
public protocol Preprocessor {
    /// Whether `transform` changes feature values, so that test rows must be transformed too (weights,
    /// relabelled or resampled rows only concern training).
    var changesFeatures: Bool { get }
    /// Whether `transform` only drops feature columns (a model trained on its output reads the original rows, whose
    /// extra columns it ignores).
    var onlyDropsColumns: Bool { get }
    /// Learns from a dataset (nothing, for methods that work on the dataset they transform).
    mutating func fit(_ ds: Dataset) throws
    /// The mitigated dataset.
    mutating func transform(_ ds: Dataset) throws -> Dataset
}

extension Preprocessor {
    /// Methods that need no fitting work on the dataset they transform.
    public mutating func fit(_ ds: Dataset) throws {}
    /// Most transforms change values or rows, not only columns.
    public var onlyDropsColumns: Bool { false }
}

/// A pre-processor whose transform of feature values can run inside a model: a model reading the original rows
/// that represents them as the fitted transform does, then applies the model trained on the transformed rows.
public protocol RepresentingPreprocessor: Preprocessor {
    /// The model of the original rows: this transform, then `retrained` (trained on `transform`'s output).
    func model(over retrained: FittedModel) throws -> FittedModel
}

/// A post-processing mitigator: fitted on a model's scores, the true labels and the groups, it turns scores
/// into (possibly randomised) decisions.
public protocol Postprocessor {
    /// Learns the per-group rule from scores, 0/1 labels and groups.
    mutating func fit(scores: [Double], labels: [Double], groups: GroupIndex) throws
    /// P(decision = 1) for each row.
    func probabilities(scores: [Double], groups: GroupIndex) throws -> [Double]
    /// 0/1 decisions; randomised rules draw with `seed`.
    func predict(scores: [Double], groups: GroupIndex, seed: UInt64) throws -> [Double]
    /// Learns from a dataset's scores and labels, by the groups of its column `sensitive` (a method that infers
    /// membership also learns to predict the group from the other features).
    mutating func fit(scores: [Double], labels: [Double], dataset: Dataset, sensitive: String) throws
    /// The groups whose rules decide the rows of `ds`: its column `sensitive`, or inferred ones.
    func ruleGroups(_ ds: Dataset, sensitive: String) throws -> GroupIndex
}

extension Postprocessor {
    /// The rules are learned by the dataset's column `sensitive`.
    public mutating func fit(scores: [Double], labels: [Double], dataset: Dataset, sensitive: String) throws {
        try fit(scores: scores, labels: labels, groups: try GroupIndex(dataset, sensitive: sensitive))
    }
    /// The dataset's column `sensitive` decides which rule applies.
    public func ruleGroups(_ ds: Dataset, sensitive: String) throws -> GroupIndex { try GroupIndex(ds, sensitive: sensitive) }
}

/// An in-processing mitigator: a classifier trained with fairness in its objective (the reductions, the
/// prejudice remover, a fairness penalty, adversarial debiasing), on encoded features, labels and groups.
public protocol InProcessor: Classifier {
    /// Whether the sensitive columns are features too.
    var includesSensitive: Bool { get }
    /// Trains on features (rows × features), 0/1 labels, the rows' groups and their sample weights (where
    /// the method's objective has them).
    func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex, weights: [Double]?) throws
    /// 0/1 decisions; randomised classifiers draw with `seed`.
    func predict(_ x: Tensor, seed: UInt64) throws -> [Double]
}

/// An in-processor whose predictions are a randomised mixture's draws (the predictor a constraint holds for), beside
/// their expected value (`predictProbability`).
public protocol SamplingPredictor {
    /// Seeded randomised predictions, one per row of `x`.
    func sample(_ x: Tensor, seed: UInt64) throws -> [Double]
}

extension InProcessor {
    /// The sensitive columns are not features unless the method says so.
    public var includesSensitive: Bool { false }
    /// Deterministic classifiers decide at probability ≥ 0.5.
    public func predict(_ x: Tensor, seed: UInt64) throws -> [Double] { try predict(x, threshold: 0.5) }
}
