import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Histogram-based gradient-boosted trees for binary log-loss, in the manner of LightGBM (Ke et al., NeurIPS 2017):
/// features binned once (`max_bins`), each round the gradients g = s(p − y) and hessians h = s·p(1 − p) of the
/// weighted log-loss at the current margins, one tree grown leaf-wise on gradient/hessian histograms (see
/// `GradientBoostingGrower`) and added with shrinkage η; the first margin is the log-odds of the weighted mean
/// label (LightGBM's boost_from_average). Rows (`subsample`) and features (`colsample`) may be drawn per tree
/// with `seed`; with a validation set, boosting stops after `early_stopping_rounds` rounds without a lower
/// validation log-loss and keeps the best round's trees.
public final class GradientBoosting: WeightedFitting {
    /// Boosting rounds at most (n_estimators, 1…10000).
    public let rounds: Int
    /// The shrinkage η applied to each tree.
    public let learningRate: Double
    /// The deepest a leaf may be (nil: no limit, LightGBM's −1).
    public let maxDepth: Int?
    /// Leaves per tree at most.
    public let numLeaves: Int
    /// The fewest rows a leaf may hold (min_child_samples, min_data_in_leaf).
    public let minChildSamples: Int
    /// The least hessian a leaf may hold (min_child_weight, min_sum_hessian_in_leaf).
    public let minChildWeight: Double
    /// The L2 penalty λ on leaf outputs.
    public let lambdaL2: Double
    /// Bins per feature at most (2…255).
    public let maxBins: Int
    /// The share of rows drawn for each tree.
    public let subsample: Double
    /// The share of features drawn for each tree.
    public let colsample: Double
    /// Rounds without a better validation loss before stopping (nil: never stop early).
    public let earlyStoppingRounds: Int?
    /// The seed of the row and feature draws.
    public let seed: UInt64
    /// The trees; each leaf's value is its (shrunk) output.
    public private(set) var trees: [TreeNodes] = []
    /// The margin before the first tree.
    public private(set) var baseScore = 0.0
    /// The number of features fitted on.
    public private(set) var featureCount = 0
    /// The validation log-loss after each round (empty without a validation set).
    public private(set) var validationLoss: [Double] = []
    /// Called after each round with the round (1-based) and the validation loss, if any.
    public var progress: ((Int, Double?) -> Void)?

    /// A model with LightGBM's defaults (100 rounds, η 0.1, 31 leaves, 20 rows per leaf, λ 0, 255 bins, no bagging).
    public init(rounds: Int = Settings().rounds, learningRate: Double = Settings().learningRate, maxDepth: Int? = nil, numLeaves: Int = Settings().numLeaves,
                minChildSamples: Int = Settings().minChildSamples, minChildWeight: Double = Settings().minChildWeight, lambdaL2: Double = Settings().lambdaL2,
                maxBins: Int = Settings().maxBins, subsample: Double = Settings().subsample, colsample: Double = Settings().colsample,
                earlyStoppingRounds: Int? = nil, seed: UInt64 = 0) throws {
        func bad(_ what: String) -> LearningError { .invalid("GradientBoosting: \(what)") }
        guard rounds >= 1, rounds <= 10_000 else { throw bad("n_estimators must be in 1…10000, got \(rounds)") }
        guard learningRate > 0, learningRate.isFinite else { throw bad("learning_rate must be positive and finite, got \(learningRate)") }
        if let maxDepth, maxDepth < 1 { throw bad("max_depth must be at least 1 (or nil for no limit), got \(maxDepth)") }
        guard numLeaves >= 2, numLeaves <= 131_072 else { throw bad("num_leaves must be in 2…131072, got \(numLeaves)") }
        guard minChildSamples >= 0 else { throw bad("min_child_samples must be ≥ 0, got \(minChildSamples)") }
        guard minChildWeight >= 0, minChildWeight.isFinite else { throw bad("min_child_weight must be finite and ≥ 0, got \(minChildWeight)") }
        guard lambdaL2 >= 0, lambdaL2.isFinite else { throw bad("lambda_l2 must be finite and ≥ 0, got \(lambdaL2)") }
        guard maxBins >= 2, maxBins <= 255 else { throw bad("max_bins must be in 2…255, got \(maxBins)") }
        guard subsample > 0, subsample <= 1 else { throw bad("subsample must be in (0, 1], got \(subsample)") }
        guard colsample > 0, colsample <= 1 else { throw bad("colsample must be in (0, 1], got \(colsample)") }
        if let earlyStoppingRounds, earlyStoppingRounds < 1 { throw bad("early_stopping_rounds must be at least 1, got \(earlyStoppingRounds)") }
        self.rounds = rounds
        self.learningRate = learningRate
        self.maxDepth = maxDepth
        self.numLeaves = numLeaves
        self.minChildSamples = minChildSamples
        self.minChildWeight = minChildWeight
        self.lambdaL2 = lambdaL2
        self.maxBins = maxBins
        self.subsample = subsample
        self.colsample = colsample
        self.earlyStoppingRounds = earlyStoppingRounds
        self.seed = seed
    }

