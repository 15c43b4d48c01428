/// A fitted step of a `data.transforms` table pipeline, as a file keeps it.
public enum TransformStep: Sendable {
    /// Standardisation with fitted means and standard deviations.
    case standardize(Standardizer)
    /// One-hot encoding with a fitted schema (the output is a feature matrix).
    case oneHot(FeatureEncoder)
}
