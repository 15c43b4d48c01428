/// A binary confusion matrix: counts in `Int`, sample weights summed in `Double`.
public struct ConfusionCounts: Equatable, Sendable, Codable {
    /// Row counts: true positives, false positives, true negatives, false negatives.
    public var tp = 0, fp = 0, tn = 0, fn = 0
    /// The same cells summed over sample weights (equal to the counts without weights).
    public var wtp = 0.0, wfp = 0.0, wtn = 0.0, wfn = 0.0

    /// An empty matrix.
    public init() {}

    /// The number of rows.
    public var n: Int { tp + fp + tn + fn }

    /// Adds one row (label and decision 0 or 1) with weight `w`.
    @inline(__always) public mutating func add(label: Int, decision: Int, weight w: Double = 1) {
        switch (label, decision) {
        case (1, 1): tp += 1; wtp += w
        case (0, 1): fp += 1; wfp += w
        case (0, 0): tn += 1; wtn += w
        default: fn += 1; wfn += w
        }
    }

    /// Both matrices' rows together.
    public static func + (a: ConfusionCounts, b: ConfusionCounts) -> ConfusionCounts {
        var c = a
        c.tp += b.tp; c.fp += b.fp; c.tn += b.tn; c.fn += b.fn
        c.wtp += b.wtp; c.wfp += b.wfp; c.wtn += b.wtn; c.wfn += b.wfn
        return c
    }

    /// `a / b`, NaN when b is 0 (a rate with an empty denominator is undefined, never 0).
    @inline(__always) static func rate(_ a: Double, _ b: Double) -> Double { b == 0 ? .nan : a / b }

    /// Weighted total.
    public var total: Double { wtp + wfp + wtn + wfn }
    /// Share of positive decisions.
    public var selectionRate: Double { Self.rate(wtp + wfp, total) }
    /// Share of positive labels.
    public var baseRate: Double { Self.rate(wtp + wfn, total) }
    /// Share of correct decisions.
    public var accuracy: Double { Self.rate(wtp + wtn, total) }
    /// Share of wrong decisions.
    public var errorRate: Double { Self.rate(wfp + wfn, total) }
    /// True positive rate (recall).
    public var tpr: Double { Self.rate(wtp, wtp + wfn) }
    /// True negative rate (specificity).
    public var tnr: Double { Self.rate(wtn, wtn + wfp) }
    /// False positive rate.
    public var fpr: Double { Self.rate(wfp, wfp + wtn) }
    /// False negative rate.
    public var fnr: Double { Self.rate(wfn, wfn + wtp) }
    /// Positive predictive value (precision).
    public var ppv: Double { Self.rate(wtp, wtp + wfp) }
    /// Negative predictive value.
    public var npv: Double { Self.rate(wtn, wtn + wfn) }
    /// False discovery rate.
    public var fdr: Double { Self.rate(wfp, wfp + wtp) }
    /// False omission rate.
    public var falseOmissionRate: Double { Self.rate(wfn, wfn + wtn) }
    /// Harmonic mean of precision and recall.
    public var f1: Double { Self.rate(2 * wtp, 2 * wtp + wfp + wfn) }
    /// Matthews correlation coefficient (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)) (Matthews 1975), NaN
    /// when a margin is empty.
    public var mcc: Double {
        let d = ((wtp + wfp) * (wtp + wfn) * (wtn + wfp) * (wtn + wfn)).squareRoot()
        return Self.rate(wtp * wtn - wfp * wfn, d)
    }
    /// The mean of the recalls of the classes present (scikit-learn's convention when a class is absent).
    public var balancedAccuracy: Double {
        let recalls = [tpr, tnr].filter { !$0.isNaN }
        return recalls.isEmpty ? .nan : recalls.reduce(0, +) / Double(recalls.count)
    }

    /// Per-group matrices in one pass over the rows.
    public static func byGroup(labels: [UInt8], decisions: [UInt8], groups: [Int32], groupCount: Int,
                               weights: [Double]?) -> [ConfusionCounts] {
        var cells = [Int](repeating: 0, count: groupCount * 4)
        var wcells = [Double](repeating: 0, count: groupCount * 4)
        labels.withUnsafeBufferPointer { y in
            decisions.withUnsafeBufferPointer { p in
                groups.withUnsafeBufferPointer { g in
                    cells.withUnsafeMutableBufferPointer { c in
                        for i in 0..<y.count { c[Int(g[i]) &* 4 &+ Int(y[i]) &* 2 &+ Int(p[i])] &+= 1 }
                    }
                    if let weights {
                        weights.withUnsafeBufferPointer { w in
                            wcells.withUnsafeMutableBufferPointer { c in
                                for i in 0..<y.count { c[Int(g[i]) &* 4 &+ Int(y[i]) &* 2 &+ Int(p[i])] += w[i] }
                            }
                        }
                    }
                }
            }
        }
        if weights == nil { wcells = cells.map(Double.init) }
        return (0..<groupCount).map { g in
            var c = ConfusionCounts()
            c.tn = cells[g * 4]; c.fp = cells[g * 4 + 1]; c.fn = cells[g * 4 + 2]; c.tp = cells[g * 4 + 3]
            c.wtn = wcells[g * 4]; c.wfp = wcells[g * 4 + 1]; c.wfn = wcells[g * 4 + 2]; c.wtp = wcells[g * 4 + 3]
            return c
        }
    }
}
