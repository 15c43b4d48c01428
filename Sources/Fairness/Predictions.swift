/// What a metric is computed from: labels, decisions (or regression predictions), optional scores and
/// sample weights, one entry per row.
public struct Predictions {
    /// True labels (0/1 for classification, any number for regression).
    public let yTrue: [Double]
    /// Decisions or predicted values.
    public let yPred: [Double]
    /// Scores (probabilities of the positive class), when given.
    public let score: [Double]?
    /// Sample weights, when given.
    public let weights: [Double]?

    /// The number of rows.
    public var count: Int { yTrue.count }

    /// Checks that every input has one entry per row, scores are not NaN and weights are not negative.
    public init(yTrue: [Double], yPred: [Double], score: [Double]? = nil, weights: [Double]? = nil) throws {
        guard yPred.count == yTrue.count else { throw FairnessError.lengthMismatch("y_true", yTrue.count, "y_pred", yPred.count) }
        if let score {
            guard score.count == yTrue.count else { throw FairnessError.lengthMismatch("y_true", yTrue.count, "y_score", score.count) }
            if let i = score.firstIndex(where: \.isNaN) { throw FairnessError.invalid("y_score is NaN at row \(i + 1)") }
        }
        if let weights {
            guard weights.count == yTrue.count else { throw FairnessError.lengthMismatch("y_true", yTrue.count, "weights", weights.count) }
            if let i = weights.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
                throw FairnessError.invalid("weights must be finite and not negative; row \(i + 1) has \(weights[i])")
            }
        }
        if let i = yTrue.firstIndex(where: \.isNaN) { throw FairnessError.invalid("y_true is NaN at row \(i + 1)") }
        if let i = yPred.firstIndex(where: \.isNaN) { throw FairnessError.invalid("y_pred is NaN at row \(i + 1)") }
        self.init(checked: yTrue, yPred, score, weights)
    }

    /// Inputs already known to be consistent.
    private init(checked yTrue: [Double], _ yPred: [Double], _ score: [Double]?, _ weights: [Double]?) {
        self.yTrue = yTrue
        self.yPred = yPred
        self.score = score
        self.weights = weights
    }

    /// The weight of row `i` (1 without weights).
    @inline(__always) public func weight(_ i: Int) -> Double { weights?[i] ?? 1 }

    /// `values` as 0/1 bytes, or an error listing the values found.
    public static func binary(_ values: [Double], name: String) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: values.count)
        var bad = false
        for (i, v) in values.enumerated() {
            if v == 1 { out[i] = 1 } else if v != 0 { bad = true; break }
        }
        if bad { throw FairnessError.notBinary(name, Array(Set(values)).sorted()) }
        return out
    }

    /// Labels as 0/1 bytes.
    public func binaryLabels() throws -> [UInt8] { try Self.binary(yTrue, name: "y_true") }
    /// Decisions as 0/1 bytes.
    public func binaryDecisions() throws -> [UInt8] { try Self.binary(yPred, name: "y_pred") }

    /// The scores, or an error naming the metric that needs them.
    public func scores(for metric: String) throws -> [Double] {
        guard let score else { throw FairnessError.invalid("metric '\(metric)' needs y_score (scores or probabilities)") }
        return score
    }

    /// The rows `rows` (repetition allowed, as in a bootstrap sample).
    public func selecting(_ rows: [Int]) -> Predictions {
        Predictions(checked: rows.map { yTrue[$0] }, rows.map { yPred[$0] }, score.map { s in rows.map { s[$0] } },
                    weights.map { w in rows.map { w[$0] } })
    }
}
