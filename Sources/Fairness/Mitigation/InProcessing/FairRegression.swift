import Datasets
#if canImport(Glibc)
import Glibc
#endif
import Learning
import Tensors

/// Fair regression under statistical parity by reduction (Agarwal, Dudík & Wu, ICML 2019, "Fair Regression:
/// Quantitative Definitions and Reduction-Based Algorithms"): targets are scaled to [0, 1] and predictions
/// restricted to the grid {0, 1/m, …, 1}; a prediction f(x) is the sum (1/m) Σ_j h(x, z_j) of threshold
/// classifiers h(x, z) = 1[f(x) ≥ z], so the loss decomposes exactly as ℓ(y, f) = ℓ(y, 0) + Σ_{z_j ≤ f} c(y, z_j)
/// with c(y, z_j) = ℓ(y, z_j) − ℓ(y, z_{j−1}). Statistical parity, P[f(X) ≥ z | A = a] = P[f(X) ≥ z] for every
/// z, is demographic parity of each threshold classifier; exponentiated gradient (Agarwal et al. 2018) solves the
/// cost-sensitive problem on the rows augmented with every threshold (features (x, z), cost c of predicting 1)
/// under |P[h(X, z) = 1 | A = a] − P[h(X, z) = 1]| ≤ ε, with any weighted classifier as the oracle. The result
/// is a mixture of threshold classifiers; a row's prediction is its expected value lo + (hi − lo)·(1/m) Σ_j Q(x, z_j).
public final class FairRegression: RandomizedClassifier, ArchivableEstimator {
    /// The loss the regression minimises, on targets scaled to [0, 1].
    public enum Loss: String, Sendable, CaseIterable {
        /// (y − f)².
        case square
        /// −y ln f − (1 − y) ln(1 − f), with f clipped to [1/(2m), 1 − 1/(2m)].
        case logistic
    }

    /// The classifier the oracle refits on the augmented rows.
    public let estimator: any WeightedFitting
    /// ε: the allowed difference between a group's and every row's P[f ≥ z], and 1/B of exponentiated gradient.
    public let eps: Double
    /// m: the number of thresholds (predictions take m + 1 values).
    public let gridSize: Int
    /// The loss.
    public let loss: Loss
    /// Exponentiated gradient's iterations at most.
    public let maxIterations: Int
    /// The training targets' range, which predictions are scaled back to (after `fit`).
    public private(set) var low = Double.nan, high = Double.nan
    /// The fitted mixture of threshold classifiers over (x, z) rows.
    public private(set) var mixture: RandomizedMixture?
    /// The largest training violation max_{z, a} |P[f ≥ z | a] − P[f ≥ z]| of the mixture, after `fit`.
    public private(set) var violation = Double.nan

    /// A fair regression; ε in (0, 1], 2 ≤ m ≤ 1000 thresholds, at least one iteration; the oracle defaults to
    /// logistic regression.
    public init(estimator: (any WeightedFitting)? = nil, eps: Double = 0.05, gridSize: Int = 10, loss: Loss = .square, maxIterations: Int = 50) throws {
        guard eps > 0 && eps <= 1 else { throw FairnessError.invalid("FairRegression: eps must be in (0, 1], got \(eps)") }
        guard (2...1000).contains(gridSize) else { throw FairnessError.invalid("FairRegression: grid_size must be in 2…1000, got \(gridSize)") }
        guard maxIterations > 0 else { throw FairnessError.invalid("FairRegression: max_iter must be positive, got \(maxIterations)") }
        self.estimator = try estimator ?? LogisticRegression()
        (self.eps, self.gridSize, self.loss, self.maxIterations) = (eps, gridSize, loss, maxIterations)
    }

    /// ℓ(y, f) on scaled values.
    func lossValue(_ y: Double, _ f: Double) -> Double {
        switch loss {
        case .square: return (y - f) * (y - f)
        case .logistic:
            let clip = 1 / (2 * Double(gridSize)), p = min(max(f, clip), 1 - clip)
            return -y * log(p) - (1 - y) * log(1 - p)
        }
    }

