/// What a tree explainer needs of a model: trees whose leaf values, summed with a base, give the model's
/// margin, each node's cover (the training weight reaching it), and the scale of that margin.
public struct TreeEnsemble: Sendable {
    /// The scale the trees add up on.
    public enum Margin: String, Sendable {
        /// P(y = 1) itself (a single decision tree, as shap's TreeExplainer explains scikit-learn's).
        case probability
        /// The log-odds log(p / (1 − p)) (boosted trees).
        case logOdds = "log-odds"
    }

    /// The trees; `cover` of each node is the training weight reaching it.
    public let trees: [TreeNodes]
    /// The margin before any tree.
    public let base: Double
    /// The number of features the trees split on.
    public let features: Int
    /// The scale of base + Σ tree values.
    public let margin: Margin

    /// An ensemble, checked: at least one tree, every internal node with a positive cover (the cover fractions
    /// child / parent are TreeSHAP's weights), a finite base.
    public init(trees: [TreeNodes], base: Double, features: Int, margin: Margin) throws {
        guard !trees.isEmpty, features > 0 else { throw LearningError.invalid("TreeSHAP: the model has no trees or no features") }
        guard base.isFinite else { throw LearningError.invalid("TreeSHAP: the base margin is \(base)") }
        for (t, tree) in trees.enumerated() {
            for k in 0..<tree.nodeCount where tree.feature[k] >= 0 && !(tree.cover[k] > 0) {
                throw LearningError.invalid("TreeSHAP: node \(k) of tree \(t + 1) has no training cover; the attributions weigh each branch by its cover")
            }
        }
        self.trees = trees
        self.base = base
        self.features = features
        self.margin = margin
    }
}

/// A model made of trees, which TreeSHAP can explain exactly.
public protocol TreeModel: Classifier {
    /// The model's trees, base margin and margin scale (an error before fitting).
    func treeEnsemble() throws -> TreeEnsemble
}

extension DecisionTree: TreeModel {
    /// The one tree, explained on the probability scale with the weighted training rows as cover (shap's choice for scikit-learn).
    public func treeEnsemble() throws -> TreeEnsemble {
        guard nodes.nodeCount > 0 else { throw LearningError.invalid("DecisionTree: call fit first") }
        return try TreeEnsemble(trees: [nodes], base: 0, features: featureCount, margin: .probability)
    }
}

extension GradientBoosting: TreeModel {
    /// The trees on the log-odds scale with the training row counts as cover (LightGBM's internal_count, which shap uses).
    public func treeEnsemble() throws -> TreeEnsemble {
        guard !trees.isEmpty else { throw LearningError.invalid("GradientBoosting: call fit first") }
        return try TreeEnsemble(trees: trees.map(\.countingCover), base: baseScore, features: featureCount, margin: .logOdds)
    }
}
