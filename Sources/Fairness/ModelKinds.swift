import Learning

extension EstimatorLoader {
    /// Every saveable kind: Learning's networks and logistic regression, and the reductions' mixtures.
    public static let fairness = EstimatorLoader.learning.merging(EstimatorLoader([
        "RandomizedMixture": RandomizedMixture.unarchive, "ConstantPredictor": ConstantPredictor.unarchive,
    ]))
}
