/// What a data transform gives: a dataset, or features as a matrix (what `OneHot` ends a table pipeline with).
public enum TransformOutput {
    case dataset(Dataset)
    case features(FeatureMatrix)
}

/// A step of `data.transforms` — `Standardize`, `OneHot`, an image step or a `Compose` of them — fitted on
/// one dataset and applied to others. Fitting returns the fitted transform; the receiver is unchanged.
public protocol DataTransform: Sendable {
    /// The transform with what it learns from `dataset`.
    func fitted(on dataset: Dataset) throws -> any DataTransform
    /// `dataset` transformed; an error when the transform needs fitting first.
    func apply(_ dataset: Dataset) throws -> TransformOutput
    /// The fitted table steps (a pipeline flattened), as a model file keeps them.
    func fittedSteps() throws -> [TransformStep]
    /// The image steps (a pipeline flattened), or nil when it holds a table step.
    var imageSteps: [ImageTransform]? { get }
    /// `Standardize, fitted` or `Compose{Standardize, OneHot}`.
    var summary: String { get }
}

extension TransformStep {
    /// The fitted step as a transform.
    public var transform: any DataTransform {
        switch self {
        case let .standardize(s): return Standardize(s)
        case let .oneHot(e): return OneHot(e)
        }
    }
}

extension ImageTransform: DataTransform {
    static let imageOnly = "image transforms apply to images: data.ImageFolderDataset(dir, {transform = …})"

    /// Image steps learn nothing; fitting one on a table is an error.
    public func fitted(on dataset: Dataset) throws -> any DataTransform { throw DatasetError.invalid(Self.imageOnly) }

    /// Image steps do not apply to tables.
    public func apply(_ dataset: Dataset) throws -> TransformOutput { throw DatasetError.invalid(Self.imageOnly) }

    /// Nothing fitted to save.
    public func fittedSteps() throws -> [TransformStep] { throw DatasetError.invalid("save: image transforms have nothing fitted to save") }

    /// The step itself.
    public var imageSteps: [ImageTransform]? { [self] }
}
