import Datasets

/// What the two reductions (Agarwal et al.) share once fitted: the predictors' weights in the mixture, their
/// Lagrange multipliers and how far the chosen mixture is from meeting the constraint.
public protocol Reduction: InProcessor {
    /// Each predictor's weight in the mixture (GridSearch: 1 for the selected predictor, 0 elsewhere).
    var mixtureWeights: [Double] { get }
    /// The multipliers of each predictor, one per constraint in `constraintNames`.
    var lambdaVectors: [[Double]] { get }
    /// The constraints' names (`+,all,Female`).
    var constraintNames: [String] { get }
    /// ExponentiatedGradient: the smallest duality gap reached; GridSearch: the selected point's largest constraint value.
    var bestGap: Double { get }
    /// What fitting found, for printing (`3 predictors, best gap 0.002`); nil before fitting.
    var fitSummary: String? { get }
}

extension ExponentiatedGradient: Reduction, CustomStringConvertible {
    /// The mixture's weights.
    public var mixtureWeights: [Double] { weights }

    /// `ExponentiatedGradient{eps=0.01}, fitted: 3 predictors, best gap 0.002`.
    public var description: String { "ExponentiatedGradient{eps=\(formatNumber(eps))}" + (fitSummary.map { ", fitted: " + $0 } ?? "") }

    /// `3 predictors, best gap 0.002` once fitted.
    public var fitSummary: String? { predictors.isEmpty ? nil : "\(predictors.count) predictors, best gap \(TextTable.format(bestGap))" }
}

extension GridSearch: Reduction, CustomStringConvertible {
    /// 1 for the selected predictor, 0 for the others.
    public var mixtureWeights: [Double] { predictors.indices.map { $0 == bestIndex ? 1 : 0 } }

    /// The selected point's largest constraint value.
    public var bestGap: Double { gammas.indices.contains(bestIndex) ? gammas[bestIndex].max() ?? .nan : .nan }

    /// `GridSearch{grid_size=10}, fitted: best point 4`.
    public var description: String { "GridSearch{grid_size=\(gridSize)}" + (fitSummary.map { ", fitted: " + $0 } ?? "") }

    /// `best point 4 of 10` once fitted.
    public var fitSummary: String? { predictors.isEmpty ? nil : "best point \(bestIndex + 1) of \(predictors.count)" }
}
