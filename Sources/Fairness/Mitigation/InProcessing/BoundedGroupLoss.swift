/// Fairlearn's `BoundedGroupLoss`: every group's mean loss E[ℓ(y, h) | g] ≤ ζ, for regression (square or
/// absolute loss on a clipped range) or classification (zero-one loss). The objective is the mean loss; it is
/// a λ-combination of the constraints (λ_g = P(g)), so the per-row weight under λ is λ_g / P(g).
public struct BoundedGroupLoss: ReductionMoment {
    /// The loss, on values clipped to [min, max].
    public enum Loss: Sendable, Equatable {
        /// |y − h| on [0, 1].
        case zeroOne
        /// (y − h)² on [min, max].
        case square(min: Double, max: Double)
        /// |y − h| on [min, max].
        case absolute(min: Double, max: Double)

        /// ℓ(y, h).
        public func callAsFunction(_ y: Double, _ h: Double) -> Double {
            switch self {
            case .zeroOne: return abs(Swift.min(Swift.max(y, 0), 1) - Swift.min(Swift.max(h, 0), 1))
            case let .square(lo, hi):
                let d = Swift.min(Swift.max(y, lo), hi) - Swift.min(Swift.max(h, lo), hi)
                return d * d
            case let .absolute(lo, hi): return abs(Swift.min(Swift.max(y, lo), hi) - Swift.min(Swift.max(h, lo), hi))
            }
        }
    }

    /// The loss.
    public let loss: Loss
    /// ζ, the bound on each group's mean loss.
    public let upperBound: Double
    /// The training targets.
    public let labels: [Double]
    /// Each row's group, the groups' names (sorted) and their shares P(g).
    let groups: [Int32], groupNames: [String], share: [Double]

    /// Loads the constraint.
    public init(_ loss: Loss, upperBound: Double, labels: [Double], groups: GroupIndex) throws {
        guard !labels.isEmpty else { throw FairnessError.invalid("bounded_group_loss: no training rows") }
        guard groups.rowCount == labels.count else { throw FairnessError.lengthMismatch("labels", labels.count, "sensitive", groups.rowCount) }
        guard upperBound.isFinite else { throw FairnessError.invalid("bounded_group_loss: upper_bound must be finite") }
        if case let .square(lo, hi) = loss, !(lo < hi) { throw FairnessError.invalid("bounded_group_loss: the loss range needs min < max") }
        if case let .absolute(lo, hi) = loss, !(lo < hi) { throw FairnessError.invalid("bounded_group_loss: the loss range needs min < max") }
        self.loss = loss
        self.upperBound = upperBound
        self.labels = labels
        self.groups = groups.codes
        groupNames = groups.names
        var counts = [Int](repeating: 0, count: groupNames.count)
        for c in groups.codes { counts[Int(c)] += 1 }
        share = counts.map { Double($0) / Double(labels.count) }
    }

    /// A loss moment: the learner is refitted on the targets themselves, reweighted (Fairlearn's regression path).
    public var isClassification: Bool { false }

    /// Zero-one loss on 0/1 targets scores the learner's 0/1 decisions; the range losses score its values.
    public var predictsDecisions: Bool { loss == .zeroOne && labels.allSatisfy { $0 == 0 || $0 == 1 } }

    public var constraintNames: [String] { groupNames }

    public var bound: [Double] { [Double](repeating: upperBound, count: groupNames.count) }

    /// Each group's mean loss.
    public func gamma(_ h: [Double]) -> [Double] {
        var sum = [Double](repeating: 0, count: groupNames.count), count = sum
        for i in labels.indices {
            sum[Int(groups[i])] += loss(labels[i], h[i])
            count[Int(groups[i])] += 1
        }
        return zip(sum, count).map { $0 / $1 }
    }

    /// The mean loss over all rows.
    public func objective(_ h: [Double]) -> Double {
        var total = 0.0
        for i in labels.indices { total += loss(labels[i], h[i]) }
        return total / Double(labels.count)
    }

    public func projectLambda(_ lambda: [Double]) -> [Double] { lambda }

    /// λ_g / P(g) for a row of group g.
    public func signedWeights(_ lambda: [Double]) -> [Double] {
        let adjust = zip(lambda, share).map { $0 / $1 }
        return groups.map { adjust[Int($0)] }
    }

    /// The mean loss weighs every row 1.
    public func objectiveSignedWeights() -> [Double] { [Double](repeating: 1, count: labels.count) }

    /// One non-negative axis per group, in the order groups first appear.
    public var gridBasis: GridBasis {
        let order = firstAppearance(groups)
        let positive = order.map { g -> [Double] in
            var v = [Double](repeating: 0, count: groupNames.count)
            v[Int(g)] = 1
            return v
        }
        return GridBasis(positive: positive, negative: positive.map { $0.map { _ in 0 } }, negativeAllowed: positive.map { _ in false }, objectiveInSpan: true)
    }
}
