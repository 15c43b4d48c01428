import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Learning
import Tensors

/// Agarwal et al.'s grid-search reduction, as Fairlearn 0.15's `GridSearch`: the learner is refitted once per
/// λ on a grid around 0 (Fairlearn's `_GridGenerator`), and the deterministic predictor with the smallest
/// (1 − w)·objective + w·max γ (w = `constraintWeight`, ½ by default) is kept.
public final class GridSearch: ArchivableEstimator {
    /// The learner refitted at each grid point.
    public let estimator: any WeightedFitting
    /// The constraint.
    public let constraint: ReductionConstraint
    /// The number of grid points.
    public let gridSize: Int
    /// The largest |λ| coordinate on the grid.
    public let gridLimit: Double
    /// The weight of the constraint violation in the selection (the objective gets 1 − w).
    public let constraintWeight: Double

    /// One fitted predictor per grid point.
    public private(set) var predictors: [Classifier] = []
    /// The grid: one λ per point.
    public private(set) var lambdaVectors: [[Double]] = []
    /// Each predictor's objective (error rate or mean loss) and constraint values on the training data.
    public private(set) var objectives: [Double] = [], gammas: [[Double]] = []
    /// The constraints' names, in the order of each λ.
    public private(set) var constraintNames: [String] = []
    /// The index of the selected predictor.
    public private(set) var bestIndex = -1
    private var decisions = true

    /// A grid search; at least one grid point, a non-negative limit and a weight in [0, 1].
    public init(estimator: any WeightedFitting, constraint: ReductionConstraint, gridSize: Int = 10, gridLimit: Double = 2,
                constraintWeight: Double = 0.5) throws {
        // Each point refits the learner: more than 10,000 would run for days (and 2^40 cannot be allocated).
        guard (1...10_000).contains(gridSize) else { throw FairnessError.invalid("GridSearch: grid_size must be in 1...10000, got \(gridSize)") }
        guard gridLimit >= 0, gridLimit.isFinite else { throw FairnessError.invalid("GridSearch: grid_limit must be ≥ 0, got \(gridLimit)") }
        guard (0...1).contains(constraintWeight) else { throw FairnessError.invalid("GridSearch: constraint_weight must be in [0, 1], got \(constraintWeight)") }
        self.estimator = estimator
        self.constraint = constraint
        self.gridSize = gridSize
        self.gridLimit = gridLimit
        self.constraintWeight = constraintWeight
    }

    /// Fits one predictor per grid point on features `x`, labels `y` and the rows' groups, and selects one.
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex) throws {
        let moment = try constraint.load(x: x, labels: y, groups: groups, method: "GridSearch")
        let basis = moment.gridBasis
        let grid = try Self.grid(size: gridSize, limit: gridLimit, basis: basis)
        predictors = []
        objectives = []
        gammas = []
        let progress = ProgressHook("grid search", total: grid.count)
        defer { progress.finish() }
        for lambda in grid {
            try Cancellation.check()
            progress.update(predictors.count)
            var weights = moment.signedWeights(lambda)
            if !basis.objectiveInSpan {
                for (i, w) in moment.objectiveSignedWeights().enumerated() { weights[i] += w }
            }
            // Neighbouring grid points have nearby λ: each fit starts from the previous point's learner.
            let (model, _) = try Lagrangian.fitOracle(moment, estimator, x, signedWeights: weights, normalise: false,
                                                      warmStart: predictors.last)
            let h = try Lagrangian.outputs(model, x, decisions: moment.predictsDecisions)
            predictors.append(model)
            objectives.append(moment.objective(h))
            gammas.append(moment.gamma(h))
        }
        lambdaVectors = grid
        constraintNames = moment.constraintNames
        decisions = moment.predictsDecisions
        let losses = zip(objectives, gammas).map { (1 - constraintWeight) * $0 + constraintWeight * ($1.max() ?? 0) }
        bestIndex = losses.indices.min { losses[$0] < losses[$1] || (losses[$0] == losses[$1] && $0 < $1) } ?? 0
    }

    /// Fairlearn's grid: integer points with Σ|coordinate| ≤ m along the basis' axes (the last axis takes the
    /// remainder when the objective lies in their span), m the smallest count giving `size` points, the first
    /// `size` of them scaled by limit / m.
    static func grid(size: Int, limit: Double, basis: GridBasis) throws -> [[Double]] {
        let dim = basis.positive.count
        let trueDim = basis.objectiveInSpan ? dim - 1 : dim
        guard trueDim > 0 else { throw FairnessError.invalid("GridSearch: the constraint has no direction to search (one group only?)") }
        let negatives = basis.negativeAllowed.filter { $0 }.count
        var units = max(0, Int((Glibc.pow(Double(size) / Glibc.pow(2, Double(negatives)), 1 / Double(trueDim)) - 1).rounded(.down)))
        var points: [[Int]] = []
        while true {
            points = []
            var entry = [Int](repeating: 0, count: dim)
            func accumulate(_ index: Int, _ maxValue: Int) {
                if index == dim { points.append(entry); return }
                let values: [Int]
                if index == dim - 1 && basis.objectiveInSpan {
                    values = basis.negativeAllowed[index] && maxValue > 0 ? [-maxValue, maxValue] : [maxValue]
                } else {
                    values = Array((basis.negativeAllowed[index] ? -maxValue : 0)...maxValue)
                }
                for v in values {
                    entry[index] = v
                    accumulate(index + 1, maxValue - abs(v))
                }
            }
            accumulate(0, units)
            if points.count >= size { break }
            units += 1
        }
        let scale = units > 0 ? limit / Double(units) : 0
        let k = basis.positive.first?.count ?? 0
        return points.prefix(size).map { point in
            var lambda = [Double](repeating: 0, count: k)
            for (axis, c) in point.enumerated() {
                let coefficient = Double(c) * scale
                for j in 0..<k {
                    lambda[j] += max(coefficient, 0) * basis.positive[axis][j] + max(-coefficient, 0) * basis.negative[axis][j]
                }
            }
            return lambda
        }
    }

    /// The selected predictor.
    func best() throws -> Classifier {
        guard predictors.indices.contains(bestIndex) else { throw FairnessError.invalid("GridSearch: call fit first") }
        return predictors[bestIndex]
    }

    /// The selected predictor's probability (or value, for regression).
    public func predictProbability(_ x: Tensor) throws -> [Double] { try best().predictProbability(x) }

    /// The selected predictor's decisions (0/1) or values.
    public func predictions(_ x: Tensor) throws -> [Double] { try Lagrangian.outputs(try best(), x, decisions: decisions) }

    /// Saved as its selected predictor (a regression grid search, whose predictions are outputs, cannot be saved).
    public func archive() throws -> EstimatorArchive {
        guard decisions else { throw FairnessError.invalid("save: a GridSearch for regression cannot be saved") }
        guard let best = try best() as? ArchivableEstimator else { throw FairnessError.invalid("save: the selected predictor cannot be saved") }
        return try best.archive()
    }
}

extension GridSearch: InProcessor {
    /// Fits the grid (sample weights are the reduction's own).
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex, weights: [Double]?) throws { try fit(x, y, groups: groups) }

    /// The selected predictor's decisions (nothing is drawn).
    public func predict(_ x: Tensor, seed: UInt64) throws -> [Double] { try predictions(x) }
}
