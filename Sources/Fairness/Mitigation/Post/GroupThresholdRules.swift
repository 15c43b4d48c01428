import Learning
import Tensors

/// Per-group threshold rules (ThresholdOptimizer's and ConstrainedThresholds'), applied to new scores: what
/// both fit, and what a model file keeps of either.
public struct GroupThresholdRules: Sendable {
    /// The method that fitted the rules, for messages ("ThresholdOptimizer").
    public let method: String
    /// Each group's rule by its key.
    public let rules: [String: ThresholdOptimizer.Rule]
    /// Whether every row takes a seeded draw (ThresholdOptimizer), or only rows whose probability is strictly
    /// between 0 and 1 (ConstrainedThresholds).
    public let drawsEveryRow: Bool

    /// Rules fitted by `method`.
    public init(method: String, rules: [String: ThresholdOptimizer.Rule], drawsEveryRow: Bool) {
        self.method = method
        self.rules = rules
        self.drawsEveryRow = drawsEveryRow
    }

    /// P(decision = 1) for each row; a group not seen when fitting is an error.
    public func probabilities(scores: [Double], groups: GroupIndex) throws -> [Double] {
        guard !rules.isEmpty else { throw FairnessError.invalid("\(method): call fit first") }
        guard groups.rowCount == scores.count else { throw FairnessError.lengthMismatch("scores", scores.count, "sensitive", groups.rowCount) }
        let byCode = try groups.names.map { key -> ThresholdOptimizer.Rule? in
            if let r = rules[key] { return r }
            guard groups.codes.contains(where: { groups.names[Int($0)] == key }) else { return nil }
            throw FairnessError.invalid("\(method): group '\(key)' was not seen when fitting; fitted groups: \(rules.keys.sorted().joined(separator: ", "))")
        }
        return scores.indices.map { byCode[Int(groups.codes[$0])]?.probability(scores[$0]) ?? .nan }
    }

    /// 0/1 decisions: 1 when a seeded uniform draw is at most the probability.
    public func predict(scores: [Double], groups: GroupIndex, seed: UInt64) throws -> [Double] {
        var rng = RandomGenerator(seed: seed)
        return try probabilities(scores: scores, groups: groups).map { p in
            !drawsEveryRow && (p == 0 || p == 1) ? p : (p >= rng.uniformDouble() ? 1 : 0)
        }
    }
}

extension GroupThresholdRules: SavablePostprocessor {
    /// Loaded rules are fitted already.
    public mutating func fit(scores: [Double], labels: [Double], groups: GroupIndex) throws {
        throw FairnessError.invalid("\(method) rules loaded from a model file are fitted already")
    }

    /// Settings: the method, the group keys and the drawing rule; tensor `rules`: per group p0, operation0's
    /// direction (1 for >) and threshold, p1, operation1's direction and threshold, pIgnore, constant (±∞ kept).
    public func archive() throws -> EstimatorArchive {
        guard !rules.isEmpty else { throw FairnessError.invalid("\(method): call fit first") }
        let keys = rules.keys.sorted()
        let values = keys.compactMap { rules[$0] }.flatMap { r -> [Double] in [r.p0, r.operation0.greater ? 1 : 0, r.operation0.threshold, r.p1, r.operation1.greater ? 1 : 0, r.operation1.threshold, r.pIgnore, r.constant]
        }
        return EstimatorArchive(kind: "GroupThresholdRules", settings: ["method": .text(method), "groups": .list(keys.map { .text($0) }),
                                                                        "draws_every_row": .bool(drawsEveryRow)],
                                tensors: ["rules": .float64(values)])
    }

    /// The rules of `archive`.
    static func unarchive(_ archive: EstimatorArchive) throws -> any SavablePostprocessor {
        guard let keys = archive.settings["groups"]?.list?.compactMap(\.text), let method = archive.settings["method"]?.text else {
            throw FairnessError.invalid("GroupThresholdRules: the settings 'method' and 'groups' are missing")
        }
        let v = try archive.tensor("rules").doubles
        guard v.count == keys.count * 8, !keys.isEmpty else { throw FairnessError.invalid("GroupThresholdRules: \(v.count) values for \(keys.count) groups") }
        var rules: [String: ThresholdOptimizer.Rule] = [:]
        for (g, key) in keys.enumerated() {
            let r = Array(v[(g * 8)..<(g * 8 + 8)])
            rules[key] = ThresholdOptimizer.Rule(p0: r[0], operation0: .init(greater: r[1] == 1, threshold: r[2]), p1: r[3],
                                                 operation1: .init(greater: r[4] == 1, threshold: r[5]), pIgnore: r[6], constant: r[7])
        }
        return GroupThresholdRules(method: method, rules: rules, drawsEveryRow: archive.settings["draws_every_row"]?.bool ?? true)
    }
}
