import Learning
import Tensors

/// The two groups AIF360's post-processors compare: the privileged group and every other row.
struct PrivilegedSplit {
    /// Whether each row is privileged.
    let privileged: [Bool]

    init(_ groups: GroupIndex, privileged: String) throws {
        let k = Int32(try groups.index(ofPrivileged: privileged))
        self.privileged = groups.codes.map { $0 == k }
    }

    /// The rows of the privileged (true) or the other (false) group.
    func rows(_ which: Bool) -> [Int] { privileged.indices.filter { privileged[$0] == which } }
}

/// Hardt et al.'s equalized-odds post-processing as AIF360's EqOddsPostprocessing does it: per group, the
/// probabilities of keeping a positive decision (p2p) and of turning a negative one positive (n2p), from a
/// four-variable linear programme that equalises TPR and FPR at the least error. Solved exactly here by
/// enumerating the programme's vertices.
public struct EqOddsPostprocessing {
    /// The privileged group's key.
    public let privileged: String
    /// Mixing rates after `fit`: privileged p2p, privileged n2p, other p2p, other n2p.
    public private(set) var rates: [Double] = []

    /// A post-processor comparing `privileged` with every other row.
    public init(privileged: String) { self.privileged = privileged }

    /// Solves the programme from validation decisions (scores ≥ 0.5) and labels.
    public mutating func fit(scores: [Double], labels: [Double], groups: GroupIndex) throws {
        guard scores.count == labels.count, groups.rowCount == labels.count else {
            throw FairnessError.lengthMismatch("scores", scores.count, "y_true", labels.count)
        }
        let y = try Predictions.binary(labels, name: "y_true")
        let p = scores.map { $0 >= 0.5 }
        let split = try PrivilegedSplit(groups, privileged: privileged)
        func terms(_ rows: [Int], name: String) throws -> (tp: Double, fn: Double, fp: Double, tn: Double, base: Double) {
            let n = Double(rows.count)
            guard n > 0 else { throw FairnessError.invalid("EqOdds: group '\(name)' has no rows") }
            var tp = 0.0, fn = 0.0, fp = 0.0, tn = 0.0
            for i in rows {
                switch (y[i] == 1, p[i]) {
                case (true, true): tp += 1
                case (true, false): fn += 1
                case (false, true): fp += 1
                case (false, false): tn += 1
                }
            }
            let base = (tp + fn) / n
            guard base > 0 && base < 1 else { throw FairnessError.invalid("EqOdds: group '\(name)' has only one label value") }
            return (tp / n, fn / n, fp / n, tn / n, base)
        }
        let s = try terms(split.rows(true), name: privileged), o = try terms(split.rows(false), name: "not \(privileged)")
        let (sbr, obr) = (s.base, o.base)
        // Rates within each group, as AIF360 computes them from its ClassificationMetric.
        let fpr0 = s.fp / (s.fp + s.tn), fnr0 = s.fn / (s.fn + s.tp), tpr0 = 1 - fnr0, tnr0 = 1 - fpr0
        let fpr1 = o.fp / (o.fp + o.tn), fnr1 = o.fn / (o.fn + o.tp), tpr1 = 1 - fnr1, tnr1 = 1 - fpr1
        let c = [fpr0 - tpr0, tnr0 - fnr0, fpr1 - tpr1, tnr1 - fnr1]
        // Equal TPR and equal FPR after mixing: (tp·p2p + fn·n2p) / P is the same in both groups, and so
        // is (fp·p2p + tn·n2p) / N.
        let a = [[s.tp / sbr, s.fn / sbr, -o.tp / obr, -o.fn / obr],
                 [s.fp / (1 - sbr), s.tn / (1 - sbr), -o.fp / (1 - obr), -o.tn / (1 - obr)]]
        rates = try Self.minimize(c, a, [0, 0])
    }

    /// Minimises c·x subject to A x = b (two rows) and 0 ≤ x ≤ 1 (four variables) by checking every
    /// vertex: two variables at a bound, the other two solved from the equalities.
    static func minimize(_ c: [Double], _ a: [[Double]], _ b: [Double]) throws -> [Double] {
        var best: [Double]?, bestValue = Double.infinity
        for i in 0..<4 { for j in (i + 1)..<4 {
            let free = (0..<4).filter { $0 != i && $0 != j }
            for bi in [0.0, 1.0] { for bj in [0.0, 1.0] {
                let r0 = b[0] - a[0][i] * bi - a[0][j] * bj, r1 = b[1] - a[1][i] * bi - a[1][j] * bj
                let m00 = a[0][free[0]], m01 = a[0][free[1]], m10 = a[1][free[0]], m11 = a[1][free[1]]
                let det = m00 * m11 - m01 * m10
                guard abs(det) > 1e-14 else { continue }
                var x = [Double](repeating: 0, count: 4)
                x[i] = bi; x[j] = bj
                x[free[0]] = (r0 * m11 - m01 * r1) / det
                x[free[1]] = (m00 * r1 - r0 * m10) / det
                guard x.allSatisfy({ $0 >= -1e-12 && $0 <= 1 + 1e-12 }) else { continue }
                x = x.map { min(max($0, 0), 1) }
                let value = zip(c, x).reduce(0) { $0 + $1.0 * $1.1 }
                if value < bestValue - 1e-15 { bestValue = value; best = x }
            } }
        } }
        guard let best else { throw FairnessError.invalid("EqOdds: the linear programme has no feasible solution") }
        return best
    }

