import Datasets

/// A fairness metric updated batch by batch: it keeps per-group confusion counts (its sufficient
/// statistics), so updating in batches or merging shards gives exactly the all-at-once value.
public final class StreamingMetric {
    /// The streaming metrics scripts can create.
    public enum Kind: String, CaseIterable, Sendable {
        case demographicParity = "DemographicParity"
        case equalOpportunity = "EqualOpportunity"
        case equalizedOdds = "EqualizedOdds"
        case disparateImpact = "DisparateImpact"
        case accuracy = "Accuracy"
        case byGroup = "ByGroup"

        /// The value's name, as `get()` reports it.
        var valueName: String {
            switch self {
            case .demographicParity: return "demographic_parity_difference"
            case .equalOpportunity: return "equal_opportunity_difference"
            case .equalizedOdds: return "equalized_odds_difference"
            case .disparateImpact: return "disparate_impact"
            case .accuracy: return "accuracy"
            case .byGroup: return "by_group"
            }
        }
    }

    /// Which metric this is.
    public let kind: Kind
    /// For `ByGroup`: the count-based metrics reported per group.
    public let metrics: [Metric]
    /// Counts per group key, in first-seen order.
    public private(set) var groups: [String] = []
    private var counts: [String: ConfusionCounts] = [:]

    /// An empty metric; `ByGroup` needs count-based metrics.
    public init(_ kind: Kind, metrics: [Metric] = []) throws {
        if kind == .byGroup {
            guard !metrics.isEmpty else { throw FairnessError.invalid("ByGroup: give metrics = {…}") }
            if let bad = metrics.first(where: { !$0.isCountBased }) {
                throw FairnessError.invalid("ByGroup streams confusion counts; '\(bad.name)' needs the rows themselves")
            }
        }
        self.kind = kind
        self.metrics = metrics
    }

    /// Adds a batch of binary labels and decisions with their groups (counted in one pass, then added to
    /// the running counts by group key).
    public func update(yTrue: [Double], yPred: [Double], groups batch: GroupIndex) throws {
        let data = try Predictions(yTrue: yTrue, yPred: yPred)
        guard batch.rowCount == yTrue.count else { throw FairnessError.lengthMismatch("y_true", yTrue.count, "sensitive", batch.rowCount) }
        let perGroup = ConfusionCounts.byGroup(labels: try data.binaryLabels(), decisions: try data.binaryDecisions(),
                                               groups: batch.codes, groupCount: batch.count, weights: nil)
        for (key, c) in zip(batch.names, perGroup) {
            if counts[key] == nil { groups.append(key) }
            counts[key] = (counts[key] ?? ConfusionCounts()) + c
        }
    }

    /// Adds another shard's counts (same kind).
    public func merge(_ other: StreamingMetric) throws {
        guard other.kind == kind else { throw FairnessError.invalid("merge: cannot merge \(other.kind.rawValue) into \(kind.rawValue)") }
        for key in other.groups {
            if counts[key] == nil { groups.append(key); counts[key] = ConfusionCounts() }
            counts[key] = (counts[key] ?? ConfusionCounts()) + (other.counts[key] ?? ConfusionCounts())
        }
    }

    /// Forgets every update.
    public func reset() {
        groups = []
        counts = [:]
    }

    /// The confusion counts of group `key`.
    public func counts(of key: String) -> ConfusionCounts { counts[key] ?? ConfusionCounts() }

    /// The metric's name and value (NaN before any update).
    public func value() -> (name: String, value: Double) {
        let per = groups.sorted().map { counts[$0] ?? ConfusionCounts() }
        func spread(_ rate: (ConfusionCounts) -> Double) -> Double {
            MetricFrame.difference(per.map(rate), overall: .nan, .betweenGroups)
        }
        switch kind {
        case .demographicParity: return (kind.valueName, spread(\.selectionRate))
        case .equalOpportunity: return (kind.valueName, spread(\.tpr))
        case .equalizedOdds:
            let a = spread(\.tpr), b = spread(\.fpr)
            return (kind.valueName, a.isNaN || b.isNaN ? .nan : max(a, b))
        case .disparateImpact: return (kind.valueName, MetricFrame.ratio(per.map(\.selectionRate), overall: .nan, .betweenGroups))
        case .accuracy, .byGroup: return (kind.valueName, per.reduce(ConfusionCounts(), +).accuracy)
        }
    }

    /// For `ByGroup`: each group's metric values, groups sorted by key.
    public func byGroup() throws -> [(group: String, values: [Double])] {
        try groups.sorted().map { key in
            let c = counts[key] ?? ConfusionCounts()
            return (key, try metrics.map { metric -> Double in
                guard case let .counts(f) = metric.kind else { return .nan }
                return try f(c)
            })
        }
    }

    /// The sufficient statistics: kind, metric names and `[tp, fp, tn, fn]` per group.
    public var state: (kind: String, metrics: [String], groups: [(String, [Int])]) {
        (kind.rawValue, metrics.map(\.name), groups.map { key in
            let c = counts[key] ?? ConfusionCounts()
            return (key, [c.tp, c.fp, c.tn, c.fn])
        })
    }

    /// A metric restored from `state` (metric names resolved by `lookup`).
    public convenience init(state kind: String, metrics names: [String], groups: [(String, [Int])],
                            lookup: (String) throws -> Metric) throws {
        guard let k = Kind(rawValue: kind) else {
            throw FairnessError.invalid("from_state: unknown kind '\(kind)'; kinds: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try self.init(k, metrics: try names.map(lookup))
        for (key, cells) in groups {
            guard cells.count == 4, cells.allSatisfy({ $0 >= 0 }) else {
                throw FairnessError.invalid("from_state: group '\(key)' needs four counts [tp, fp, tn, fn] ≥ 0")
            }
            var c = ConfusionCounts()
            c.tp = cells[0]; c.fp = cells[1]; c.tn = cells[2]; c.fn = cells[3]
            c.wtp = Double(c.tp); c.wfp = Double(c.fp); c.wtn = Double(c.tn); c.wfn = Double(c.fn)
            if counts[key] == nil { self.groups.append(key) }
            counts[key] = c
        }
    }
}

extension StreamingMetric: CustomStringConvertible {
    /// `DemographicParity: demographic_parity_difference = 0.12 (2 groups)`.
    public var description: String {
        let (name, value) = self.value()
        return "\(kind.rawValue): \(name) = \(formatNumber(value)) (\(groups.count) groups)"
    }
}