    /// An unfitted copy with the same settings.
    public func blank() -> GradientBoosting {
        // The settings were validated when self was made.
        (try? GradientBoosting(rounds: rounds, learningRate: learningRate, maxDepth: maxDepth, numLeaves: numLeaves, minChildSamples: minChildSamples,
                               minChildWeight: minChildWeight, lambdaL2: lambdaL2, maxBins: maxBins, subsample: subsample, colsample: colsample,
                               earlyStoppingRounds: earlyStoppingRounds, seed: seed)) ?? self
    }

    /// Fits on `x` and 0/1 labels with optional sample weights.
    public func fit(_ x: Tensor, _ y: [Double], weights: [Double]? = nil) throws { try fit(x, y, weights: weights, validation: nil) }

    /// The weighted log-loss log(1 + e^m) − y·m of margin `m`, computed stably.
    @inline(__always)
    static func logLoss(_ m: Double, _ y: Double) -> Double { max(m, 0) + Glibc.log(1 + Glibc.exp(-abs(m))) - y * m }

    /// Fits on `x` and 0/1 labels, optionally watching the log-loss on `validation` (features, 0/1 labels) for early stopping.
    public func fit(_ x: Tensor, _ y: [Double], weights: [Double]?, validation: (x: Tensor, y: [Double])?) throws {
        let w = try DecisionTree.validate("GradientBoosting", x, y, weights)
        let n = x.shape[0], d = x.shape[1]
        if let validation {
            guard validation.x.dim == 2, validation.x.shape[1] == d else {
                throw LearningError.shape(layer: "GradientBoosting validation", expected: "(rows, \(d))", got: validation.x.shape)
            }
            guard validation.y.count == validation.x.shape[0], validation.y.allSatisfy({ $0 == 0 || $0 == 1 }) else {
                throw LearningError.invalid("GradientBoosting: the validation labels must be one 0 or 1 per validation row")
            }
        }
        let bins = GradientBoostingBins(x, maxBins: maxBins)
        let grower = GradientBoostingGrower(bins: bins, numLeaves: numLeaves, maxDepth: maxDepth ?? Int.max, minChildSamples: minChildSamples,
                                            minChildWeight: minChildWeight, lambda: lambdaL2, learningRate: learningRate)
        let total = w.reduce(0, +), positive = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 }
        let mean = min(max(positive / total, 1e-15), 1 - 1e-15)
        baseScore = Glibc.log(mean / (1 - mean))
        trees = []
        validationLoss = []
        featureCount = d
        var margin = [Double](repeating: baseScore, count: n), g = margin, h = margin
        var validMargin = [Double](repeating: baseScore, count: validation?.x.shape[0] ?? 0)
        var random = RandomGenerator(seed: seed)
        var best = (loss: Double.infinity, round: 0)
        let allRows = (0..<n).map { Int32($0) }, allFeatures = Array(0..<d)
        for round in 1...rounds {
            try Cancellation.check()
            // The gradients and hessians of the log-loss, the rows in two halves on both cores.
            margin.withUnsafeBufferPointer { m in
                g.withUnsafeMutableBufferPointer { g in
                    h.withUnsafeMutableBufferPointer { h in
                        nonisolated(unsafe) let (m, g, h) = (m, g, h)   // each half writes its own rows
                        DispatchQueue.concurrentPerform(iterations: n >= 4096 ? 2 : 1) { part in
                            let (from, to) = part == 0 ? (0, n >= 4096 ? n / 2 : n) : (n / 2, n)
                            for i in from..<to {
                                let p = 1 / (1 + Glibc.exp(-m[i]))
                                g[i] = w[i] * (p - y[i])
                                h[i] = w[i] * p * (1 - p)
                            }
                        }
                    }
                }
            }
            var rows = allRows, features = allFeatures
            if subsample < 1 {
                rows = random.permutation(n).prefix(max(1, Int(subsample * Double(n)))).map { Int32($0) }.sorted()
            }
            if colsample < 1 {
                features = Array(random.permutation(d).prefix(max(1, Int(colsample * Double(d))))).sorted()
            }
            let (tree, splitBins, leaves) = grower.grow(rows: rows, features: features, g: g, h: h)
            trees.append(tree)
            // Every training row's margin: each leaf's rows take its value when every row grew the tree, else each row
            // is routed by its bins.
            if rows.count == n {
                for leaf in leaves {
                    let value = tree.value[leaf.node]
                    for row in leaf.rows { margin[Int(row)] += value }
                }
            } else {
                bins.columns.withUnsafeBufferPointer { c in
                    for i in 0..<n {
                        var node = 0
                        while tree.feature[node] >= 0 {
                            let f = Int(tree.feature[node])
                            node = Int(c[f &* n &+ i] <= splitBins[node] ? tree.left[node] : tree.right[node])
                        }
                        margin[i] += tree.value[node]
                    }
                }
            }
            var loss: Double?
            if let validation {
                let step = tree.predict(validation.x, features: d)
                var sum = 0.0
                for i in validMargin.indices {
                    validMargin[i] += step[i]
                    sum += Self.logLoss(validMargin[i], validation.y[i])
                }
                let l = sum / Double(max(validMargin.count, 1))
                validationLoss.append(l)
                loss = l
                if l < best.loss { best = (l, round) }
            }
            progress?(round, loss)
            if let stop = earlyStoppingRounds, validation != nil, round - best.round >= stop {
                trees.removeLast(trees.count - best.round)
                break
            }
        }
    }

    /// The margin (log-odds) of each row of `x`: the base score plus every tree's leaf value.
    public func margins(_ x: Tensor) throws -> [Double] {
        guard !trees.isEmpty else { throw LearningError.invalid("GradientBoosting: call fit first") }
        guard x.dim == 2, x.shape[1] == featureCount else {
            throw LearningError.shape(layer: "GradientBoosting", expected: "(rows, \(featureCount))", got: x.shape)
        }
        var out = [Double](repeating: baseScore, count: x.shape[0])
        for tree in trees {
            let step = tree.predict(x, features: featureCount)
            for i in out.indices { out[i] += step[i] }
        }
        return out
    }

    /// P(y = 1) per row: the logistic function of the margin.
    public func predictProbability(_ x: Tensor) throws -> [Double] { try margins(x).map { 1 / (1 + Glibc.exp(-$0)) } }
}

