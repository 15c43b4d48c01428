import Tensors

/// A constraint of the reductions approach (Agarwal et al. 2018; Fairlearn's `Moment`) loaded with one
/// training set: a vector γ(h) of constraint values for predictions h, each to stay below its bound, the
/// objective (error or mean loss) the reduction minimises, and the per-row costs that turn a vector of
/// Lagrange multipliers λ into a weighted (and, for classification, relabelled) learning problem.
public protocol ReductionMoment: Sendable {
    /// Whether predictions are 0/1 decisions (classification) or real values (regression).
    var isClassification: Bool { get }
    /// Whether the learner's output is scored as 0/1 decisions (probability ≥ ½) rather than as a value.
    var predictsDecisions: Bool { get }
    /// The training labels.
    var labels: [Double] { get }
    /// One name per constraint, in the order of γ, the bounds and λ (e.g. `+,all,Female`).
    var constraintNames: [String] { get }
    /// Each constraint's bound.
    var bound: [Double] { get }
    /// γ(h): the constraint values of predictions `h` (one per training row; fractions allowed).
    func gamma(_ h: [Double]) -> [Double]
    /// The objective of predictions `h`: the error rate, or the mean loss.
    func objective(_ h: [Double]) -> Double
    /// λ moved to the equivalent vector that the Lagrangian is evaluated with.
    func projectLambda(_ lambda: [Double]) -> [Double]
    /// The per-row cost of predicting 1 (classification) or the per-row weight (regression) under λ.
    func signedWeights(_ lambda: [Double]) -> [Double]
    /// The objective's own per-row costs.
    func objectiveSignedWeights() -> [Double]
    /// The directions along which grid search spreads its λ vectors.
    var gridBasis: GridBasis { get }
}

/// The grid search's axes: each column a direction in λ-space (one entry per constraint), with a
/// negative counterpart where allowed, and whether the objective lies in their span.
public struct GridBasis: Sendable {
    /// Positive directions, one array per axis.
    public let positive: [[Double]]
    /// Negative directions, one array per axis.
    public let negative: [[Double]]
    /// Whether each axis may take negative coefficients.
    public let negativeAllowed: [Bool]
    /// Whether the objective is a λ combination of the constraints (bounded group loss), so that grid points are
    /// normalised and the objective's weights are not added.
    public let objectiveInSpan: Bool
}

/// A named constraint with its bound, to be loaded with data.
public enum ReductionConstraint: Sendable, Equatable {
    /// One of the utility-parity constraints, |group rate − overall rate| ≤ `differenceBound`.
    case parity(UtilityParity.Kind, differenceBound: Double)
    /// Every group's mean loss ≤ `upperBound`.
    case boundedGroupLoss(BoundedGroupLoss.Loss, upperBound: Double)

    /// The names accepted by `named`.
    public static let names = UtilityParity.Kind.allCases.map(\.rawValue) + ["bounded_group_loss"]

    /// The constraint called `name`: parity constraints take `bound` as the difference bound; bounded group
    /// loss takes `upperBound` (required) and `loss`.
    public static func named(_ name: String, bound: Double, upperBound: Double?, loss: BoundedGroupLoss.Loss) throws -> ReductionConstraint {
        if let kind = UtilityParity.Kind(rawValue: name) { return .parity(kind, differenceBound: bound) }
        guard name == "bounded_group_loss" else {
            throw FairnessError.invalid("unknown constraint '\(name)'; constraints: \(names.joined(separator: ", "))")
        }
        guard let upperBound else { throw FairnessError.invalid("bounded_group_loss needs an upper_bound on each group's loss") }
        return .boundedGroupLoss(loss, upperBound: upperBound)
    }

    /// The constraint loaded for a reduction's fit, after checking that `x` is rows × features with one row per label.
    func load(x: Tensor, labels: [Double], groups: GroupIndex, method: String) throws -> ReductionMoment {
        guard x.dim == 2, x.shape[0] == labels.count else {
            throw FairnessError.invalid("\(method): X must be rows × features with one row per label (X \(x.shape), \(labels.count) labels)")
        }
        return try load(labels: labels, groups: groups)
    }

    /// The constraint loaded with labels and groups.
    public func load(labels: [Double], groups: GroupIndex) throws -> ReductionMoment {
        switch self {
        case let .parity(kind, bound): return try UtilityParity(kind, differenceBound: bound, labels: labels, groups: groups)
        case let .boundedGroupLoss(loss, bound): return try BoundedGroupLoss(loss, upperBound: bound, labels: labels, groups: groups)
        }
    }
}

