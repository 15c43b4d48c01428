import Datasets
import LuaHost
import Tensors

/// `data.ImageFolderDataset` and the image steps of `data.transforms`.
enum ImageBindings {
    static let folderOptions = ["transform", "groups"]

    /// `data.ImageFolderDataset(dir, {transform=, groups=})`.
    static func open(_ call: LuaCall) throws -> Int32 {
        let dir = try call.string(1)
        let o = try call.options(2, allowed: folderOptions)
        var pipeline: ImagePipeline?
        if let t = try o.object("transform", TransformObject.self, expected: "Transform") {
            guard let steps = t.transform.imageSteps else {
                throw call.argumentError(2, "transform: only image steps (ToTensor, Normalize, Resize, RandomHorizontalFlip) apply to images")
            }
            pipeline = try ImagePipeline(steps)
        }
        let groups: ImageFolder.Groups
        switch try o.string("groups") {
        case nil: groups = .none
        case "folder"?: groups = .folder
        case let file?: groups = .manifest(file)
        }
        return call.push(try ImageFolder(directory: dir, groups: groups, transform: pipeline), folderClass)
    }

    /// The image steps of `data.transforms`, added to its module.
    static func addTransforms(_ module: LuaModule) -> LuaModule {
        module
            .function("ToTensor", "", returns: "Transform",
                      "Images: height × width × channels 0…255 (or 65535) to channels × height × width in [0, 1].") { call in
                DataBindings.pushTransform(TransformObject(ImageTransform.toTensor), call)
            }
            .function("Normalize", "mean: number|number[], std: number|number[]", returns: "Transform",
                      "Images after ToTensor: (x − mean) / std per channel (one value applies to every channel).") { call in
                DataBindings.pushTransform(TransformObject(ImageTransform.normalize(mean: try floats(call, 1), std: try floats(call, 2))), call)
            }
            .function("Resize", "height: integer, width: integer?", returns: "Transform",
                      "Images: bilinear resampling to height × width (width defaults to height), half-pixel centres.") { call in
                let h = try call.integer(1)
                let w = try call.optional(2, h, call.integer)
                guard h > 0, w > 0 else { throw call.argumentError(1, "Resize: height and width must be positive, got \(h) and \(w)") }
                return DataBindings.pushTransform(TransformObject(ImageTransform.resize(height: h, width: w)), call)
            }
            .function("RandomHorizontalFlip", "opts: {p: number?, seed: integer?}?", returns: "Transform",
                      "Images: mirrored left to right with probability p (0.5); seeded (default: the session seed, else 0).") { call in
                let o = try call.options(1, allowed: ["p", "seed"])
                let p = try o.number("p") ?? 0.5
                guard (0...1).contains(p) else { throw call.argumentError(1, "RandomHorizontalFlip: p must be in [0, 1], got \(p)") }
                let seed = (try o.seed() ?? FairLuaAPI.seedUsed.map { UInt64(truncatingIfNeeded: $0) } ?? 0)
                return DataBindings.pushTransform(TransformObject(ImageTransform.randomHorizontalFlip(p: p, seed: seed)), call)
            }
    }

    /// A number or an array of numbers at argument `i`.
    static func floats(_ call: LuaCall, _ i: Int32) throws -> [Float] {
        switch try call.value(i) {
        case let .array(values):
            return try values.map { v in
                guard let d = v.doubleValue else { throw call.typeError(i, expected: "number or array of numbers") }
                return Float(d)
            }
        case let v:
            guard let d = v.doubleValue else { throw call.typeError(i, expected: "number or array of numbers") }
            return [Float(d)]
        }
    }

    /// Class ids as a tensor (0-based, as networks' labels).
    static func labels(_ folder: ImageFolder) -> Tensor { Tensor(folder.labels.map(Float.init)) }

