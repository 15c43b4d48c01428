import Learning

/// Kamiran et al.'s reject-option classification as AIF360 does it: inside a band of half-width
/// `margin` around the threshold, the unprivileged rows get the favourable decision and the privileged
/// rows the unfavourable one. The threshold and margin are chosen on a grid to maximise balanced accuracy
/// while the fairness metric (unprivileged − privileged) stays within the bounds.
public struct RejectOption {
    /// The metric kept within bounds.
    public enum Metric: String, CaseIterable, Sendable {
        case statisticalParity = "statistical_parity"
        case averageOdds = "average_odds"
        case equalOpportunity = "equal_opportunity"
    }

    /// The privileged group's key.
    public let privileged: String
    /// The metric constrained.
    public let metric: Metric
    /// The allowed range of the metric.
    public let bounds: (low: Double, high: Double)
    /// Thresholds tried: from, to, count.
    public let thresholds: (low: Double, high: Double, count: Int)
    /// Margins tried per threshold.
    public let margins: Int
    /// The chosen threshold and margin.
    public private(set) var threshold = Double.nan, margin = Double.nan
    /// Whether the constraint could be met on the fitting data.
    public private(set) var satisfied = false

    /// AIF360's defaults: bounds ±0.05, thresholds 0.01…0.99 in 100 steps, 50 margins.
    public init(privileged: String, metric: Metric = .statisticalParity, bounds: (Double, Double) = (-0.05, 0.05),
                thresholds: (Double, Double, Int) = (0.01, 0.99, 100), margins: Int = 50) throws {
        guard bounds.0 <= bounds.1 else { throw FairnessError.invalid("RejectOption: bounds must be {low, high} with low ≤ high") }
        guard thresholds.2 >= 1, margins >= 1, thresholds.0 > 0, thresholds.1 < 1, thresholds.0 <= thresholds.1 else {
            throw FairnessError.invalid("RejectOption: thresholds must lie in (0, 1) and the counts be positive")
        }
        self.privileged = privileged
        self.metric = metric
        self.bounds = bounds
        self.thresholds = thresholds
        self.margins = margins
    }

    /// numpy.linspace(low, high, count).
    static func linspace(_ low: Double, _ high: Double, _ count: Int) -> [Double] {
        guard count > 1 else { return [low] }
        let step = (high - low) / Double(count - 1)
        return (0..<count).map { $0 == count - 1 ? high : low + Double($0) * step }
    }

    /// Decisions for scores with a given threshold and margin.
    static func decide(_ score: Double, privileged: Bool, threshold: Double, margin: Double) -> Double {
        if score <= threshold + margin && score > threshold - margin { return privileged ? 0 : 1 }
        return score > threshold ? 1 : 0
    }