/// Fairlearn's `UtilityParity` family: for each event e (every row, or the rows of one label) and group g,
/// the constraints ±(E[u(h) | e, g] − E[u(h) | e]) ≤ ε, where u(h) is the decision (demographic parity,
/// TPR, FPR, equalised odds) or the error indicator (error-rate parity). The objective is the error rate.
public struct UtilityParity: ReductionMoment {
    /// The member of the family.
    public enum Kind: String, Sendable, CaseIterable {
        /// P(h = 1 | g) equal across groups.
        case demographicParity = "demographic_parity"
        /// P(h = 1 | y, g) equal across groups for y = 0 and y = 1.
        case equalizedOdds = "equalized_odds"
        /// P(h = 1 | y = 1, g) equal across groups.
        case truePositiveRateParity = "true_positive_rate_parity"
        /// P(h = 1 | y = 0, g) equal across groups.
        case falsePositiveRateParity = "false_positive_rate_parity"
        /// P(h ≠ y | g) equal across groups.
        case errorRateParity = "error_rate_parity"
    }

    /// The member of the family.
    public let kind: Kind
    /// ε, the allowed difference.
    public let differenceBound: Double
    /// The 0/1 training labels.
    public let labels: [Double]
    public var isClassification: Bool { true }
    public var predictsDecisions: Bool { true }
    /// Each row's event (index into `eventNames`), −1 for rows outside every event.
    let events: [Int32]
    /// The events, sorted (Fairlearn's `all`, `label=0`, `label=1`).
    let eventNames: [String]
    /// Each row's group, and the groups' names (sorted).
    let groups: [Int32], groupNames: [String]
    /// u(h) = base + slope·h per row.
    let base: [Double], slope: [Double]
    /// P(e) and P(e, g) (index e·G + g), as fractions of all rows.
    let probEvent: [Double], probGroupEvent: [Double]

    /// Loads the constraint; a label-conditioned constraint needs every group to have rows of that label.
    public init(_ kind: Kind, differenceBound: Double, labels: [Double], groups: GroupIndex) throws {
        let n = labels.count
        let (events, eventNames): ([Int32], [String])
        switch kind {
        case .demographicParity, .errorRateParity: (events, eventNames) = ([Int32](repeating: 0, count: n), ["all"])
        case .truePositiveRateParity: (events, eventNames) = (labels.map { $0 == 1 ? 0 : -1 }, ["label=1"])
        case .falsePositiveRateParity: (events, eventNames) = (labels.map { $0 == 0 ? 0 : -1 }, ["label=0"])
        case .equalizedOdds: (events, eventNames) = (labels.map { $0 == 1 ? 1 : 0 }, ["label=0", "label=1"])
        }
        try self.init(kind, differenceBound: differenceBound, labels: labels, groups: groups, events: events, eventNames: eventNames)
    }

    /// The constraint over given events (each row's index into `eventNames`, −1 for none): `FairRegression`'s
    /// demographic parity of the threshold classifiers, one event per threshold.
    init(_ kind: Kind, differenceBound: Double, labels: [Double], groups: GroupIndex, events: [Int32], eventNames: [String]) throws {
        let n = labels.count
        guard n > 0 else { throw FairnessError.invalid("\(kind.rawValue): no training rows") }
        guard groups.rowCount == n else { throw FairnessError.lengthMismatch("labels", n, "sensitive", groups.rowCount) }
        if labels.contains(where: { $0 != 0 && $0 != 1 }) { throw FairnessError.notBinary("labels", Array(Set(labels)).sorted()) }
        self.kind = kind
        self.differenceBound = differenceBound
        self.labels = labels
        self.groups = groups.codes
        groupNames = groups.names
        self.events = events
        self.eventNames = eventNames
        if kind == .errorRateParity {
            base = labels
            slope = labels.map { 1 - 2 * $0 }
        } else {
            base = [Double](repeating: 0, count: n)
            slope = [Double](repeating: 1, count: n)
        }
        let g = groupNames.count, e = eventNames.count
        var eventCount = [Int](repeating: 0, count: e), cellCount = [Int](repeating: 0, count: e * g)
        for i in 0..<n where events[i] >= 0 {
            eventCount[Int(events[i])] += 1
            cellCount[Int(events[i]) * g + Int(self.groups[i])] += 1
        }
        for ev in 0..<e {
            if let empty = (0..<g).first(where: { cellCount[ev * g + $0] == 0 }) {
                throw FairnessError.invalid("\(kind.rawValue) needs rows with \(eventNames[ev].replacing("=", with: " ")) in every group, but group '\(groupNames[empty])' has none")
            }
        }
        probEvent = eventCount.map { Double($0) / Double(n) }
        probGroupEvent = cellCount.map { Double($0) / Double(n) }
    }

