import Datasets
import Tensors

/// A classifier together with the feature encoder (the schema) it reads datasets with, so that any dataset
/// with the training columns — a subset, the other split, a new CSV file with its columns in any order — is
/// encoded exactly as the training data was. One file holds both (`save`, `load`).
public final class FittedModel {
    /// The classifier.
    public let estimator: Classifier
    /// The encoder; nil until the model first sees a dataset (a network trained on tensors).
    public private(set) var encoder: FeatureEncoder?

    /// A model of `estimator` reading datasets with `encoder`.
    public init(_ estimator: Classifier, encoder: FeatureEncoder? = nil) {
        self.estimator = estimator
        self.encoder = encoder
    }

    /// Fits `estimator` on `dataset`'s encoded features, 0/1 labels and sample weights.
    public static func fit(_ estimator: WeightedFitting, on dataset: Dataset, includeSensitive: Bool = false) throws -> FittedModel {
        let model = FittedModel(estimator, encoder: FeatureEncoder(fitting: dataset, includeSensitive: includeSensitive))
        try estimator.fit(try model.features(dataset), try dataset.labels().map(Double.init), weights: dataset.weights)
        return model
    }

    /// `dataset` encoded with the model's encoder (the dataset's own schema when the model has none yet, which
    /// it then keeps); a level unseen at fit time is passed to `warn` once, with its column.
    public func features(_ dataset: Dataset, warn: (String) -> Void = { _ in }) throws -> Tensor {
        let encoder = self.encoder ?? FeatureEncoder(fitting: dataset)
        self.encoder = encoder
        let m = try encoder.transform(dataset)
        if let warning = m.warning { warn(warning) }
        return try Tensor(shape: [m.rows, m.names.count], storage: m.values)
    }

    /// P(y = 1) for each row of `dataset`.
    public func predictProbability(_ dataset: Dataset, warn: (String) -> Void = { _ in }) throws -> [Double] {
        try estimator.predictProbability(try features(dataset, warn: warn))
    }

    /// 0/1 decisions for each row of `dataset`: probability ≥ `threshold`, or draws with `seed` for a randomised classifier.
    public func predict(_ dataset: Dataset, threshold: Double = 0.5, seed: UInt64 = 0, warn: (String) -> Void = { _ in }) throws -> [Double] {
        try estimator.decisions(try features(dataset, warn: warn), threshold: threshold, seed: seed)
    }

    /// Accuracy, balanced accuracy, log loss, ROC AUC and confusion counts on `dataset`'s labels.
    public func evaluate(_ dataset: Dataset, warn: (String) -> Void = { _ in }) throws -> Evaluation {
        try Evaluation(probabilities: try predictProbability(dataset, warn: warn), labels: try dataset.labels().map(Double.init))
    }

    /// Writes the model to `path` atomically (see `ModelFile`).
    public func save(to path: String) throws { try ModelFile.save(estimator, encoder: encoder, to: path) }

    /// The model in `path`; `loader` decodes the estimator kinds (Learning's own by default).
    public static func load(_ path: String, loader: EstimatorLoader = .learning) throws -> FittedModel {
        let (estimator, encoder) = try ModelFile.load(path, loader: loader)
        return FittedModel(estimator, encoder: encoder)
    }
}
