extension Trainer {
    /// How `fit` trains (Gluon's and Keras's defaults): 10 epochs of shuffled batches of 32, seed 0, no early stopping.
    public struct FitSettings: Sendable {
        /// Whole passes over the rows.
        public var epochs = 10
        /// Rows per batch.
        public var batchSize = 32
        /// Whether each epoch reshuffles the rows (seeded).
        public var shuffle = true
        /// The seed of the shuffles.
        public var seed: UInt64 = 0
        /// Early stopping: stop after `patience` epochs without a better validation `monitor` ("loss" or "accuracy").
        public var earlyStopping: (patience: Int, monitor: String)?
        /// The patience early stopping has unless given.
        public static let defaultPatience = 3

        /// The defaults.
        public init() {}
    }

    /// Trains with `settings` (see `fit(_:epochs:batchSize:…)`).
    public func fit(_ data: TrainingData, settings: FitSettings, validation: TrainingData? = nil,
                    progress: ((Int, Int, Double) -> Void)? = nil, onEpoch: ((EpochStats) throws -> Bool)? = nil) throws -> [EpochStats] {
        try fit(data, epochs: settings.epochs, batchSize: settings.batchSize, shuffle: settings.shuffle, seed: settings.seed,
                validation: validation, patience: settings.earlyStopping?.patience, monitor: settings.earlyStopping?.monitor ?? "loss",
                progress: progress, onEpoch: onEpoch)
    }
}
