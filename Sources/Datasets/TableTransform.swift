/// What a table transform learns from a dataset and applies to others (`Standardizer`, `FeatureEncoder`).
public protocol TableFitting: Sendable {
    /// The step's name in scripts (`Standardize`).
    static var stepName: String { get }
    /// Learns from `dataset`.
    init(fitting dataset: Dataset)
    /// `dataset` transformed.
    func output(_ dataset: Dataset) throws -> TransformOutput
    /// The fitted step as a model file keeps it.
    var step: TransformStep { get }
    /// What `summary` adds once fitted (`, fitted`).
    var fittedSummary: String { get }
}

/// A table step of `data.transforms` (`Standardize`, `OneHot`): unfitted, or holding what it learned.
public struct TableTransform<Fitting: TableFitting>: DataTransform {
    /// What the step learned (nil before fitting).
    public let fitting: Fitting?

    /// Unfitted, or with a known fit (read back from a file).
    public init(_ fitting: Fitting? = nil) { self.fitting = fitting }

    /// Learns from `dataset`.
    public func fitted(on dataset: Dataset) throws -> any DataTransform { TableTransform(Fitting(fitting: dataset)) }

    /// `dataset` transformed.
    public func apply(_ dataset: Dataset) throws -> TransformOutput { try fitted("transform").output(dataset) }

    /// The fitted step.
    public func fittedSteps() throws -> [TransformStep] { [try fitted("save").step] }

    /// A table step.
    public var imageSteps: [ImageTransform]? { nil }

    /// `Standardize` or `Standardize, fitted`.
    public var summary: String { Fitting.stepName + (fitting?.fittedSummary ?? "") }

    private func fitted(_ operation: String) throws -> Fitting {
        guard let fitting else { throw DatasetError.invalid("\(operation): call :fit(dataset) first") }
        return fitting
    }
}

/// Zero mean, unit variance for numeric feature columns.
public typealias Standardize = TableTransform<Standardizer>
/// Features as a matrix: numeric as is, categorical one-hot; levels unseen at fit time encode as all zeros.
public typealias OneHot = TableTransform<FeatureEncoder>

extension Standardizer: TableFitting {
    /// `Standardize`.
    public static var stepName: String { "Standardize" }
    /// The dataset standardised.
    public func output(_ dataset: Dataset) throws -> TransformOutput { .dataset(try transform(dataset)) }
    /// The step.
    public var step: TransformStep { .standardize(self) }
    /// `, fitted`.
    public var fittedSummary: String { ", fitted" }
}

extension FeatureEncoder: TableFitting {
    /// `OneHot`.
    public static var stepName: String { "OneHot" }
    /// Learns the schema without the sensitive columns.
    public init(fitting dataset: Dataset) { self.init(fitting: dataset, includeSensitive: false) }
    /// The features.
    public func output(_ dataset: Dataset) throws -> TransformOutput { .features(try transform(dataset)) }
    /// The step.
    public var step: TransformStep { .oneHot(self) }
    /// `, fitted: 12 columns`.
    public var fittedSummary: String { ", fitted: \(names.count) columns" }
}
