import Datasets
import FoundationEssentials

/// Fitted `data.transforms` pipelines on disk, in the model file format: kind `Transform`, one part per step
/// (`Standardize` with its columns in the settings and F64 tensors `mean` and `std`; `OneHot` with its encoder
/// as the file's schema, so a pipeline holds at most one), read back bit-exactly.
public enum TransformFile {
    /// Writes the fitted `steps` to `path` atomically.
    public static func save(_ steps: [TransformStep], to path: String) throws {
        var encoder: FeatureEncoder?
        let parts = try steps.map { step -> EstimatorArchive in
            switch step {
            case let .standardize(s):
                return EstimatorArchive(kind: "Standardize", settings: ["columns": .list(s.statistics.map { .text($0.column) })],
                                        tensors: ["mean": .float64(s.statistics.map(\.mean)), "std": .float64(s.statistics.map(\.std))])
            case let .oneHot(e):
                guard encoder == nil else { throw LearningError.invalid("save: a pipeline can hold one OneHot step") }
                encoder = e
                return EstimatorArchive(kind: "OneHot")
            }
        }
        try ModelFile.write(EstimatorArchive(kind: "Transform", parts: parts), encoder: encoder, to: path)
    }

    /// Writes `transform`'s fitted table steps to `path` atomically.
    public static func save(_ transform: any DataTransform, to path: String) throws {
        try save(try transform.fittedSteps(), to: path)
    }

    /// The fitted pipeline in `path` as one transform (a file of one step gives that step).
    public static func loadTransform(_ path: String) throws -> any DataTransform {
        Compose.of(try load(path).map(\.transform))
    }

    /// The fitted steps in `path`; a model file of another kind is an error naming the file.
    public static func load(_ path: String) throws -> [TransformStep] {
        let (archive, encoder) = try ModelFile.read(path)
        guard archive.kind == "Transform" else {
            throw ModelFile.invalid(path, "it holds a \(archive.kind), not a data transform (load it with nn.load)")
        }
        func step(_ part: EstimatorArchive) throws -> TransformStep {
            switch part.kind {
            case "Standardize":
                let columns = part.settings["columns"]?.list?.compactMap(\.text) ?? []
                let mean = try part.tensor("mean").doubles, std = try part.tensor("std").doubles
                guard mean.count == columns.count, std.count == columns.count else {
                    throw LearningError.invalid("Standardize has \(columns.count) columns but \(mean.count) means and \(std.count) deviations")
                }
                return .standardize(Standardizer(statistics: columns.indices.map { (columns[$0], mean[$0], std[$0]) }))
            case "OneHot":
                guard let encoder else { throw LearningError.invalid("the OneHot step has no schema") }
                return .oneHot(encoder)
            default:
                throw LearningError.invalid("unknown transform step '\(part.kind)'")
            }
        }
        do {
            return try archive.parts.map(step)
        } catch {
            throw ModelFile.invalid(path, "\(error)")
        }
    }
}
