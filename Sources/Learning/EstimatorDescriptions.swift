import Datasets

/// What the REPL prints for each estimator: its settings, and once fitted, what fitting found.
extension LogisticRegression: CustomStringConvertible {
    /// `LogisticRegression{C=1}, fitted: 12 coefficients in 7 iterations`.
    public var description: String {
        "LogisticRegression{C=\(formatNumber(c))}" + (coefficients.isEmpty ? "" : ", fitted: \(coefficients.count) coefficients in \(iterations) iterations")
    }
}

extension DecisionTree: CustomStringConvertible {
    /// `DecisionTree{criterion=gini, max_depth=3, min_samples_leaf=1}, fitted: 8 leaves, depth 3`.
    public var description: String {
        "DecisionTree{criterion=\(criterion.rawValue), max_depth=\(maxDepth.map(String.init) ?? "none"), min_samples_leaf=\(minSamplesLeaf)}"
            + (nodes.nodeCount == 0 ? "" : ", fitted: \(nodes.leafCount) leaves, depth \(nodes.depth)")
    }
}

extension GradientBoosting: CustomStringConvertible {
    /// `GradientBoosting{n_estimators=100, learning_rate=0.1, num_leaves=31}, fitted: 100 trees`.
    public var description: String {
        "GradientBoosting{n_estimators=\(rounds), learning_rate=\(formatNumber(learningRate)), num_leaves=\(numLeaves)}"
            + (trees.isEmpty ? "" : ", fitted: \(trees.count) trees")
    }
}

/// An estimator that names itself in a model's description (a wrapper says what it wraps); others show their type.
public protocol NamedEstimator {
    /// The name `Model(…)` shows.
    var estimatorName: String { get }
}

extension FittedModel: CustomStringConvertible {
    /// `Model(LogisticRegression, 97 features)`.
    public var description: String {
        "Model(\((estimator as? NamedEstimator)?.estimatorName ?? "\(type(of: estimator))"), \(encoder?.names.count ?? 0) features)"
    }
}
