import Datasets
import Fairness
import FoundationEssentials
import Learning
import Tensors

/// Anchoring bias, "the model relies too heavily on a single feature": from permutation importance (the drop
/// in accuracy when a feature is shuffled, Breiman 2001), the share of the total importance its top feature
/// carries, and the accuracy of a logistic regression on that feature alone (a model within a point of it
/// could as well be that one feature).
public struct Anchoring {
    /// Permutation importance of every feature on the evaluation data (accuracy drops).
    public let importance: PermutationImportance
    /// Each feature's share of the total positive importance (features that do not help count 0).
    public let shares: [Double]
    /// The model's accuracy on the evaluation data.
    public let accuracy: Double
    /// The feature with the largest share.
    public let top: String
    /// Accuracy on the evaluation data of a logistic regression trained on `top`'s columns alone.
    public let oneFeatureAccuracy: Double

    /// Measures `model` on `test` (features `columns[f]` of the encoded matrices), training the one-feature
    /// model on `train`.
    public init(model: Classifier, train: (x: Tensor, y: [Double]), test: (x: Tensor, y: [Double]),
                features: [String], columns: [[Int]], repeats: Int = 5, seed: UInt64 = 0) throws {
        guard test.x.dim == 2, test.x.shape[0] == test.y.count, train.x.dim == 2, train.x.shape[0] == train.y.count, !test.y.isEmpty else {
            throw TensorError.invalid("anchoring: features and labels must have one row per label")
        }
        let importance = try PermutationImportance(x: test.x, features: features, columns: columns, repeats: repeats, seed: seed) {
            Anchoring.accuracy(try model.predict($0), test.y)
        }
        self.importance = importance
        self.accuracy = importance.baseline
        let positive = importance.mean.map { max(0, $0) }
        let total = positive.reduce(0, +)
        let shares = positive.map { total > 0 ? $0 / total : 0 }
        self.shares = shares
        let k = shares.indices.max { shares[$0] < shares[$1] } ?? 0
        top = features[k]
        let alone = try LogisticRegression()
        try alone.fit(try Anchoring.columns(columns[k], of: train.x), train.y)
        oneFeatureAccuracy = Anchoring.accuracy(try alone.predict(try Anchoring.columns(columns[k], of: test.x)), test.y)
    }

    /// The columns `picked` of the matrix `x` (rows × features).
    static func columns(_ picked: [Int], of x: Tensor) throws -> Tensor {
        let (n, d) = (x.shape[0], x.shape[1])
        var out = [Float](repeating: 0, count: n * picked.count)
        for i in 0..<n { for (j, c) in picked.enumerated() where c >= 0 && c < d { out[i * picked.count + j] = x.storage[i * d + c] } }
        return try Tensor(shape: [n, picked.count], storage: out)
    }

    /// Share of decisions equal to the labels.
    static func accuracy(_ decisions: [Double], _ y: [Double]) -> Double {
        Double(zip(decisions, y).filter { $0 == $1 }.count) / Double(y.count)
    }

    /// An anchoring finding when the top feature carries more than `share` of the importance, or a model on it
    /// alone comes within `margin` of the model's accuracy; one combined finding when that feature is also a
    /// proxy (association ≥ `proxyThreshold` with a sensitive column).
    public func findings(share: Double = 0.5, margin: Double = 0.01, proxies: [DataBias.Proxy] = [], proxyThreshold: Double = 0.3) -> [Finding] {
        guard let k = importance.features.firstIndex(of: top) else { return [] }
        let s = shares[k], f = { (d: Double) in TextTable.format(d) }
        let heavy = s > share, mimicked = oneFeatureAccuracy >= accuracy - margin
        guard heavy || mimicked else { return [] }
        var why: [String] = []
        if heavy { why.append("\(f(s * 100)) % of the permutation importance") }
        if mimicked { why.append("a model on \(top) alone reaches accuracy \(f(oneFeatureAccuracy)) against the model's \(f(accuracy))") }
        let proxy = proxies.first { $0.feature == top && $0.association >= proxyThreshold }
        let also = proxy.map { " \(top) is also a proxy of \($0.sensitive) (association \(f($0.association))): the model leans on the sensitive attribute through it." } ?? ""
        return [Finding(kind: .anchoring, rule: proxy == nil ? "anchoring" : "anchoring on a proxy",
                        message: "\(top) carries " + why.joined(separator: "; ") + (proxy.map { "; it is a proxy of \($0.sensitive)" } ?? ""),
                        evidence: .init("importance share of \(top)", s),
                        reading: "The model relies mostly on \(top)." + also,
                        severity: max(s, mimicked ? 1 - (accuracy - oneFeatureAccuracy) : 0))]
    }
}
