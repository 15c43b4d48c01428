import Tensors

/// Mini-batches of a dataset: encoded features, 0/1 labels, sensitive-group codes (0-based, −1 missing)
/// and sample weights, reshuffled every epoch by a seeded generator. Training loops in Swift use it directly.
public final class DataLoader {
    /// One batch.
    public struct Batch {
        public let features: Tensor
        public let labels: Tensor
        public let groups: [Int32]
        public let weights: Tensor
    }

    let x: FeatureMatrix
    let y: [Float]
    let groups: [Int32]
    let weights: [Float]
    /// Rows per batch.
    public let batchSize: Int
    let shuffle: Bool
    let dropLast: Bool
    var generator: RandomGenerator

    /// How a loader batches (PyTorch's DataLoader, with Gluon's batches of 32): in order, seed 0, the last partial batch kept.
    public struct Settings: Sendable {
        /// Rows per batch.
        public var batchSize = 32
        /// Whether each epoch reshuffles the rows (seeded).
        public var shuffle = false
        /// The seed of the shuffles.
        public var seed: UInt64 = 0
        /// Whether a last batch shorter than `batchSize` is dropped.
        public var dropLast = false
        /// The defaults.
        public init() {}
    }

    /// A loader over `dataset` with `settings` (features encoded once, with `encoder` or one fitted on the dataset).
    public convenience init(_ dataset: Dataset, settings: Settings, encoder: FeatureEncoder? = nil) throws {
        try self.init(dataset, batchSize: settings.batchSize, shuffle: settings.shuffle, seed: settings.seed, dropLast: settings.dropLast, encoder: encoder)
    }

    /// A loader over `dataset` (features encoded once, with `encoder` or one fitted on the dataset).
    public init(_ dataset: Dataset, batchSize: Int, shuffle: Bool, seed: UInt64, dropLast: Bool,
                encoder: FeatureEncoder? = nil) throws {
        guard batchSize > 0 else { throw DatasetError.invalid("DataLoader: batch_size must be positive, got \(batchSize)") }
        guard dataset.count > 0 else { throw DatasetError.invalid("DataLoader: the dataset is empty") }
        x = try (encoder ?? FeatureEncoder(fitting: dataset)).transform(dataset)
        y = dataset.label == nil ? [Float](repeating: 0, count: dataset.count) : try dataset.labels().map(Float.init)
        groups = dataset.sensitive.isEmpty ? [Int32](repeating: -1, count: dataset.count) : try dataset.sensitiveColumn().codes
        weights = dataset.weights?.map(Float.init) ?? [Float](repeating: 1, count: dataset.count)
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        generator = RandomGenerator(seed: seed)
    }

    /// Number of batches per epoch.
    public var count: Int { dropLast ? x.rows / batchSize : (x.rows + batchSize - 1) / batchSize }

    /// The batches of one epoch (a new order each call when shuffling).
    public func epoch() -> [[Int]] {
        let order = shuffle ? generator.permutation(x.rows) : Array(0..<x.rows)
        return (0..<count).map { b in Array(order[(b * batchSize)..<min((b + 1) * batchSize, x.rows)]) }
    }

    /// The batch made of `rows`.
    public func batch(_ rows: [Int]) throws -> Batch {
        let width = x.names.count
        var features = [Float](repeating: 0, count: rows.count * width)
        x.values.withUnsafeBufferPointer { src in
            for (k, r) in rows.enumerated() {
                for j in 0..<width { features[k * width + j] = src[r * width + j] }
            }
        }
        return Batch(features: try Tensor(shape: [rows.count, width], storage: features),
                     labels: Tensor(rows.map { y[$0] }), groups: rows.map { groups[$0] },
                     weights: Tensor(rows.map { weights[$0] }))
    }
}