    /// Searches the grid on validation scores and labels.
    public mutating func fit(scores: [Double], labels: [Double], groups: GroupIndex) throws {
        guard scores.count == labels.count, groups.rowCount == labels.count else {
            throw FairnessError.lengthMismatch("scores", scores.count, "y_true", labels.count)
        }
        let y = try Predictions.binary(labels, name: "y_true")
        let split = try PrivilegedSplit(groups, privileged: privileged)
        // A privileged row is positive iff its score > t + m, an unprivileged one iff score > t − m; with
        // the scores of each (group, label) cell sorted, every grid point is counted by binary search.
        var cells = [[Double]](repeating: [], count: 4)   // [privileged ? 2 : 0 + label]
        for i in scores.indices { cells[(split.privileged[i] ? 2 : 0) + Int(y[i])].append(scores[i]) }
        for k in 0..<4 { cells[k].sort() }
        func above(_ cell: [Double], _ x: Double) -> Double {
            var lo = 0, hi = cell.count
            while lo < hi { let mid = (lo + hi) / 2; if cell[mid] <= x { lo = mid + 1 } else { hi = mid } }
            return Double(cell.count - lo)
        }
        var best: (fair: Double, balanced: Double, threshold: Double, margin: Double)?
        var lowestMetric: (fair: Double, threshold: Double, margin: Double)?
        for t in Self.linspace(thresholds.low, thresholds.high, thresholds.count) {
            for m in Self.linspace(0, t <= 0.5 ? t : 1 - t, margins) {
                // Counts per [privileged][label][decision].
                var c = [Double](repeating: 0, count: 8)
                for (k, cell) in cells.enumerated() {
                    let privileged = k >= 2, label = k % 2
                    let positive = above(cell, privileged ? t + m : t - m)
                    c[(privileged ? 4 : 0) + label * 2 + 1] = positive
                    c[(privileged ? 4 : 0) + label * 2] = Double(cell.count) - positive
                }
                func rate(_ group: Int, _ label: Int?, _ decision: Int) -> Double {
                    let labelsUsed = label.map { [$0] } ?? [0, 1]
                    let hits = labelsUsed.reduce(0.0) { $0 + c[group + $1 * 2 + decision] }
                    let total = labelsUsed.reduce(0.0) { $0 + c[group + $1 * 2] + c[group + $1 * 2 + 1] }
                    return hits / total
                }
                let (u, pv) = (0, 4)
                let fair: Double
                switch metric {
                case .statisticalParity: fair = rate(u, nil, 1) - rate(pv, nil, 1)
                case .averageOdds: fair = 0.5 * ((rate(u, 0, 1) - rate(pv, 0, 1)) + (rate(u, 1, 1) - rate(pv, 1, 1)))
                case .equalOpportunity: fair = rate(u, 1, 1) - rate(pv, 1, 1)
                }
                let tp = c[3] + c[7], fn = c[2] + c[6], tn = c[0] + c[4], fp = c[1] + c[5]
                let balanced = 0.5 * (tp / (tp + fn) + tn / (tn + fp))
                if fair >= bounds.low && fair <= bounds.high && (best == nil || balanced > best?.balanced ?? -.infinity) {
                    best = (fair, balanced, t, m)
                }
                if lowestMetric == nil || fair < lowestMetric?.fair ?? .infinity { lowestMetric = (fair, t, m) }
            }
        }
        if let best {
            (threshold, margin, satisfied) = (best.threshold, best.margin, true)
        } else if let lowestMetric {
            // As AIF360: when no point meets the bounds, the point with the smallest metric is used.
            (threshold, margin, satisfied) = (lowestMetric.threshold, lowestMetric.margin, false)
        }
    }

    /// Decisions for new scores.
    public func predict(scores: [Double], groups: GroupIndex) throws -> [Double] {
        guard !threshold.isNaN else { throw FairnessError.invalid("RejectOption: call fit first") }
        let split = try PrivilegedSplit(groups, privileged: privileged)
        return scores.indices.map { Self.decide(scores[$0], privileged: split.privileged[$0], threshold: threshold, margin: margin) }
    }
}

extension RejectOption: Postprocessor {
    /// The decisions themselves: reject-option classification is deterministic.
    public func probabilities(scores: [Double], groups: GroupIndex) throws -> [Double] { try predict(scores: scores, groups: groups) }

    /// The decisions (`seed` is unused: nothing is drawn).
    public func predict(scores: [Double], groups: GroupIndex, seed: UInt64) throws -> [Double] { try predict(scores: scores, groups: groups) }
}

extension RejectOption: SavablePostprocessor {
    /// Settings: the privileged group and whether the bounds were met; tensor `band`: the critical threshold and the margin.
    public func archive() throws -> EstimatorArchive {
        guard !threshold.isNaN else { throw FairnessError.invalid("RejectOption: call fit first") }
        return EstimatorArchive(kind: "RejectOption", settings: ["privileged": .text(privileged), "satisfied": .bool(satisfied)], tensors: ["band": .float64([threshold, margin])])
    }

    /// The post-processor of `archive`.
    static func unarchive(_ archive: EstimatorArchive) throws -> any SavablePostprocessor {
        var r = try RejectOption(privileged: try archive.text("privileged"))
        let band = try archive.tensor("band").doubles
        guard band.count == 2 else { throw FairnessError.invalid("RejectOption: a threshold and a margin expected, got \(band.count) values") }
        (r.threshold, r.margin, r.satisfied) = (band[0], band[1], archive.settings["satisfied"]?.bool ?? true)
        return r
    }
}
