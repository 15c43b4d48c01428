#if canImport(Glibc)
import Glibc
#endif

/// A multiclass model on test rows, by group: scikit-learn's classification report per group (and overall),
/// the per-class selection and false positive rates, the multiclass demographic parity and equalized odds
/// differences, Wilson intervals of each group's accuracy, and calibration of the softmax by group.
public struct ClassModelBias {
    /// Group names and rows per group.
    public let groups: [String], sizes: [Int]
    /// Class names.
    public let classes: [String]
    /// The predicted class (arg-max of the probabilities) of each row.
    public let predictions: [Int]
    /// The report over every row, and per group.
    public let overall: ClassificationReport, byGroup: [ClassificationReport]
    /// selectionRates[group][class]: P(ŷ = c | g).
    public let selectionRates: [[Double]]
    /// falsePositiveRates[group][class]: P(ŷ = c | y ≠ c, g).
    public let falsePositiveRates: [[Double]]
    /// max over classes of (max − min over groups) of P(ŷ = c | g): demographic parity, one class against the rest.
    public let demographicParityDifference: Double
    /// max over classes of max(Δ recall, Δ false positive rate) between groups: equalized odds, one class against the rest.
    public let equalizedOddsDifference: Double
    /// Wilson score 95 % interval of each group's accuracy.
    public let accuracyIntervals: [(low: Double, high: Double)]
    /// Expected calibration error of each group: Σ over 10 equal-width confidence bins of (n_b / n)·|accuracy_b − mean confidence_b|,
    /// with the top class's probability as the confidence (Guo et al. 2017).
    public let calibrationError: [Double]

    /// Measures `probabilities` (one row of class probabilities per test row) against `test`, with `groups` as the group order.
    public init(test: GroupedClasses, probabilities: [[Double]], groups: [String]) throws {
        let k = test.classes.count
        guard probabilities.count == test.labels.count else {
            throw FairnessError.lengthMismatch("predictions", probabilities.count, "test rows", test.labels.count)
        }
        if let bad = probabilities.first(where: { $0.count != k }) {
            throw FairnessError.invalid("the model gives \(bad.count) class probabilities per row but the data has \(k) classes (\(test.classes.joined(separator: ", ")))")
        }
        let predictions = probabilities.map { row in row.indices.max { row[$0] < row[$1] || (row[$0].isNaN && !row[$1].isNaN) } ?? 0 }
        let codes = test.codes(in: groups)
        let rows = groups.indices.map { g in codes.indices.filter { codes[$0] == g } }
        let sizes = rows.map(\.count)
        let byGroup = try rows.map { r in try ClassificationReport(labels: r.map { test.labels[$0] }, predictions: r.map { predictions[$0] }, classCount: k) }
        let selectionRates = zip(byGroup, sizes).map { report, n in
            (0..<k).map { c in n == 0 ? .nan : Double(report.confusion.reduce(0) { $0 + $1[c] }) / Double(n) }
        }
        let falsePositiveRates = zip(byGroup, sizes).map { report, n in
            (0..<k).map { c in
                let negatives = n - report.support[c], fp = report.confusion.reduce(0) { $0 + $1[c] } - report.confusion[c][c]
                return negatives == 0 ? .nan : Double(fp) / Double(negatives)
            }
        }
        func gap(_ v: [Double]) -> Double { MetricFrame.extreme(v, >) - MetricFrame.extreme(v, <) }
        let dp = (0..<k).map { c in gap(selectionRates.map { $0[c] }) }
        let eo = (0..<k).map { c in max(gap(byGroup.map { $0.recall[c] }), gap(falsePositiveRates.map { $0[c] })) }
        demographicParityDifference = MetricFrame.extreme(dp, >)
        equalizedOddsDifference = MetricFrame.extreme(eo, >)
        accuracyIntervals = zip(byGroup, sizes).map { ClassModelBias.wilson($0.accuracy, n: $1) }
        overall = try ClassificationReport(labels: test.labels, predictions: predictions, classCount: k)
        self.groups = groups
        classes = test.classes
        self.predictions = predictions
        self.sizes = sizes
        self.byGroup = byGroup
        self.selectionRates = selectionRates
        self.falsePositiveRates = falsePositiveRates
        calibrationError = rows.map { r in
            guard !r.isEmpty else { return .nan }
            var count = [Double](repeating: 0, count: 10), correct = count, confidence = count
            for i in r {
                let p = probabilities[i][predictions[i]]
                let b = p.isNaN ? 0 : min(9, max(0, Int(p * 10)))
                count[b] += 1
                confidence[b] += p
                if predictions[i] == test.labels[i] { correct[b] += 1 }
            }
            return (0..<10).reduce(0) { $0 + abs(correct[$1] - confidence[$1]) } / Double(r.count)
        }
    }

    /// The Wilson score interval at 95 % of a proportion `p` of `n` rows (NaN without rows).
    static func wilson(_ p: Double, n: Int) -> (low: Double, high: Double) {
        guard n > 0, !p.isNaN else { return (.nan, .nan) }
        let z = 1.959963984540054, nn = Double(n), d = 1 + z * z / nn
        let centre = (p + z * z / (2 * nn)) / d, half = z * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / d
        return (centre - half, centre + half)
    }

    /// Each group's accuracy.
    public var accuracy: [Double] { byGroup.map(\.accuracy) }
}
