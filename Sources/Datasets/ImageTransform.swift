import Tensors

/// One step of an image pipeline (torchvision's transforms).
public enum ImageTransform: Sendable, Equatable {
    /// Height × width × channels 0…max to channels × height × width in [0, 1].
    case toTensor
    /// (x − mean[c]) / std[c] per channel, after toTensor; one value applies to every channel.
    case normalize(mean: [Float], std: [Float])
    /// Bilinear resampling to a fixed size.
    case resize(height: Int, width: Int)
    /// Mirrors an image left to right with probability p, drawing from its own generator seeded with `seed`.
    case randomHorizontalFlip(p: Double, seed: UInt64)

    /// `Resize(8, 8)`, as the step is written in Lua.
    public var summary: String {
        switch self {
        case .toTensor: return "ToTensor"
        case let .normalize(mean, std): return "Normalize(\(mean), \(std))"
        case let .resize(h, w): return "Resize(\(h), \(w))"
        case let .randomHorizontalFlip(p, seed): return "RandomHorizontalFlip{p=\(p), seed=\(seed)}"
        }
    }
}

/// Image transforms applied in order, with the random state of the random ones: a step's seed gives the
/// same flips on every run, and each pass over a dataset draws new ones.
public final class ImagePipeline {
    /// The steps, in order.
    public let steps: [ImageTransform]
    /// One generator per step (used by the random ones).
    private var random: [RandomGenerator]

    /// A pipeline; checks every step's parameters and that Normalize follows ToTensor.
    public init(_ steps: [ImageTransform]) throws {
        var scaled = false
        for step in steps {
            switch step {
            case .toTensor: scaled = true
            case let .normalize(mean, std):
                guard scaled else { throw DatasetError.invalid("Normalize: put ToTensor() before Normalize (it normalises [0, 1] tensors)") }
                guard !mean.isEmpty, mean.count == std.count else {
                    throw DatasetError.invalid("Normalize: mean and std need the same number of values (one per channel), got \(mean.count) and \(std.count)")
                }
                guard std.allSatisfy({ $0 > 0 && $0.isFinite }), mean.allSatisfy(\.isFinite) else {
                    throw DatasetError.invalid("Normalize: std must be positive and mean finite")
                }
            case let .resize(h, w):
                guard h > 0, w > 0, h <= 1 << 15, w <= 1 << 15 else { throw DatasetError.invalid("Resize: height and width must be in 1...32768, got \(h) and \(w)") }
            case let .randomHorizontalFlip(p, _):
                guard (0...1).contains(p) else { throw DatasetError.invalid("RandomHorizontalFlip: p must be in [0, 1], got \(p)") }
            }
        }
        self.steps = steps
        random = steps.map { step in
            if case let .randomHorizontalFlip(_, seed) = step { return RandomGenerator(seed: seed) }
            return RandomGenerator(seed: 0)
        }
    }

    /// `image` through every step; `name` is used in errors.
    public func apply(_ image: Image, name: String) throws -> Image {
        var out = image
        for (k, step) in steps.enumerated() {
            switch step {
            case .toTensor: out = out.toTensorLayout()
            case let .normalize(mean, std):
                guard mean.count == 1 || mean.count == out.channels else {
                    throw DatasetError.image(file: name, reason: "Normalize has \(mean.count) means but the image has \(out.channels) channels")
                }
                let plane = out.height * out.width
                for c in 0..<out.channels {
                    let m = mean.count == 1 ? mean[0] : mean[c], s = std.count == 1 ? std[0] : std[c]
                    for i in c * plane..<(c + 1) * plane { out.values[i] = (out.values[i] - m) / s }
                }
            case let .resize(h, w): out = out.resized(height: h, width: w)
            case let .randomHorizontalFlip(p, _):
                if random[k].uniformDouble() < p { out = out.flippedHorizontally() }
            }
        }
        return out
    }

    /// The height and width an image of `height` × `width` has after the pipeline.
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        steps.reduce((height, width)) { size, step in
            if case let .resize(h, w) = step { return (h, w) }
            return size
        }
    }

    /// Steps as written in Lua: `Compose{Resize(8, 8), ToTensor}`.
    public var summary: String { "Compose{" + steps.map(\.summary).joined(separator: ", ") + "}" }
}