extension GradientBoosting: ArchivableEstimator {
    /// The settings, the base score, and each tree as a part with its node arrays in Float64.
    public func archive() throws -> EstimatorArchive {
        guard !trees.isEmpty else { throw LearningError.invalid("save: the GradientBoosting model is not fitted (call fit first)") }
        var settings: [String: ModelValue] = [
            "n_estimators": .number(Double(rounds)), "learning_rate": .number(learningRate), "num_leaves": .number(Double(numLeaves)),
            "min_child_samples": .number(Double(minChildSamples)), "min_child_weight": .number(minChildWeight), "lambda_l2": .number(lambdaL2),
            "max_bins": .number(Double(maxBins)), "subsample": .number(subsample), "colsample": .number(colsample), "seed": .number(Double(seed)),
            "features": .number(Double(featureCount)),
        ]
        if let maxDepth { settings["max_depth"] = .number(Double(maxDepth)) }
        if let earlyStoppingRounds { settings["early_stopping_rounds"] = .number(Double(earlyStoppingRounds)) }
        return EstimatorArchive(kind: "GradientBoosting", settings: settings,
                                parts: trees.map { EstimatorArchive(kind: "Tree", tensors: $0.archived()) },
                                tensors: ["base_score": .float64([baseScore])])
    }

    /// The fitted model of `archive`.
    @Sendable public static func unarchive(_ archive: EstimatorArchive, _: EstimatorLoader) throws -> Classifier {
        func int(_ name: String) throws -> Int {
            guard let i = Int(exactly: try archive.number(name)) else { throw LearningError.invalid("GradientBoosting: the setting '\(name)' is not an integer") }
            return i
        }
        func optional(_ name: String) throws -> Int? { archive.settings[name] == nil ? nil : try int(name) }
        let model = try GradientBoosting(rounds: try int("n_estimators"), learningRate: try archive.number("learning_rate"), maxDepth: try optional("max_depth"),
                                         numLeaves: try int("num_leaves"), minChildSamples: try int("min_child_samples"),
                                         minChildWeight: try archive.number("min_child_weight"), lambdaL2: try archive.number("lambda_l2"),
                                         maxBins: try int("max_bins"), subsample: try archive.number("subsample"), colsample: try archive.number("colsample"),
                                         earlyStoppingRounds: try optional("early_stopping_rounds"), seed: UInt64(exactly: try archive.number("seed")) ?? 0)
        let features = try int("features")
        guard features > 0, !archive.parts.isEmpty else { throw LearningError.invalid("GradientBoosting: no trees or no features") }
        model.trees = try archive.parts.map { try TreeNodes($0, features: features) }
        let base = try archive.tensor("base_score").doubles
        guard base.count == 1 else { throw LearningError.invalid("GradientBoosting: the base score is missing") }
        model.baseScore = base[0]
        model.featureCount = features
        return model
    }
}
