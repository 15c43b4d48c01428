import Datasets
import Learning

/// A mitigator made by the registry: one of the three kinds.
public enum Mitigator {
    case pre(any Preprocessor)
    case inProcessing(any InProcessor)
    case post(any Postprocessor)
}

/// What a method may take from where it runs rather than from its options.
public struct MitigationContext {
    /// The sensitive column `mitigate` works on (nil: the method's own default).
    public var sensitive: String?
    /// The untrained estimator the reductions refit when no `estimator` option is given.
    public var estimator: (any WeightedFitting)?
    /// Looks up a metric by name (plug-in metrics are objectives of the threshold optimizer).
    public var metric: (String) throws -> Metric
    /// Whether comparisons and sweeps measure the models' subspace consistency (`IndividualFairness`; nil: only
    /// for the methods that train for individual fairness, SenSeI and SenSR).
    public var consistency: Bool?

    /// A context; by default built-in metrics only.
    public init(sensitive: String? = nil, estimator: (any WeightedFitting)? = nil, consistency: Bool? = nil,
                metric: @escaping (String) throws -> Metric = { name in
                    guard let m = Metrics.builtIn(name) else { throw FairnessError.invalid("unknown metric '\(name)'") }
                    return m
                }) {
        self.sensitive = sensitive
        self.estimator = estimator
        self.consistency = consistency
        self.metric = metric
    }
}

/// A mitigation method in the registry: its name in `mitigate` (`disparate_impact_remover`), its class name
/// in Lua (`DisparateImpactRemover`), its options with their defaults, and how to make it.
public struct MitigationMethod {
    /// The name `mitigate` and `Sweep.run` know it by.
    public let name: String
    /// The constructor's name (`fair.pre.DisparateImpactRemover`).
    public let className: String
    /// One line: what it does and whose method it is.
    public let summary: String
    /// The options it reads.
    public let options: [MethodOption]
    let build: (MethodOptions, MitigationContext) throws -> Mitigator

    /// A method.
    public init(_ name: String, _ className: String, _ summary: String, options: [MethodOption],
                build: @escaping (MethodOptions, MitigationContext) throws -> Mitigator) {
        self.name = name
        self.className = className
        self.summary = summary
        self.options = options
        self.build = build
    }

    /// The options table in the Lua API's notation (`opts: {alpha: number?}?`).
    public var signature: String {
        let fields = options.map { "\($0.name): \($0.typeName)" }.joined(separator: ", ")
        return "opts: {\(fields)}" + (options.contains { $0.required } ? "" : "?")
    }

    /// Options checked against the declared ones.
    public func options(_ given: [String: OptionValue]) throws -> MethodOptions {
        try MethodOptions(declared: options, given: given, method: name)
    }

    /// How the mitigator made with `given` prints: `CalibratedEqOdds(privileged = Male, cost = fnr)`, the options
    /// given in their declared order (the others have their defaults).
    public func description(_ given: [String: OptionValue]) -> String {
        className + "(" + options.compactMap { o in given[o.name].map { "\(o.name) = \($0.text)" } }.joined(separator: ", ") + ")"
    }

    /// The mitigator with `given` options.
    public func make(_ given: [String: OptionValue] = [:], context: MitigationContext = MitigationContext()) throws -> Mitigator {
        try build(try options(given), context)
    }
}