    /// P(decision = 1) per row: p2p for a positive decision, n2p for a negative one, by group.
    public func probabilities(scores: [Double], groups: GroupIndex) throws -> [Double] {
        guard rates.count == 4 else { throw FairnessError.invalid("EqOdds: call fit first") }
        let split = try PrivilegedSplit(groups, privileged: privileged)
        return scores.indices.map { i in
            let base = split.privileged[i] ? 0 : 2
            return scores[i] >= 0.5 ? rates[base] : rates[base + 1]
        }
    }

    /// Decisions as AIF360 makes them: in each group, a seeded random int(count × rate) of the negative
    /// decisions become positive and int(count × (1 − p2p)) of the positive ones become negative.
    public func predict(scores: [Double], groups: GroupIndex, seed: UInt64) throws -> [Double] {
        guard rates.count == 4 else { throw FairnessError.invalid("EqOdds: call fit first") }
        let split = try PrivilegedSplit(groups, privileged: privileged)
        var out = scores.map { $0 >= 0.5 ? 1.0 : 0.0 }
        var rng = RandomGenerator(seed: seed)
        for (which, base) in [(true, 0), (false, 2)] {
            let rows = split.rows(which)
            var positive = rows.filter { out[$0] == 1 }, negative = rows.filter { out[$0] == 0 }
            positive = rng.permutation(positive.count).map { positive[$0] }
            negative = rng.permutation(negative.count).map { negative[$0] }
            for i in negative.prefix(Int(Double(negative.count) * rates[base + 1])) { out[i] = 1 }
            for i in positive.prefix(Int(Double(positive.count) * (1 - rates[base]))) { out[i] = 0 }
        }
        return out
    }
}

/// Pleiss et al.'s calibrated equalized odds as AIF360 does it: the group with the lower cost (generalized
/// FPR, FNR or their weighted sum) is mixed with its trivial classifier (its base rate) until the costs
/// match; scores stay calibrated.
public struct CalibratedEqOdds {
    /// "fpr", "fnr" or "weighted".
    public let cost: String
    /// The privileged group's key.
    public let privileged: String
    /// Mixing rates after fit: privileged, other.
    public private(set) var mixRates: (privileged: Double, other: Double) = (.nan, .nan)
    /// Base rates after fit: privileged, other.
    public private(set) var baseRates: (privileged: Double, other: Double) = (.nan, .nan)

    /// A post-processor with cost constraint `cost`.
    public init(cost: String = "weighted", privileged: String) throws {
        guard ["fpr", "fnr", "weighted"].contains(cost) else {
            throw FairnessError.invalid("CalibratedEqOdds: cost must be 'fpr', 'fnr' or 'weighted', got '\(cost)'")
        }
        self.cost = cost
        self.privileged = privileged
    }

    /// The group's cost of scores `s` against labels `y` on `rows`.
    func cost(_ s: (Int) -> Double, _ y: [UInt8], _ rows: [Int], base: Double) -> Double {
        let negatives = rows.filter { y[$0] == 0 }, positives = rows.filter { y[$0] == 1 }
        let gfpr = negatives.reduce(0) { $0 + s($1) } / Double(negatives.count)
        let gfnr = positives.reduce(0) { $0 + (1 - s($1)) } / Double(positives.count)
        switch cost {
        case "fpr": return gfpr
        case "fnr": return gfnr
        default: return 0.5 * gfpr * (1 - base) + 0.5 * gfnr * base
        }
    }

    /// Learns the mixing rates from validation scores and labels.
    public mutating func fit(scores: [Double], labels: [Double], groups: GroupIndex) throws {
        guard scores.count == labels.count, groups.rowCount == labels.count else {
            throw FairnessError.lengthMismatch("scores", scores.count, "y_true", labels.count)
        }
        let y = try Predictions.binary(labels, name: "y_true")
        let split = try PrivilegedSplit(groups, privileged: privileged)
        let rows = (split.rows(true), split.rows(false))
        func base(_ r: [Int]) throws -> Double {
            let b = Double(r.reduce(0) { $0 + Int(y[$1]) }) / Double(r.count)
            guard b > 0 && b < 1 else { throw FairnessError.invalid("CalibratedEqOdds: a group has only one label value (or no rows)") }
            return b
        }
        let bp = try base(rows.0), bo = try base(rows.1)
        let priv = cost({ scores[$0] }, y, rows.0, base: bp), other = cost({ scores[$0] }, y, rows.1, base: bo)
        let privTrivial = cost({ _ in bp }, y, rows.0, base: bp), otherTrivial = cost({ _ in bo }, y, rows.1, base: bo)
        let otherCostsMore = other > priv
        mixRates = (otherCostsMore ? (other - priv) / (privTrivial - priv) : 0, otherCostsMore ? 0 : (priv - other) / (otherTrivial - other))
        baseRates = (bp, bo)
    }

