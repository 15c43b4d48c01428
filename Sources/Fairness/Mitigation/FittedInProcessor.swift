import Datasets
import Learning
import Tensors

/// An in-processor together with the feature encoder of the dataset it was trained on, so that any dataset
/// with the training columns is encoded as the training rows were.
public final class FittedInProcessor {
    /// The in-processor.
    public let model: any InProcessor
    /// The encoder, fitted on the first dataset seen.
    public var encoder: FeatureEncoder?

    /// An untrained in-processor.
    public init(_ model: any InProcessor) { self.model = model }

    /// `ds`'s features with the model's encoder (fitted here on first use).
    public func features(_ ds: Dataset) throws -> Tensor {
        let fitted = FittedModel(model, encoder: encoder ?? FeatureEncoder(fitting: ds, includeSensitive: model.includesSensitive))
        encoder = fitted.encoder
        return try fitted.features(ds)
    }

    /// Trains on a dataset's encoded features, labels and first sensitive column.
    public func fit(_ ds: Dataset) throws {
        guard let sensitive = ds.sensitive.first else {
            throw FairnessError.invalid("\(type(of: model)): the dataset has no sensitive column")
        }
        let x = try features(ds)
        if let layout = model as? any ReadsFeatureLayout { layout.blocks = encoder?.blocks }
        try model.fit(x, try ds.labels().map(Double.init), groups: try GroupIndex(ds, sensitive: sensitive), weights: ds.weights)
    }

    /// P(y = 1) for each row of `ds`.
    public func probabilities(_ ds: Dataset) throws -> [Double] { try model.predictProbability(try features(ds)) }

    /// 0/1 decisions for each row of `ds` (randomised ones drawn with `seed`).
    public func predict(_ ds: Dataset, seed: UInt64) throws -> [Double] { try model.predict(try features(ds), seed: seed) }
}

