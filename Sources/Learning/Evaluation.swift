import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Binary-classification summary of probabilities against 0/1 labels (what `net:evaluate` returns).
public struct Evaluation: Sendable {
    /// Share of correct decisions at threshold 0.5.
    public let accuracy: Double
    /// Mean of TPR and TNR.
    public let balancedAccuracy: Double
    /// Mean negative log-likelihood.
    public let logLoss: Double
    /// Area under the ROC curve (ties count one half).
    public let rocAUC: Double
    /// Counts: true negatives, false positives, false negatives, true positives.
    public let confusion: (tn: Int, fp: Int, fn: Int, tp: Int)

    /// Evaluates `probabilities` against `labels`.
    public init(probabilities p: [Double], labels y: [Double]) throws {
        guard p.count == y.count, !p.isEmpty else { throw LearningError.invalid("evaluate: \(p.count) predictions for \(y.count) labels") }
        if let bad = y.first(where: { $0 != 0 && $0 != 1 }) { throw LearningError.invalid("evaluate: labels must be 0 or 1, found \(bad)") }
        var tn = 0, fp = 0, fn = 0, tp = 0, loss = 0.0
        for i in 0..<p.count {
            let decision = p[i] >= 0.5
            switch (y[i] == 1, decision) {
            case (true, true): tp += 1
            case (true, false): fn += 1
            case (false, true): fp += 1
            case (false, false): tn += 1
            }
            let q = min(max(p[i], Double.ulpOfOne), 1 - Double.ulpOfOne)
            loss -= y[i] == 1 ? Glibc.log(q) : Glibc.log(1 - q)
        }
        let n = Double(p.count)
        accuracy = Double(tp + tn) / n
        let tpr = tp + fn > 0 ? Double(tp) / Double(tp + fn) : Double.nan
        let tnr = tn + fp > 0 ? Double(tn) / Double(tn + fp) : Double.nan
        balancedAccuracy = [tpr, tnr].filter { !$0.isNaN }.reduce(0, +) / Double(max(1, [tpr, tnr].filter { !$0.isNaN }.count))
        logLoss = loss / n
        confusion = (tn, fp, fn, tp)
        rocAUC = Self.rocArea(scores: p, positive: { y[$0] == 1 }, weight: { _ in 1 }, rows: Array(p.indices))
    }

    /// The weighted area under the ROC curve of `rows` by ranks (ties count one half); NaN when the rows
    /// hold one class only.
    public static func rocArea(scores s: [Double], positive: (Int) -> Bool, weight: (Int) -> Double, rows: [Int]) -> Double {
        let order = rows.sorted { s[$0] < s[$1] }
        var negativesBelow = 0.0, area = 0.0, positives = 0.0
        var k = 0
        while k < order.count {
            var end = k, tiedPositive = 0.0, tiedNegative = 0.0
            while end < order.count && s[order[end]] == s[order[k]] {
                let i = order[end], w = weight(i)
                if positive(i) { tiedPositive += w } else { tiedNegative += w }
                end += 1
            }
            area += tiedPositive * (negativesBelow + 0.5 * tiedNegative)
            negativesBelow += tiedNegative
            positives += tiedPositive
            k = end
        }
        return positives == 0 || negativesBelow == 0 ? .nan : area / (positives * negativesBelow)
    }
}