    /// Each row of `x` repeated once per threshold z_j = j/m (j = 1…m), with z_j appended as a last feature.
    func augmented(_ x: Tensor) throws -> Tensor {
        guard x.dim == 2 else { throw FairnessError.invalid("FairRegression: X must be rows × features, got shape \(x.shape)") }
        let (n, d, m) = (x.shape[0], x.shape[1], gridSize)
        let (rows, o1) = n.multipliedReportingOverflow(by: m), (size, o2) = rows.multipliedReportingOverflow(by: d + 1)
        guard !o1, !o2 else { throw FairnessError.invalid("FairRegression: \(n) rows × \(m) thresholds × \(d + 1) features overflow") }
        var out = [Float](repeating: 0, count: size)
        x.storage.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<n {
                    for j in 0..<m {
                        let row = (i * m + j) * (d + 1)
                        for k in 0..<d { o[row + k] = s[i * d + k] }
                        o[row + d] = Float(j + 1) / Float(m)
                    }
                }
            }
        }
        return try Tensor(shape: [rows, d + 1], storage: out)
    }

    /// Fits on features `x` (rows × features), finite targets `y` (not all equal) and the rows' groups (at least two).
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex) throws {
        guard x.dim == 2, x.shape[0] == y.count, groups.rowCount == y.count else {
            throw FairnessError.invalid("FairRegression: X must be rows × features with one target and one group per row (X \(x.shape), \(y.count) targets, \(groups.rowCount) groups)")
        }
        if let bad = y.firstIndex(where: { !$0.isFinite }) { throw FairnessError.invalid("FairRegression: target \(bad + 1) is not a finite number") }
        guard groups.count >= 2 else { throw FairnessError.invalid("FairRegression: statistical parity needs at least two groups") }
        guard let lo = y.min(), let hi = y.max(), hi > lo else { throw FairnessError.invalid("FairRegression: the targets are all equal") }
        let moment = try RegressionParity(targets: y.map { ($0 - lo) / (hi - lo) }, groups: groups, regression: self)
        let eg = try ExponentiatedGradient(estimator: estimator, constraint: .parity(.demographicParity, differenceBound: eps), eps: eps,
                                           maxIterations: maxIterations)
        let rows = try augmented(x)
        try eg.fit(rows, moment: moment)
        let mixture = try eg.mixture()
        (low, high, self.mixture) = (lo, hi, mixture)
        violation = moment.gamma(try mixture.predictProbability(rows)).max() ?? .nan
    }

    /// Each row's expected prediction, lo + (hi − lo)·(1/m) Σ_j P[h(x, z_j) = 1].
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        guard let mixture else { throw FairnessError.invalid("FairRegression: call fit first") }
        let p = try mixture.predictProbability(try augmented(x)), m = gridSize
        return (0..<(p.count / m)).map { i in
            var total = 0.0
            for j in 0..<m { total += p[i * m + j] }
            return low + (high - low) * total / Double(m)
        }
    }

    /// Randomised predictions, the predictor whose distribution the constraint bounds: each row takes the
    /// prediction lo + (hi − lo)·(1/m) Σ_j h_t(x, z_j) of a learner t drawn with the mixture's weights (seeded).
    public func sample(_ x: Tensor, seed: UInt64) throws -> [Double] {
        guard let mixture else { throw FairnessError.invalid("FairRegression: call fit first") }
        let outs = try mixture.outputs(try augmented(x)), m = gridSize
        var rng = RandomGenerator(seed: seed)
        return (0..<(x.shape[0])).map { i in
            let t = mixture.drawLearner(&rng)
            var total = 0.0
            for j in 0..<m { total += outs[t][i * m + j] }
            return low + (high - low) * total / Double(m)
        }
    }

    /// 0/1 decisions: a seeded randomised prediction at least halfway up the target range (on 0/1 labels, a
    /// classifier whose selection rates the constraint at z = ½ bounds).
    public func predict(_ x: Tensor, seed: UInt64) throws -> [Double] {
        try sample(x, seed: seed).map { $0 >= (low + high) / 2 ? 1 : 0 }
    }

    /// Settings: ε, m, the loss, the target range; parts: the mixture.
    public func archive() throws -> EstimatorArchive {
        guard let mixture else { throw FairnessError.invalid("save: the FairRegression is not fitted (call fit first)") }
        return EstimatorArchive(kind: "FairRegression", settings: ["eps": .number(eps), "grid_size": .number(Double(gridSize)), "loss": .text(loss.rawValue),
                                                                   "max_iter": .number(Double(maxIterations)), "low": .number(low), "high": .number(high),
                                                                   "violation": .number(violation)],
                                parts: [try mixture.archive()])
    }

    /// The fitted regression of `archive`, its mixture decoded by `loader`.
    @Sendable public static func unarchive(_ archive: EstimatorArchive, _ loader: EstimatorLoader) throws -> Classifier {
        guard archive.parts.count == 1, let mixture = try loader.estimator(archive.parts[0]) as? RandomizedMixture else {
            throw FairnessError.invalid("FairRegression: one mixture part expected")
        }
        guard let loss = Loss(rawValue: try archive.text("loss")) else { throw FairnessError.invalid("FairRegression: unknown loss") }
        let model = try FairRegression(eps: try archive.number("eps"), gridSize: Int(exactly: try archive.number("grid_size")) ?? 0, loss: loss,
                                       maxIterations: Int(exactly: try archive.number("max_iter")) ?? 0)
        let (lo, hi) = (try archive.number("low"), try archive.number("high"))
        guard lo.isFinite, hi.isFinite, hi > lo else { throw FairnessError.invalid("FairRegression: the target range is not finite and increasing") }
        (model.low, model.high, model.mixture, model.violation) = (lo, hi, mixture, archive.settings["violation"]?.number ?? .nan)
        return model
    }
}

