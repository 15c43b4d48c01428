#if canImport(Glibc)
import Glibc
#endif

/// An n-dimensional array of Float32 in contiguous row-major storage (any rank, 0-d scalars included).
/// A class so that autograd nodes and Lua userdata can share it; method forms that mutate say so.
public final class Tensor {
    /// Size of each dimension; `[]` for a scalar.
    public private(set) var shape: [Int]
    /// The values, row-major; `storage.count == numel`. Every change counts as a new version.
    public internal(set) var storage: [Float] { didSet { version &+= 1 } }
    /// How many times the values were changed in place (autograd refuses to use a changed input).
    public private(set) var version = 0
    /// Whether gradients flow to this tensor.
    public internal(set) var requiresGrad = false
    /// Accumulated gradient after `backward()`.
    public internal(set) var grad: Tensor?
    /// How this tensor was computed, when recorded for autograd.
    var node: GradNode?

    /// A tensor of `shape` holding `storage` (validated: the count must equal the product of the shape).
    public init(shape: [Int], storage: [Float]) throws {
        let n = try Shape.elementCount(shape, op: "tensor")
        guard n == storage.count else {
            throw TensorError.badShape(op: "tensor", reason: "\(storage.count) values for shape \(Tensor.format(shape: shape)) (\(n) needed)")
        }
        self.shape = shape
        self.storage = storage
    }

    deinit { if node != nil { GradNode.release(from: self) } }

    /// Internal constructor for results whose shape is known to match.
    init(unchecked shape: [Int], _ storage: [Float]) {
        self.shape = shape
        self.storage = storage
    }

    /// A 0-d tensor.
    public convenience init(scalar: Float) { self.init(unchecked: [], [scalar]) }

    /// A 1-d tensor of `values`.
    public convenience init(_ values: [Float]) { self.init(unchecked: [values.count], values) }

    /// Number of elements.
    public var numel: Int { storage.count }
    /// Number of dimensions.
    public var dim: Int { shape.count }

    /// `[2, 3]`
    public static func format(shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    /// Checks a 0-based dimension (negative counts from the end) and returns it normalised.
    func checkDim(_ d: Int, op: String) throws -> Int {
        let n = d < 0 ? d + dim : d
        guard n >= 0 && n < dim else { throw TensorError.dimOutOfRange(op: op, dim: d, rank: dim) }
        return n
    }

    // MARK: factories

    /// All elements equal to `value`.
    public static func full(_ shape: [Int], _ value: Float) throws -> Tensor {
        try Tensor(shape: shape, storage: [Float](repeating: value, count: try Shape.elementCount(shape, op: "full")))
    }

    /// All zeros.
    public static func zeros(_ shape: [Int]) throws -> Tensor { try full(shape, 0) }
    /// All ones.
    public static func ones(_ shape: [Int]) throws -> Tensor { try full(shape, 1) }

    /// Element count of a shape, refusing negative sizes, overflow and sizes beyond memory (`Shape.elementCount`).
    static func count(_ shape: [Int], op: String = "tensor") throws -> Int { try Shape.elementCount(shape, op: op) }

    /// `start, start+step, …` up to but excluding `stop` (NumPy's arange).
    public static func arange(_ start: Double, _ stop: Double, _ step: Double = 1) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, stop.isFinite else {
            throw TensorError.invalid("'arange': step must be a finite non-zero number")
        }
        let steps = ((stop - start) / step).rounded(.up)
        guard steps < Double(Int.max / 8) else { throw TensorError.invalid("'arange': \(steps) values are too many") }
        let n = try Shape.elementCount([steps > 0 ? Int(steps) : 0], op: "arange")
        return Tensor((0..<n).map { Float(start + Double($0) * step) })
    }

    /// `n` evenly spaced values from `start` to `stop` inclusive.
    public static func linspace(_ start: Double, _ stop: Double, _ n: Int) throws -> Tensor {
        guard n >= 0 else { throw TensorError.invalid("'linspace': count must be ≥ 0, got \(n)") }
        _ = try Shape.elementCount([n], op: "linspace")
        if n == 1 { return Tensor([Float(start)]) }
        let step = (stop - start) / Double(n - 1)
        return Tensor((0..<n).map { Float(start + Double($0) * step) })
    }

    /// The n × m identity (m defaults to n).
    public static func eye(_ n: Int, _ m: Int? = nil) throws -> Tensor {
        let cols = m ?? n
        let t = try full([n, cols], 0)
        for i in 0..<Swift.min(n, cols) { t.storage[i * cols + i] = 1 }
        return t
    }

    /// A tensor from nested arrays of numbers (ragged nesting is an error naming the position).
    public static func nested(_ value: NestedValues) throws -> Tensor {
        var shape: [Int] = []
        var out: [Float] = []
        try value.flatten(depth: 0, path: [], shape: &shape, into: &out)
        return Tensor(unchecked: shape, out)
    }
}

/// Nested arrays of numbers, as Lua tables arrive: `{{1, 2}, {3, 4}}`.
public indirect enum NestedValues {
    case number(Float)
    case list([NestedValues])

    func flatten(depth: Int, path: [Int], shape: inout [Int], into out: inout [Float]) throws {
        func position() -> String { path.isEmpty ? "top level" : "[" + path.map { String($0 + 1) }.joined(separator: "][") + "]" }
        switch self {
        case let .number(x):
            if depth == 0 { shape = []; out.append(x); return }
            guard depth == shape.count else { throw TensorError.invalid("tensor: ragged nested table at \(position())") }
            out.append(x)
        case let .list(items):
            if depth == shape.count {
                guard out.isEmpty || depth == 0 else {
                    throw TensorError.invalid("tensor: ragged nested table at \(position())")
                }
                shape.append(items.count)
            } else if depth > shape.count || shape[depth] != items.count {
                throw TensorError.invalid("tensor: ragged nested table at \(position()) (expected \(depth < shape.count ? shape[depth] : 0) entries, found \(items.count))")
            }
            for (i, item) in items.enumerated() {
                try item.flatten(depth: depth + 1, path: path + [i], shape: &shape, into: &out)
            }
        }
    }
}
