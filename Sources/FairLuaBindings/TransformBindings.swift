import Datasets
import Learning
import LuaHost
import Tensors

/// A data transform boxed for Lua; `fit` replaces it with the fitted one.
final class TransformObject {
    var transform: any DataTransform
    init(_ transform: any DataTransform) { self.transform = transform }
}

/// `data.transforms`: table encoders fitted on one dataset and applied to others (saved and loaded as model
/// files), and the image steps.
extension DataBindings {
    static var transformsModule: LuaModule {
        ImageBindings.addTransforms(LuaModule("data.transforms", "Encoders fitted on one dataset and applied to another, and image steps.")
            .function("Standardize", "", returns: "Transform",
                      "Zero mean, unit (population) variance for numeric feature columns; label and sensitive columns untouched.") { call in
                pushTransform(TransformObject(Standardize()), call)
            }
            .function("OneHot", "", returns: "Transform",
                      "Features as a tensor: numeric as is, categorical one-hot; levels unseen at fit time encode as all zeros.") { call in
                pushTransform(TransformObject(OneHot()), call)
            }
            .function("Compose", "steps: Transform[]", returns: "Transform", "Steps applied in order (only the last may produce a tensor).") { call in
                guard call.type(1) == .table else { throw call.typeError(1, expected: "table of transforms") }
                let steps = try (0..<call.stack.rawLength(1)).map { k in
                    try call.stack.withRawIndex(1, k + 1) { slot -> any DataTransform in
                        guard let t = call.stack.object(at: slot, as: TransformObject.self) else {
                            throw call.argumentError(1, "entry \(k + 1) is not a transform")
                        }
                        return t.transform
                    }
                }
                return pushTransform(TransformObject(Compose(steps)), call)
            }
            .function("load", "path: string", returns: "Transform", "A fitted pipeline saved with transform:save(path).") { call in
                pushTransform(TransformObject(try TransformFile.loadTransform(try call.string(1))), call)
            })
    }

    @discardableResult
    static func pushTransform(_ t: TransformObject, _ call: LuaCall) -> Int32 {
        return call.push(t, transformClass)
    }

    static let transformClass: LuaClass<TransformObject> = {
        LuaClass<TransformObject>("Transform", "A data transform: fit on one dataset, transform others.")
            .metamethod("__tostring") { call in
                call.returns("Transform(" + (try call.object(1, TransformObject.self, expected: "Transform")).transform.summary + ")")
            }
            .method("fit", "dataset: Dataset", returns: "Transform", "Learns from the dataset; returns self.") { t, call in
                t.transform = try t.transform.fitted(on: try call.object(2, DatasetObject.self, expected: "Dataset").dataset)
                return call.returnsSelf()
            }
            .method("save", "path: string", "Writes the fitted pipeline (statistics and levels) to one model file, atomically.") { t, call in
                try TransformFile.save(t.transform, to: try call.string(2))
                return 0
            }
            .method("transform", "dataset: Dataset", returns: "Dataset|Tensor", "Applies the fitted transform.") { t, call in
                switch try t.transform.apply(try call.object(2, DatasetObject.self, expected: "Dataset").dataset) {
                case let .dataset(d): return push(d, call)
                case let .features(x): return TensorBindings.push(try Tensor(shape: [x.rows, x.names.count], storage: x.values), call)
                }
            }
    }()

}
