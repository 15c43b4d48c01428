import Learning

extension EstimatorLoader {
    /// Every saveable kind: Learning's estimators, the reductions' mixtures, the prejudice remover, fair regression and post-processed models.
    public static let fairness = EstimatorLoader.learning.merging(EstimatorLoader([
        "RandomizedMixture": RandomizedMixture.unarchive, "ConstantPredictor": ConstantPredictor.unarchive,
        "Postprocessed": PostprocessedModel.unarchive, "PrejudiceRemover": PrejudiceRemover.unarchive,
        "FairRegression": FairRegression.unarchive, "Represented": RepresentedModel.unarchive,
        "Corrected": CorrectedModel.unarchive,
    ]))
}
