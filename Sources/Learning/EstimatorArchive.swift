import Tensors

/// A JSON value in an estimator's description (settings of a layer, a post-processor's options).
public indirect enum ModelValue: Codable, Equatable, Sendable {
    case bool(Bool)
    case number(Double)
    case text(String)
    case list([ModelValue])
    case object([String: ModelValue])

    /// The number, if this is one.
    public var number: Double? { if case let .number(d) = self { return d } else { return nil } }
    /// The text, if this is one.
    public var text: String? { if case let .text(t) = self { return t } else { return nil } }
    /// The elements, if this is a list.
    public var list: [ModelValue]? { if case let .list(l) = self { return l } else { return nil } }
    /// The fields, if this is an object.
    public var object: [String: ModelValue]? { if case let .object(o) = self { return o } else { return nil } }
    /// The flag, if this is one.
    public var bool: Bool? { if case let .bool(b) = self { return b } else { return nil } }

    public init(from decoder: Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let b = try? value.decode(Bool.self) { self = .bool(b) } else if let d = try? value.decode(Double.self) { self = .number(d) } else if let t = try? value.decode(String.self) {
            self = .text(t)
        } else if let l = try? value.decode([ModelValue].self) { self = .list(l) } else { self = .object(try value.decode([String: ModelValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var value = encoder.singleValueContainer()
        switch self {
        case let .bool(b): try value.encode(b)
        case let .number(d): try value.encode(d)
        case let .text(t): try value.encode(t)
        case let .list(l): try value.encode(l)
        case let .object(o): try value.encode(o)
        }
    }
}

/// A tensor stored in a model file: Float32 (network weights) or Float64 (coefficients and thresholds fitted
/// in Double, kept bit-exact).
public enum ArchivedTensor {
    case float32(Tensor)
    case float64([Double])

    /// The safetensors dtype.
    var dtype: String {
        switch self {
        case .float32: return "F32"
        case .float64: return "F64"
        }
    }

    /// The shape written in the header.
    var shape: [Int] {
        switch self {
        case let .float32(t): return t.shape
        case let .float64(v): return [v.count]
        }
    }

    /// The values as Doubles (Float32 values widened exactly).
    public var doubles: [Double] {
        switch self {
        case let .float32(t): return t.storage.map(Double.init)
        case let .float64(v): return v
        }
    }
}

/// An estimator as a model file holds it: its kind, its settings as JSON, the estimators it wraps (a
/// post-processor's base model, a mixture's members) and its fitted tensors.
public struct EstimatorArchive {
    /// The kind, naming the decoder ("Sequential", "LogisticRegression").
    public var kind: String
    /// Settings and small fitted values, as JSON.
    public var settings: [String: ModelValue]
    /// Wrapped estimators, in order.
    public var parts: [EstimatorArchive]
    /// Fitted tensors by name.
    public var tensors: [String: ArchivedTensor]

    /// An archive of `kind`.
    public init(kind: String, settings: [String: ModelValue] = [:], parts: [EstimatorArchive] = [], tensors: [String: ArchivedTensor] = [:]) {
        self.kind = kind
        self.settings = settings
        self.parts = parts
        self.tensors = tensors
    }

    /// The tensor `name`, or an error naming the estimator.
    public func tensor(_ name: String) throws -> ArchivedTensor {
        guard let t = tensors[name] else { throw LearningError.invalid("\(kind): the tensor '\(name)' is missing") }
        return t
    }

    /// The text setting `name`, or an error naming the estimator.
    public func text(_ name: String) throws -> String {
        guard let t = settings[name]?.text else { throw LearningError.invalid("\(kind): the setting '\(name)' is missing or not text") }
        return t
    }

    /// The number setting `name`, or an error naming the estimator.
    public func number(_ name: String) throws -> Double {
        guard let d = settings[name]?.number else { throw LearningError.invalid("\(kind): the setting '\(name)' is missing or not a number") }
        return d
    }

    /// The list setting `name` of column indices (integers ≥ 0; absent: empty), or an error naming the estimator.
    public func indices(_ name: String) throws -> [Int] {
        try (settings[name]?.list ?? []).map { v in
            guard let d = v.number, let i = Int(exactly: d), i >= 0 else { throw LearningError.invalid("\(kind): '\(name)' holds a value that is not a column index") }
            return i
        }
    }
}

/// An estimator that can be written to a model file.
public protocol ArchivableEstimator: Classifier {
    /// The estimator's description and fitted tensors; an error when it is not fitted.
    func archive() throws -> EstimatorArchive
}

/// Rebuilds estimators from archives by kind; modules above Learning add their kinds with `merging`.
public struct EstimatorLoader: Sendable {
    /// A decoder: the archive and this loader (to decode wrapped parts) give the estimator.
    public typealias Decoder = @Sendable (EstimatorArchive, EstimatorLoader) throws -> Classifier

    /// Decoders by kind.
    public let decoders: [String: Decoder]

    /// A loader of `decoders`.
    public init(_ decoders: [String: Decoder]) { self.decoders = decoders }

    /// Networks, logistic regression and trees.
    public static let learning = EstimatorLoader(["Sequential": Sequential.unarchive, "LogisticRegression": LogisticRegression.unarchive,
                                                  "DecisionTree": DecisionTree.unarchive, "GradientBoosting": GradientBoosting.unarchive])

    /// This loader with `other`'s kinds added.
    public func merging(_ other: EstimatorLoader) -> EstimatorLoader {
        EstimatorLoader(decoders.merging(other.decoders) { _, new in new })
    }

    /// The estimator of `archive`; an unknown kind is an error listing the known ones.
    public func estimator(_ archive: EstimatorArchive) throws -> Classifier {
        guard let decode = decoders[archive.kind] else {
            throw LearningError.invalid("unknown estimator kind '\(archive.kind)'; known: \(decoders.keys.sorted().joined(separator: ", "))")
        }
        return try decode(archive, self)
    }
}
