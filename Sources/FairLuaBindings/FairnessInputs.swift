import CLua
import Datasets
import Fairness
import LuaHost
import Tensors

/// Reads what fairness functions take from Lua: vectors (tensors or arrays of numbers) and sensitive
/// features (Categorical columns, arrays of labels, tensors, or an array of these for intersections).
enum FairnessInputs {
    /// The option names Fairlearn and scikit-learn users type, accepted beside FairLua's wherever the option is
    /// taken (`sensitive_features = …`, `sample_weight = …`); installed as `LuaCall.optionAliases`.
    static let aliases = ["sensitive_features": "sensitive", "sample_weight": "weights"]

    /// The vector at stack slot `slot`, named `name` in errors.
    static func numbers(_ call: LuaCall, _ slot: Int32, name: String) throws -> [Double] {
        if let t = call.stack.object(at: slot, as: Tensor.self) {
            guard t.shape.count <= 1 || t.shape.dropFirst().allSatisfy({ $0 == 1 }) else {
                throw LuaError.message("\(name): a vector expected, got a tensor of shape \(t.shape)")
            }
            return t.storage.map(Double.init)
        }
        guard call.type(slot) == .table, call.stack.object(at: slot, as: AnyObject.self) == nil else {
            throw LuaError.message("\(name): a tensor or an array of numbers expected, got \(call.stack.typeName(at: slot))")
        }
        guard case let .array(items) = try call.stack.value(at: slot) else {
            if case .table(let t) = try call.stack.value(at: slot), t.isEmpty { return [] }
            throw LuaError.message("\(name): an array of numbers expected")
        }
        return try items.enumerated().map { k, v in
            guard let d = v.doubleValue else { throw LuaError.message("\(name)[\(k + 1)]: number expected, got \(v.typeName)") }
            return d
        }
    }

    /// Option `key` as a vector, if present.
    static func numbers(_ call: LuaCall, _ o: LuaOptions, _ key: String) throws -> [Double]? {
        try o.withField(key) { try numbers(call, $0, name: key) }
    }

    /// Argument `i` as a vector.
    static func numbers(_ call: LuaCall, _ i: Int32, argument name: String) throws -> [Double] {
        guard !call.isNone(i) else { throw call.argumentError(i, "\(name) expected") }
        return try numbers(call, i, name: name)
    }

    typealias Feature = (name: String, levels: [String], codes: [Int32])

    /// One sensitive feature at `slot`.
    static func feature(_ call: LuaCall, _ slot: Int32, name: String) throws -> Feature {
        if let c = call.stack.object(at: slot, as: CategoricalObject.self) { return (c.name, c.column.levels, c.column.codes) }
        if let t = call.stack.object(at: slot, as: Tensor.self) {
            let c = CategoricalColumn(numbers: t.storage)
            return (name, c.levels, c.codes)
        }
        guard call.type(slot) == .table, case let .array(items) = try call.stack.value(at: slot) else {
            throw LuaError.message("\(name): a Categorical column, a tensor or an array of labels expected, got \(call.stack.typeName(at: slot))")
        }
        let c = CategoricalColumn(values: try items.enumerated().map { k, v -> String? in
            switch v {
            case let .string(s): return s
            case let .integer(i): return String(i)
            case let .number(d): return formatNumber(d)
            default: throw LuaError.message("\(name)[\(k + 1)]: a string or number expected, got \(v.typeName)")
            }
        })
        return (name, c.levels, c.codes)
    }

    /// Sensitive features at `slot`: one feature, or an array of features (intersectional groups).
    static func groups(_ call: LuaCall, _ slot: Int32, name: String = "sensitive") throws -> GroupIndex {
        var features: [Feature] = []
        if call.type(slot) == .table && call.stack.object(at: slot, as: AnyObject.self) == nil {
            let first = call.stack.withRawIndex(slot, 1) { lua_type(call.L, $0) }
            if first == LUA_TUSERDATA || first == LUA_TTABLE {
                for k in 1...max(1, call.stack.rawLength(slot)) {
                    features.append(try call.stack.withRawIndex(slot, k) { try feature(call, $0, name: "\(name)[\(k)]") })
                }
                return try GroupIndex(features: features)
            }
        }
        return try GroupIndex(features: [try feature(call, slot, name: name)])
    }

    /// Option `key` as groups, if present.
    static func groups(_ call: LuaCall, _ o: LuaOptions, _ key: String) throws -> GroupIndex? {
        try o.withField(key) { try groups(call, $0, name: key) }
    }

    /// Metric names at `slot`: a string or an array of strings.
    static func names(_ call: LuaCall, _ slot: Int32, name: String) throws -> [String] {
        switch try call.stack.value(at: slot) {
        case let .string(s): return [s]
        case let .array(items):
            return try items.map { v in
                guard let s = v.stringValue else { throw LuaError.message("\(name): metric names expected, got a \(v.typeName)") }
                return s
            }
        case let other: throw LuaError.message("\(name): a metric name or an array of names expected, got \(other.typeName)")
        }
    }

    /// A `LuaValue` number (NaN stays NaN; JSON writes it as null).
    static func number(_ d: Double) -> LuaValue { .number(d) }

    /// `{name = value, …}` for parallel arrays of names and values.
    static func table(_ names: [String], _ values: [Double]) -> LuaValue {
        .table(Dictionary(zip(names, values.map(number)), uniquingKeysWith: { a, _ in a }))
    }
}