    /// Constraints per sign (events × groups); constraint k < cells is `+`, the rest `−`.
    var cells: Int { eventNames.count * groupNames.count }

    public var constraintNames: [String] {
        ["+", "-"].flatMap { sign in eventNames.flatMap { e in groupNames.map { "\(sign),\(e),\($0)" } } }
    }

    public var bound: [Double] { [Double](repeating: differenceBound, count: 2 * cells) }

    public func gamma(_ h: [Double]) -> [Double] {
        let g = groupNames.count, n = Double(labels.count)
        var eventSum = [Double](repeating: 0, count: eventNames.count), cellSum = [Double](repeating: 0, count: cells)
        for i in labels.indices where events[i] >= 0 {
            let u = base[i] + slope[i] * h[i]
            eventSum[Int(events[i])] += u
            cellSum[Int(events[i]) * g + Int(groups[i])] += u
        }
        var out = [Double](repeating: 0, count: 2 * cells)
        for k in 0..<cells {
            let plus = (cellSum[k] / probGroupEvent[k] - eventSum[k / g] / probEvent[k / g]) / n
            out[k] = plus
            out[cells + k] = -plus
        }
        return out
    }

    /// The error rate Σ|y − h| / n.
    public func objective(_ h: [Double]) -> Double {
        var total = 0.0
        for i in labels.indices { total += abs(labels[i] - h[i]) }
        return total / Double(labels.count)
    }

    /// Fairlearn's projection: λ⁺ − λ⁻ per cell, shifted within each event by P(g | e) times the weighted
    /// median of λ/P(g | e), then split back into its positive and negative parts.
    public func projectLambda(_ lambda: [Double]) -> [Double] {
        let g = groupNames.count
        var out = [Double](repeating: 0, count: 2 * cells)
        for ev in 0..<eventNames.count {
            let range = (ev * g)..<(ev * g + g)
            let share = range.map { probGroupEvent[$0] / probEvent[ev] }
            let signed = range.map { lambda[$0] - lambda[cells + $0] }
            let normalised = zip(signed, share).map { $0 / $1 }
            let order = normalised.indices.sorted { normalised[$0] < normalised[$1] || (normalised[$0] == normalised[$1] && $0 < $1) }
            let half = share.reduce(0, +) / 2
            var cumulative = 0.0, median = order.last ?? 0
            for j in order {
                cumulative += share[j]
                if cumulative >= half { median = j; break }
            }
            let shift = normalised[median]
            for (j, k) in range.enumerated() {
                let value = signed[j] - share[j] * shift
                out[k] = max(value, 0)
                out[cells + k] = max(-value, 0)
            }
        }
        return out
    }

    public func signedWeights(_ lambda: [Double]) -> [Double] {
        let g = groupNames.count
        // Per event: Σ_g (λ⁺ − λ⁻) / P(e); per cell: (λ⁻ − λ⁺) / P(e, g).
        var eventTerm = [Double](repeating: 0, count: eventNames.count), cellTerm = [Double](repeating: 0, count: cells)
        for k in 0..<cells {
            eventTerm[k / g] += (lambda[k] - lambda[cells + k]) / probEvent[k / g]
            cellTerm[k] = (lambda[cells + k] - lambda[k]) / probGroupEvent[k]
        }
        return labels.indices.map { i in
            guard events[i] >= 0 else { return 0 }
            return slope[i] * (eventTerm[Int(events[i])] + cellTerm[Int(events[i]) * g + Int(groups[i])])
        }
    }

    /// The error rate's costs 2y − 1.
    public func objectiveSignedWeights() -> [Double] { labels.map { 2 * $0 - 1 } }

    /// One axis per event and group but the group that appears last in the data (events and groups in the
    /// order they first appear, as Fairlearn), each allowed both signs.
    public var gridBasis: GridBasis {
        let g = groupNames.count
        let eventOrder = firstAppearance(events.filter { $0 >= 0 }), groupOrder = firstAppearance(groups)
        var positive: [[Double]] = [], negative: [[Double]] = []
        for e in eventOrder {
            for group in groupOrder.dropLast() {
                var p = [Double](repeating: 0, count: 2 * cells), m = p
                p[Int(e) * g + Int(group)] = 1
                m[cells + Int(e) * g + Int(group)] = 1
                positive.append(p)
                negative.append(m)
            }
        }
        return GridBasis(positive: positive, negative: negative, negativeAllowed: positive.map { _ in true }, objectiveInSpan: false)
    }
}

/// The distinct codes in the order they first appear.
func firstAppearance(_ codes: [Int32]) -> [Int32] {
    var seen = Set<Int32>(), out: [Int32] = []
    for c in codes where seen.insert(c).inserted { out.append(c) }
    return out
}
