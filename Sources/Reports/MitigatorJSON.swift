import Fairness
import Tensors

// The fitted state of mitigators as JSON documents (Lua receives them as tables).

extension ThresholdOptimizer {
    /// Each group's rule `{p0=, threshold0=, p1=, threshold1=, p_ignore=}`, keyed by group.
    public var rulesJSON: JSONValue { Self.json(rules) }

    /// Rules `{p0=, threshold0=, p1=, threshold1=, p_ignore=}` keyed by group.
    static func json(_ rules: [String: Rule]) -> JSONValue {
        .object(rules.mapValues { r in
            .object(["p0": .number(r.p0), "threshold0": .number(r.operation0.threshold), "p1": .number(r.p1),
                     "threshold1": .number(r.operation1.threshold), "p_ignore": .number(r.pIgnore)])
        })
    }
}

extension ConstrainedThresholds {
    /// Each group's rule `{p0=, threshold0=, p1=, threshold1=, p_ignore=}`, keyed by group (p0 = 1 when deterministic).
    public var rulesJSON: JSONValue { ThresholdOptimizer.json(rules) }

    /// `{value=, constraint=, satisfied=, rates={group = rate}}`.
    public var pointJSON: JSONValue {
        .object(["value": .number(value), "constraint": .number(constraintValue), "satisfied": .bool(satisfied),
                 "rates": .object(rates.mapValues(JSONValue.number))])
    }
}

extension ThresholdFrontier {
    /// Each row `{bound=, constraint=, objective=, thresholds={group = threshold}}`.
    public var rowsJSON: JSONValue {
        .array(rows.map { r in
            .object(["bound": .number(r.bound), "constraint": .number(r.constraint), "objective": .number(r.objective),
                     "thresholds": .object(Dictionary(uniqueKeysWithValues: zip(groups, r.thresholds.map(JSONValue.number))))])
        })
    }
}

extension EqOddsPostprocessing {
    /// The mixing rates `{privileged = {p2p=, n2p=}, other = {p2p=, n2p=}}`; null before fitting.
    public var ratesJSON: JSONValue {
        guard rates.count == 4 else { return .null }
        return .object(["privileged": .object(["p2p": .number(rates[0]), "n2p": .number(rates[1])]),
                        "other": .object(["p2p": .number(rates[2]), "n2p": .number(rates[3])])])
    }
}

extension CalibratedEqOdds {
    /// The mix per group `{privileged=, other=}`.
    public var ratesJSON: JSONValue { .object(["privileged": .number(mixRates.privileged), "other": .number(mixRates.other)]) }
}

extension DropProxies {
    /// `{feature=, sensitive=, value=}` for each dropped feature.
    public var droppedJSON: JSONValue {
        .array(dropped.map { .object(["feature": .string($0.feature), "sensitive": .string($0.sensitive), "value": .number($0.value)]) })
    }
}

extension Reweighing {
    /// `{group = {w(y=0), w(y=1)}}`.
    public var weightsJSON: JSONValue { .object(weights.mapValues { .array($0.map(JSONValue.number)) }) }
}

extension AdversarialDebiasing {
    /// Per epoch `{classifier_loss=, adversary_loss=}` (mean cross-entropies).
    public var historyJSON: JSONValue {
        .array(history.map { .object(["classifier_loss": .number($0.classifier), "adversary_loss": .number($0.adversary)]) })
    }
}

extension Reduction {
    /// The Lagrange multipliers of each predictor, `{["+,all,Female"] = λ, …}`.
    public var lambdasJSON: JSONValue {
        .array(lambdaVectors.map { v in .object(Dictionary(uniqueKeysWithValues: zip(constraintNames, v.map(JSONValue.number)))) })
    }
}

extension LFR {
    /// How L-BFGS-B went `{value=, iterations=, evaluations=, stop=, history={f₀, f₁, …}}`, and the fitted
    /// `weights` (k) and `prototypes` (k rows of d); null before fitting.
    public var optimizationJSON: JSONValue {
        guard let o = optimization else { return .null }
        let d = prototypes.count / max(k, 1)
        return .object(["value": .number(o.value), "iterations": .integer(o.iterations), "evaluations": .integer(o.evaluations),
                        "stop": .string(o.stop.rawValue), "history": .array(o.history.map(JSONValue.number)),
                        "weights": .array(weights.map(JSONValue.number)),
                        "prototypes": .array((0..<k).map { j in .array(prototypes[(j * d)..<((j + 1) * d)].map(JSONValue.number)) })])
    }
}
