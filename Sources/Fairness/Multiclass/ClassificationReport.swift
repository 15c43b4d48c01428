/// scikit-learn's `classification_report` (with `zero_division = nan`) for class ids 0..<C, with the confusion
/// matrix: per class precision tp / (tp + fp), recall tp / (tp + fn), F1 2tp / (2tp + fp + fn) and support
/// (NaN where a denominator is 0); accuracy; macro averages (NaN entries left out) and support-weighted averages.
public struct ClassificationReport {
    /// counts[true class][predicted class].
    public let confusion: [[Int]]
    /// Per class.
    public let precision: [Double], recall: [Double], f1: [Double]
    /// True rows per class.
    public let support: [Int]
    /// Share of rows predicted right (NaN without rows).
    public let accuracy: Double
    /// Unweighted means over classes of precision, recall and F1 (NaN entries left out, as scikit-learn's).
    public let macro: (precision: Double, recall: Double, f1: Double)
    /// Means weighted by support (NaN entries left out; unweighted when the kept classes have no support).
    public let weighted: (precision: Double, recall: Double, f1: Double)

    /// The report of `predictions` against `labels` (class ids in 0..<classCount).
    public init(labels: [Int], predictions: [Int], classCount: Int) throws {
        guard labels.count == predictions.count else { throw FairnessError.lengthMismatch("predictions", predictions.count, "labels", labels.count) }
        var m = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (y, p) in zip(labels, predictions) {
            guard (0..<classCount).contains(y), (0..<classCount).contains(p) else {
                throw FairnessError.invalid("class id \((0..<classCount).contains(y) ? p : y) outside 0..\(classCount - 1)")
            }
            m[y][p] += 1
        }
        let tp = (0..<classCount).map { m[$0][$0] }
        let predicted = (0..<classCount).map { c in m.reduce(0) { $0 + $1[c] } }
        let support = m.map { $0.reduce(0, +) }
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? .nan : Double(a) / Double(b) }
        let precision = (0..<classCount).map { ratio(tp[$0], predicted[$0]) }
        let recall = (0..<classCount).map { ratio(tp[$0], support[$0]) }
        let f1 = (0..<classCount).map { c in ratio(2 * tp[c], 2 * tp[c] + (predicted[c] - tp[c]) + (support[c] - tp[c])) }
        func mean(_ v: [Double], _ w: [Double]) -> Double {
            let kept = v.indices.filter { !v[$0].isNaN }
            guard !kept.isEmpty else { return .nan }
            let total = kept.reduce(0) { $0 + w[$1] }
            if total == 0 { return kept.reduce(0) { $0 + v[$1] } / Double(kept.count) }
            return kept.reduce(0) { $0 + v[$1] * w[$1] } / total
        }
        let one = [Double](repeating: 1, count: classCount), bySupport = support.map(Double.init)
        macro = (mean(precision, one), mean(recall, one), mean(f1, one))
        weighted = (mean(precision, bySupport), mean(recall, bySupport), mean(f1, bySupport))
        confusion = m
        self.support = support
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        accuracy = ratio(tp.reduce(0, +), labels.count)
    }
}