    /// P(decision = 1) per row: with probability min(mix, 1) the group's base rate decides, else the score.
    public func probabilities(scores: [Double], groups: GroupIndex, threshold: Double = 0.5) throws -> [Double] {
        guard !mixRates.privileged.isNaN else { throw FairnessError.invalid("CalibratedEqOdds: call fit first") }
        let split = try PrivilegedSplit(groups, privileged: privileged)
        return scores.indices.map { i in
            let (m, b) = split.privileged[i] ? (mixRates.privileged, baseRates.privileged) : (mixRates.other, baseRates.other)
            let mix = min(max(m, 0), 1)
            return mix * (b >= threshold ? 1 : 0) + (1 - mix) * (scores[i] >= threshold ? 1 : 0)
        }
    }

    /// Seeded randomised scores (each row replaced by its base rate with the mixing probability) and the
    /// decisions score ≥ threshold.
    public func predict(scores: [Double], groups: GroupIndex, seed: UInt64, threshold: Double = 0.5) throws -> [Double] {
        guard !mixRates.privileged.isNaN else { throw FairnessError.invalid("CalibratedEqOdds: call fit first") }
        let split = try PrivilegedSplit(groups, privileged: privileged)
        var rng = RandomGenerator(seed: seed)
        return scores.indices.map { i in
            let (m, b) = split.privileged[i] ? (mixRates.privileged, baseRates.privileged) : (mixRates.other, baseRates.other)
            let s = rng.uniformDouble() <= m ? b : scores[i]
            return s >= threshold ? 1 : 0
        }
    }
}

extension EqOddsPostprocessing: Postprocessor {}

extension CalibratedEqOdds: Postprocessor {
    /// P(decision = 1) per row, for base decisions at score ≥ 0.5.
    public func probabilities(scores: [Double], groups: GroupIndex) throws -> [Double] {
        try probabilities(scores: scores, groups: groups, threshold: 0.5)
    }

    /// Randomised decisions, for base decisions at score ≥ 0.5.
    public func predict(scores: [Double], groups: GroupIndex, seed: UInt64) throws -> [Double] {
        try predict(scores: scores, groups: groups, seed: seed, threshold: 0.5)
    }
}

extension EqOddsPostprocessing: SavablePostprocessor {
    /// Settings: the privileged group; tensor `rates` (privileged p2p, n2p, other p2p, n2p).
    public func archive() throws -> EstimatorArchive {
        guard rates.count == 4 else { throw FairnessError.invalid("EqOdds: call fit first") }
        return EstimatorArchive(kind: "EqOdds", settings: ["privileged": .text(privileged)], tensors: ["rates": .float64(rates)])
    }

    /// The post-processor of `archive`.
    static func unarchive(_ archive: EstimatorArchive) throws -> any SavablePostprocessor {
        var e = EqOddsPostprocessing(privileged: try archive.text("privileged"))
        e.rates = try archive.tensor("rates").doubles
        guard e.rates.count == 4 else { throw FairnessError.invalid("EqOdds: 4 rates expected, got \(e.rates.count)") }
        return e
    }
}

extension CalibratedEqOdds: SavablePostprocessor {
    /// Settings: the cost and the privileged group; tensor `rates` (mixing rates then base rates, privileged first).
    public func archive() throws -> EstimatorArchive {
        guard !mixRates.privileged.isNaN else { throw FairnessError.invalid("CalibratedEqOdds: call fit first") }
        return EstimatorArchive(kind: "CalibratedEqOdds", settings: ["cost": .text(cost), "privileged": .text(privileged)],
                                tensors: ["rates": .float64([mixRates.privileged, mixRates.other, baseRates.privileged, baseRates.other])])
    }

    /// The post-processor of `archive`.
    static func unarchive(_ archive: EstimatorArchive) throws -> any SavablePostprocessor {
        var c = try CalibratedEqOdds(cost: try archive.text("cost"), privileged: try archive.text("privileged"))
        let r = try archive.tensor("rates").doubles
        guard r.count == 4 else { throw FairnessError.invalid("CalibratedEqOdds: 4 rates expected, got \(r.count)") }
        c.mixRates = (r[0], r[1])
        c.baseRates = (r[2], r[3])
        return c
    }
}