    /// Group codes as a tensor: 1-based level numbers, 0 without a group (as `Categorical:codes()`).
    static func groupCodes(_ folder: ImageFolder) -> Tensor { Tensor(folder.groups.codes.map { Float($0 + 1) }) }

    static let folderClass: LuaClass<ImageFolder> = {
        LuaClass<ImageFolder>("ImageFolderDataset", "Images in one folder per class, with an optional group per image.")
            .metamethod("__len") { call in call.returns(try call.object(1, ImageFolder.self, expected: "ImageFolderDataset").count) }
            .metamethod("__tostring") { call in
                let f = try call.object(1, ImageFolder.self, expected: "ImageFolderDataset")
                var parts = ["\(f.count) images", "\(f.classes.count) classes"]
                if let first = f.images.first { parts.append("\(first.height)x\(first.width)x\(first.channels)") }
                if !f.groups.levels.isEmpty { parts.append("groups " + f.groups.levels.joined(separator: ", ")) }
                if let t = f.transform { parts.append("transform " + t.summary) }
                return call.returns("ImageFolderDataset(" + f.root + ": " + parts.joined(separator: "; ") + ")")
            }
            .method("get", "i: integer", returns: "Tensor, integer, string?",
                    "Image i (1-based) after the transform, its class id (0-based) and its group.") { f, call in
                let i = try call.integer(2)
                guard (1...max(f.count, 1)).contains(i), i <= f.count else { throw call.argumentError(2, "image \(i) out of range (1..\(f.count))") }
                let image = try f.image(i - 1)
                TensorBindings.push(try Tensor(shape: image.shape, storage: image.values), call)
                call.stack.push(LuaValue.integer(f.labels[i - 1]))
                call.stack.push(f.groups.value(i - 1).map { LuaValue.string($0) } ?? .nil)
                return 3
            }
            .method("tensors", "", returns: "Tensor, Tensor, Tensor",
                    "Every image stacked (N × C × H × W after ToTensor), class ids (0-based) and group codes (1-based, 0 none).") { f, call in
                TensorBindings.push(try f.tensor(), call)
                TensorBindings.push(labels(f), call)
                TensorBindings.push(groupCodes(f), call)
                return 3
            }
            .method("labels", returns: "Tensor", "Class ids (0-based; classes()[id + 1] is the name).") { f, call in
                TensorBindings.push(labels(f), call)
            }
            .method("classes", returns: "string[]", "Class names: the sorted class folder names.") { f, call in
                call.returns(LuaValue.array(f.classes.map { .string($0) }))
            }
            .method("files", returns: "string[]", "Image paths relative to the folder.") { f, call in
                call.returns(LuaValue.array(f.files.map { .string($0) }))
            }
            .method("sensitive", returns: "Categorical", "Each image's group, for fairness metrics.") { f, call in
                guard !f.groups.levels.isEmpty else { throw LuaError.message("the images have no groups; open them with groups='groups.csv' or groups='folder'") }
                return call.push(CategoricalObject(name: "group", column: f.groups), DataBindings.categoricalClass)
            }
            .method("groups", returns: "table<string, integer>", "Images per group.") { f, call in
                call.returns(LuaValue.table(Dictionary(uniqueKeysWithValues: f.groups.counts.map { ($0.level, LuaValue.integer($0.count)) })))
            }
            .method("split", "opts: {ratio: number, seed: integer?}", returns: "ImageFolderDataset, ImageFolderDataset",
                    "A seeded split keeping each class's (and group's) share in both parts within one image.") { f, call in
                let o = try call.options(2, allowed: ["ratio", "seed"])
                guard let ratio = try o.number("ratio") else { throw call.argumentError(2, "split: ratio expected") }
                let (a, b) = try f.split(ratio: ratio, seed: (try o.seed() ?? FairLuaAPI.seedUsed.map { UInt64(truncatingIfNeeded: $0) } ?? 0))
                _ = call.push(a, folderClass)
                return 1 + call.push(b, folderClass)
            }
    }()
}
