import Learning

extension EstimatorLoader {
    /// Every saveable kind: Learning's networks and logistic regression, and Fairness's own.
    public static let fairness = EstimatorLoader.learning
}
