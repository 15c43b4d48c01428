/// The estimators' settings as values with their defaults, declared once: front ends (the Lua options tables) set
/// the fields they are given and leave the rest at these defaults; the memberwise initialisers use the same values.
extension LogisticRegression {
    /// scikit-learn's defaults: C = 1, an intercept, 100 Newton iterations, tolerance 1e-4 on the gradient.
    public struct Settings: Sendable {
        /// Inverse L2 strength, intercept, iteration cap and gradient tolerance.
        public var c = 1.0, fitIntercept = true, maxIterations = 100, tolerance = 1e-4
        /// The defaults.
        public init() {}
    }

    /// A model with `settings` (checked).
    public convenience init(_ s: Settings) throws {
        try self.init(c: s.c, fitIntercept: s.fitIntercept, maxIterations: s.maxIterations, tolerance: s.tolerance)
    }
}

extension DecisionTree {
    /// scikit-learn's defaults: no depth limit, leaves of 1 row, splits of 2, Gini, every feature, seed 0.
    public struct Settings: Sendable {
        /// Depth limit (nil: none).
        public var maxDepth: Int?
        /// Fewest rows in a leaf and in a node that may split.
        public var minSamplesLeaf = 1, minSamplesSplit = 2
        /// The impurity.
        public var criterion = Criterion.gini
        /// Features considered at each split.
        public var maxFeatures = MaxFeatures.all
        /// Seed of the feature sampling.
        public var seed: UInt64 = 0
        /// The defaults.
        public init() {}
    }

    /// A tree with `settings` (checked).
    public convenience init(_ s: Settings) throws {
        try self.init(maxDepth: s.maxDepth, minSamplesLeaf: s.minSamplesLeaf, minSamplesSplit: s.minSamplesSplit, criterion: s.criterion,
                      maxFeatures: s.maxFeatures, seed: s.seed)
    }
}

extension GradientBoosting {
    /// LightGBM's defaults: 100 rounds, η 0.1, 31 leaves, 20 rows and 1e-3 hessian per leaf, λ 0, 255 bins, no bagging.
    public struct Settings: Sendable {
        /// Boosting rounds and shrinkage.
        public var rounds = 100, learningRate = 0.1
        /// Depth limit (nil: none) and leaves per tree.
        public var maxDepth: Int?, numLeaves = 31
        /// Fewest rows and least hessian in a leaf.
        public var minChildSamples = 20, minChildWeight = 1e-3
        /// L2 penalty on leaf values and histogram bins per feature.
        public var lambdaL2 = 0.0, maxBins = 255
        /// Shares of rows and of features drawn per tree.
        public var subsample = 1.0, colsample = 1.0
        /// Rounds without improvement of the validation loss before stopping (nil: never).
        public var earlyStoppingRounds: Int?
        /// Seed of the sampling.
        public var seed: UInt64 = 0
        /// The defaults.
        public init() {}
    }

    /// A model with `settings` (checked).
    public convenience init(_ s: Settings) throws {
        try self.init(rounds: s.rounds, learningRate: s.learningRate, maxDepth: s.maxDepth, numLeaves: s.numLeaves, minChildSamples: s.minChildSamples,
                      minChildWeight: s.minChildWeight, lambdaL2: s.lambdaL2, maxBins: s.maxBins, subsample: s.subsample, colsample: s.colsample,
                      earlyStoppingRounds: s.earlyStoppingRounds, seed: s.seed)
    }
}