extension FairRegression: InProcessor {
    /// Fits the regression (sample weights are the reduction's own); 0/1 labels give scores whose distribution
    /// is the same in every group.
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex, weights: [Double]?) throws { try fit(x, y, groups: groups) }
}

/// The moment of `FairRegression` on the augmented rows (row i·m + j is row i at threshold z_{j+1}): demographic
/// parity of the threshold classifier with one event per threshold, and the objective's costs c(y_i, z_j).
struct RegressionParity: ReductionMoment {
    /// Demographic parity per threshold over the augmented rows.
    let parity: UtilityParity
    /// c(y_i, z_j) per augmented row, the mean ℓ(y_i, 0), and m.
    let costs: [Double], baseLoss: Double, gridSize: Int

    /// The moment for scaled targets in [0, 1] and the rows' groups, with `regression`'s grid and loss.
    init(targets: [Double], groups: GroupIndex, regression: FairRegression) throws {
        let m = regression.gridSize
        var costs = [Double](repeating: 0, count: targets.count * m), labels = costs
        var events = [Int32](repeating: 0, count: costs.count), codes = events
        for (i, y) in targets.enumerated() {
            for j in 0..<m {
                let r = i * m + j
                costs[r] = regression.lossValue(y, Double(j + 1) / Double(m)) - regression.lossValue(y, Double(j) / Double(m))
                labels[r] = costs[r] < 0 ? 1 : 0
                (events[r], codes[r]) = (Int32(j), groups.codes[i])
            }
        }
        let augmented = try GroupIndex(features: [(groups.features.joined(separator: "|"), groups.names, codes)])
        parity = try UtilityParity(.demographicParity, differenceBound: regression.eps, labels: labels, groups: augmented, events: events,
                                   eventNames: (1...m).map { "z=\(TextTable.format(Double($0) / Double(m)))" })
        self.costs = costs
        baseLoss = targets.reduce(0) { $0 + regression.lossValue($1, 0) } / Double(targets.count)
        gridSize = m
    }

    var isClassification: Bool { true }
    var predictsDecisions: Bool { true }
    var labels: [Double] { parity.labels }
    var constraintNames: [String] { parity.constraintNames }
    var bound: [Double] { parity.bound }
    func gamma(_ h: [Double]) -> [Double] { parity.gamma(h) }
    /// The mean loss of the threshold classifiers' prediction, ℓ(y, 0) + Σ_j h_j c_j averaged over the rows.
    func objective(_ h: [Double]) -> Double {
        var total = 0.0
        for r in costs.indices { total += h[r] * costs[r] }
        return baseLoss + total * Double(gridSize) / Double(costs.count)
    }
    func projectLambda(_ lambda: [Double]) -> [Double] { parity.projectLambda(lambda) }
    func signedWeights(_ lambda: [Double]) -> [Double] { parity.signedWeights(lambda) }
    /// The benefit of predicting 1 in the units of the parity's weights (augmented rows × −∂/∂h): −m·c.
    func objectiveSignedWeights() -> [Double] { costs.map { -Double(gridSize) * $0 } }
    var gridBasis: GridBasis { parity.gridBasis }
}

extension FairRegression: SamplingPredictor {}
