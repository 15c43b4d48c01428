import Fairness
import Learning
import LuaHost

/// Lua option tables read as a registered mitigation method declares them (`MitigationRegistry`).
enum MitigatorOptions {
    /// The options at argument `i` for `methods` (one method, or every method `fair.mitigate` may run, so one
    /// table can drive a loop over methods), less `reserved`; a name none of them reads is an error.
    static func read(_ call: LuaCall, _ i: Int32, for methods: [MitigationMethod], reserved: [String] = []) throws
        -> (given: [String: OptionValue], table: LuaOptions) {
        var declared: [String: MethodOption.Kind] = [:]
        for m in methods { for option in m.options where !reserved.contains(option.name) { declared[option.name] = option.kind } }
        let o = try call.options(i, allowed: reserved + declared.keys.sorted())
        var given: [String: OptionValue] = [:]
        for (name, kind) in declared { given[name] = try value(call, o, name, kind) }
        return (given, o)
    }

    /// `{method = {option = value, …}}` at stack slot `slot`, the value of option `option` of argument `argument`:
    /// each registered method's table read as the method declares its options, errors naming the option.
    static func byMethod(_ call: LuaCall, _ slot: Int32, option: String, of argument: Int32) throws -> [String: [String: OptionValue]] {
        let methods = MitigationRegistry.all
        _ = try call.nested(option, of: argument) { try call.options(slot, allowed: methods.map(\.name)) }
        var out: [String: [String: OptionValue]] = [:]
        for method in methods {
            out[method.name] = try call.stack.withRawField(slot, method.name) { sub in
                call.type(sub) == .nil ? nil : try call.nested("\(option).\(method.name)", of: argument) { try read(call, sub, for: [method]).given }
            }
        }
        return out
    }

    /// The options `method` declares, from `given`.
    static func only(_ given: [String: OptionValue], for method: MitigationMethod) -> [String: OptionValue] {
        given.filter { key, _ in method.options.contains { $0.name == key } }
    }

    /// Option `name` converted to its declared kind; nil when absent.
    static func value(_ call: LuaCall, _ o: LuaOptions, _ name: String, _ kind: MethodOption.Kind) throws -> OptionValue? {
        switch kind {
        case .number: return try o.number(name).map(OptionValue.number)
        case .integer: return try o.integer(name).map(OptionValue.integer)
        case .boolean: return try o.boolean(name).map(OptionValue.boolean)
        case .text, .choice: return try o.texts(name).flatMap(\.first).map(OptionValue.text)
        case .texts: return try o.texts(name).map(OptionValue.texts)
        case .pair:
            guard let v = try o.value(name) else { return nil }
            guard case let .array(b) = v, b.count == 2, let lo = b[0].doubleValue, let hi = b[1].doubleValue else {
                throw LuaError.message("option '\(name)': {low, high} expected")
            }
            return .pair(lo, hi)
        case .network, .estimator:
            guard let box = try o.object(name, AnyObject.self, expected: kind == .network ? "Sequential" : "nn.LogisticRegression, nn.DecisionTree or an nn.Sequential network") else { return nil }
            return .object(try unboxed(box, name))
        }
    }

    /// The library object inside a model box: a network, a weighted estimator or an in-processor.
    static func unboxed(_ box: AnyObject, _ name: String) throws -> AnyObject {
        if let net = box as? LayerObject {
            guard let s = net.layer as? Sequential else { throw LuaError.message("option '\(name)': a network must be an nn.Sequential") }
            return s
        }
        if let weighted = box as? WeightedModelBox { return weighted.weighted }
        if let m = box as? InProcessorObject { return m.fitted.model }
        return box
    }

    /// The context `fair.*` constructors run in: plug-in metrics are found in this state.
    static func context(_ call: LuaCall, consistency: Bool? = nil) -> MitigationContext {
        MitigationContext(consistency: consistency, metric: { try MetricPlugins.metric($0, call.L) })
    }
}
