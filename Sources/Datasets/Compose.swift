/// Transforms applied in order (torchvision's `Compose`); only the last may turn a dataset into features.
public struct Compose: DataTransform {
    /// The steps, in order.
    public let steps: [any DataTransform]

    /// A pipeline of `steps`.
    public init(_ steps: [any DataTransform]) { self.steps = steps }

    /// The pipeline's steps or, for one step, the step itself (how a file read back is shown).
    public static func of(_ steps: [any DataTransform]) -> any DataTransform { steps.count == 1 ? steps[0] : Compose(steps) }

    private static let lastOnly = "Compose: only the last step may turn a dataset into a tensor"

    /// Fits each step on the previous step's output.
    public func fitted(on dataset: Dataset) throws -> any DataTransform {
        var current = dataset
        var fitted: [any DataTransform] = []
        for (k, step) in steps.enumerated() {
            let f = try step.fitted(on: current)
            fitted.append(f)
            if k < steps.count - 1 {
                guard case let .dataset(next) = try f.apply(current) else { throw DatasetError.invalid(Self.lastOnly) }
                current = next
            }
        }
        return Compose(fitted)
    }

    /// `dataset` through every step.
    public func apply(_ dataset: Dataset) throws -> TransformOutput {
        var output = TransformOutput.dataset(dataset)
        for step in steps {
            guard case let .dataset(d) = output else { throw DatasetError.invalid(Self.lastOnly) }
            output = try step.apply(d)
        }
        return output
    }

    /// Every step's fitted table steps.
    public func fittedSteps() throws -> [TransformStep] { try steps.flatMap { try $0.fittedSteps() } }

    /// Every step's image steps, or nil when one is a table step.
    public var imageSteps: [ImageTransform]? {
        var out: [ImageTransform] = []
        for step in steps {
            guard let inner = step.imageSteps else { return nil }
            out += inner
        }
        return out
    }

    /// `Compose{Standardize, OneHot}`.
    public var summary: String { "Compose{" + steps.map(\.summary).joined(separator: ", ") + "}" }
}
