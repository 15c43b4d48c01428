import Datasets
import Learning
import LuaHost
import Tensors

/// A fitted-or-not transform for Lua: Standardize, OneHot, an image step, or a Compose of them.
final class TransformObject {
    enum Kind {
        case standardize(Standardizer?)
        case oneHot(FeatureEncoder?)
        /// An image step (ToTensor, Normalize, Resize, RandomHorizontalFlip): nothing to fit.
        case image(ImageTransform)
        case compose([TransformObject])
    }
    var kind: Kind
    init(_ kind: Kind) { self.kind = kind }

    /// Learns from `dataset` (each step of a Compose from the previous step's output).
    func fit(_ dataset: Dataset) throws {
        switch kind {
        case .standardize: kind = .standardize(Standardizer(fitting: dataset))
        case .oneHot: kind = .oneHot(FeatureEncoder(fitting: dataset))
        case .image: throw LuaError.message(Self.imageOnly)
        case let .compose(steps):
            var current = dataset
            for (k, step) in steps.enumerated() {
                try step.fit(current)
                if k < steps.count - 1 {
                    guard case let .dataset(next) = try step.apply(current) else {
                        throw LuaError.message("Compose: only the last step may turn a dataset into a tensor")
                    }
                    current = next
                }
            }
        }
    }

    enum Output { case dataset(Dataset), features(FeatureMatrix) }

    static let imageOnly = "image transforms apply to images: data.ImageFolderDataset(dir, {transform = …})"

    /// The image steps of this transform (a Compose flattened), or nil when it holds a table transform.
    var imageSteps: [ImageTransform]? {
        switch kind {
        case let .image(step): return [step]
        case let .compose(steps):
            var out: [ImageTransform] = []
            for step in steps {
                guard let inner = step.imageSteps else { return nil }
                out += inner
            }
            return out
        case .standardize, .oneHot: return nil
        }
    }

    /// `Standardize, fitted` or `Compose{Standardize, OneHot}`.
    var summary: String {
        switch kind {
        case let .standardize(s): return "Standardize" + (s == nil ? "" : ", fitted")
        case let .oneHot(e): return "OneHot" + (e.map { ", fitted: \($0.names.count) columns" } ?? "")
        case let .image(step): return step.summary
        case let .compose(steps): return "Compose{" + steps.map(\.summary).joined(separator: ", ") + "}"
        }
    }

    /// The fitted table steps (a Compose flattened), as a file keeps them.
    func fittedSteps() throws -> [TransformStep] {
        switch kind {
        case let .standardize(s?): return [.standardize(s)]
        case let .oneHot(e?): return [.oneHot(e)]
        case .standardize, .oneHot: throw LuaError.message("save: call :fit(dataset) first")
        case .image: throw LuaError.message("save: image transforms have nothing fitted to save")
        case let .compose(steps): return try steps.flatMap { try $0.fittedSteps() }
        }
    }

    /// A transform of a fitted step read from a file.
    convenience init(step: TransformStep) {
        switch step {
        case let .standardize(s): self.init(Kind.standardize(s))
        case let .oneHot(e): self.init(Kind.oneHot(e))
        }
    }

    /// Applies the fitted transform.
    func apply(_ dataset: Dataset) throws -> Output {
        switch kind {
        case let .standardize(s?): return .dataset(try s.transform(dataset))
        case let .oneHot(e?): return .features(try e.transform(dataset))
        case .standardize, .oneHot: throw LuaError.message("transform: call :fit(dataset) first")
        case .image: throw LuaError.message(Self.imageOnly)
        case let .compose(steps):
            var output = Output.dataset(dataset)
            for step in steps {
                guard case let .dataset(d) = output else { throw LuaError.message("Compose: only the last step may turn a dataset into a tensor") }
                output = try step.apply(d)
            }
            return output
        }
    }
}

/// `data.transforms`: table encoders fitted on one dataset and applied to others (saved and loaded as model
/// files), and the image steps.
extension DataBindings {
    static var transformsModule: LuaModule {
        ImageBindings.addTransforms(LuaModule("data.transforms", "Encoders fitted on one dataset and applied to another, and image steps.")
            .function("Standardize", "", returns: "Transform",
                      "Zero mean, unit (population) variance for numeric feature columns; label and sensitive columns untouched.") { call in
                pushTransform(TransformObject(.standardize(nil)), call)
            }
            .function("OneHot", "", returns: "Transform",
                      "Features as a tensor: numeric as is, categorical one-hot; levels unseen at fit time encode as all zeros.") { call in
                pushTransform(TransformObject(.oneHot(nil)), call)
            }
            .function("Compose", "steps: Transform[]", returns: "Transform", "Steps applied in order (only the last may produce a tensor).") { call in
                guard call.type(1) == .table else { throw call.typeError(1, expected: "table of transforms") }
                let steps = try (0..<call.stack.rawLength(1)).map { k in
                    try call.stack.withRawIndex(1, k + 1) { slot -> TransformObject in
                        guard let t = call.stack.object(at: slot, as: TransformObject.self) else {
                            throw call.argumentError(1, "entry \(k + 1) is not a transform")
                        }
                        return t
                    }
                }
                return pushTransform(TransformObject(.compose(steps)), call)
            }
            .function("load", "path: string", returns: "Transform", "A fitted pipeline saved with transform:save(path).") { call in
                let steps = try TransformFile.load(try call.string(1)).map { TransformObject(step: $0) }
                return pushTransform(steps.count == 1 ? steps[0] : TransformObject(.compose(steps)), call)
            })
    }

    @discardableResult
    static func pushTransform(_ t: TransformObject, _ call: LuaCall) -> Int32 {
        return call.push(t, transformClass)
    }

    static var transformClass: LuaClass<TransformObject> {
        LuaClass<TransformObject>("Transform", "A data transform: fit on one dataset, transform others.")
            .metamethod("__tostring") { call in
                call.returns("Transform(" + (try call.object(1, TransformObject.self, expected: "Transform")).summary + ")")
            }
            .method("fit", "dataset: Dataset", returns: "Transform", "Learns from the dataset; returns self.") { t, call in
                try t.fit(try call.object(2, DatasetObject.self, expected: "Dataset").dataset)
                return call.returnsSelf()
            }
            .method("save", "path: string", "Writes the fitted pipeline (statistics and levels) to one model file, atomically.") { t, call in
                try TransformFile.save(try t.fittedSteps(), to: try call.string(2))
                return 0
            }
            .method("transform", "dataset: Dataset", returns: "Dataset|Tensor", "Applies the fitted transform.") { t, call in
                switch try t.apply(try call.object(2, DatasetObject.self, expected: "Dataset").dataset) {
                case let .dataset(d): return push(d, call)
                case let .features(x): return TensorBindings.push(try Tensor(shape: [x.rows, x.names.count], storage: x.values), call)
                }
            }
    }

}
