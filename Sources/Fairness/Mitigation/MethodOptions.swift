import Learning

/// A value given for a mitigation method's option.
public enum OptionValue {
    case number(Double), integer(Int), boolean(Bool), text(String), texts([String]), pair(Double, Double)
    /// A network (`Sequential`) or an estimator that takes sample weights.
    case object(AnyObject)
}

extension OptionValue {
    /// The error message for a value outside an option's choices: "option 'loss': unknown loss 'l1'; losses: …".
    public static func unknownChoice(_ option: String, _ value: String, _ allowed: [String]) -> String {
        "option '\(option)': unknown \(option) '\(value)'; \(option)\(option.hasSuffix("s") ? "es" : "s"): \(allowed.joined(separator: ", "))"
    }
}

/// One option of a mitigation method — its name, type, default and meaning — declared once in the
/// registry and read by `mitigate`, `Sweep.run` and the Lua constructors alike.
public struct MethodOption {
    /// The option's type; `choice` lists the values allowed.
    public enum Kind: Equatable {
        case number, integer, boolean, text, texts, pair, network, estimator
        case choice([String])
    }

    /// The option's name (`repair_level`).
    public let name: String
    /// Its type.
    public let kind: Kind
    /// The value used when the option is not given (nil: the method works without it, or requires it).
    public let fallback: OptionValue?
    /// Whether the option must be given.
    public let required: Bool

    /// An option; `fallback` is its default.
    public init(_ name: String, _ kind: Kind, _ fallback: OptionValue? = nil, required: Bool = false) {
        self.name = name
        self.kind = kind
        self.fallback = fallback
        self.required = required
    }

    /// The option in the Lua API's type notation (`'fpr'|'fnr'|'weighted'?`).
    public var typeName: String {
        let base: String
        switch kind {
        case .number: base = "number"
        case .integer: base = "integer"
        case .boolean: base = "boolean"
        case .text: base = "string"
        case .texts: base = "string[]"
        case .pair: base = "number[]"
        case .network: base = "Sequential"
        case .estimator: base = "LogisticRegression|DecisionTree|Sequential"
        case let .choice(values): base = values.map { "'\($0)'" }.joined(separator: "|")
        }
        return required ? base : base + "?"
    }
}

/// The options given to one method, read with the method's declared defaults.
public struct MethodOptions {
    /// The options the method declares.
    public let declared: [MethodOption]
    /// The values given, by name.
    public var given: [String: OptionValue]

    /// Options for a method declaring `declared`; a name it does not declare is an error listing those it does.
    public init(declared: [MethodOption], given: [String: OptionValue] = [:], method: String) throws {
        for key in given.keys.sorted() where !declared.contains(where: { $0.name == key }) {
            throw FairnessError.invalid("\(method): unknown option '\(key)'; options: \(declared.map(\.name).sorted().joined(separator: ", "))")
        }
        for option in declared where option.required && given[option.name] == nil {
            throw FairnessError.invalid("\(method): option '\(option.name)' is required")
        }
        self.declared = declared
        self.given = given
    }

    private func value(_ name: String) -> OptionValue? {
        given[name] ?? declared.first { $0.name == name }?.fallback
    }

    private func present(_ name: String) throws -> OptionValue {
        guard let v = value(name) else { throw FairnessError.invalid("option '\(name)' is required") }
        return v
    }

    private func wrong(_ name: String, _ expected: String) -> FairnessError {
        FairnessError.invalid("option '\(name)': \(expected) expected")
    }

    /// `read(name)` when the option is given or has a default, else nil.
    public func ifPresent<T>(_ name: String, _ read: (String) throws -> T) rethrows -> T? {
        value(name) == nil ? nil : try read(name)
    }

    /// A number option (integers convert).
    public func number(_ name: String) throws -> Double {
        switch try present(name) {
        case let .number(d): return d
        case let .integer(i): return Double(i)
        default: throw wrong(name, "number")
        }
    }

    /// An integer option.
    public func integer(_ name: String) throws -> Int {
        switch try present(name) {
        case let .integer(i): return i
        case let .number(d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
        default: throw wrong(name, "integer")
        }
    }

    /// The seed option as a generator's seed.
    public func seed() throws -> UInt64 { UInt64(truncatingIfNeeded: try integer("seed")) }

    /// A boolean option.
    public func boolean(_ name: String) throws -> Bool {
        guard case let .boolean(b) = try present(name) else { throw wrong(name, "boolean") }
        return b
    }

    /// A string option (a choice among allowed values is checked here).
    public func text(_ name: String) throws -> String {
        let s: String
        switch try present(name) {
        case let .text(t): s = t
        case let .texts(list) where list.count == 1: s = list[0]
        default: throw wrong(name, "string")
        }
        if case let .choice(allowed)? = declared.first(where: { $0.name == name })?.kind, !allowed.contains(s) {
            throw FairnessError.invalid(OptionValue.unknownChoice(name, s, allowed))
        }
        return s
    }

    /// A list-of-names option.
    public func texts(_ name: String) throws -> [String] {
        switch try present(name) {
        case let .texts(list): return list
        case let .text(s): return [s]
        default: throw wrong(name, "list of names")
        }
    }

    /// A {low, high} option.
    public func pair(_ name: String) throws -> (Double, Double) {
        guard case let .pair(a, b) = try present(name) else { throw wrong(name, "{low, high}") }
        return (a, b)
    }

    /// An object option (a network or an estimator) of type `T`, nil when not given.
    public func object<T>(_ name: String, as type: T.Type) throws -> T? {
        guard let v = value(name) else { return nil }
        guard case let .object(o) = v, let t = o as? T else { throw wrong(name, "\(T.self)") }
        return t
    }
}
