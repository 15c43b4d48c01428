import Datasets
import Learning
import Tensors

/// Which features drive a tree model's decisions, overall and for each group: the mean |φ| per original feature
/// (shap's global bar plot), the attributions of a feature's one-hot columns summed first (Shapley values are
/// additive, so the sum is the attribution of the original column), over all rows and over each group's rows.
public struct SHAPImportance: Sendable {
    /// One group's rows and mean |φ| per feature.
    public struct Group: Sendable {
        /// The group's level and row count.
        public let level: String, rows: Int
        /// Mean |φ| per feature over the group's rows (NaN with no rows).
        public let meanAbs: [Double]
        /// Fewer rows than `SHAPImportance.smallGroup`: the means are noisy.
        public var isSmall: Bool { rows < SHAPImportance.smallGroup }
    }

    /// A group with fewer rows than this is flagged (the project's minimum group size, as fair.detect's).
    public static let smallGroup = 30

    /// The attributions explained.
    public let shap: TreeSHAP
    /// The original features and the encoded columns of each.
    public let features: [String], columns: [[Int]]
    /// Mean |φ| per feature over every row.
    public let meanAbs: [Double]
    /// The sensitive column grouped by (nil without by_group) and each group's means, in the column's level order.
    public let groupName: String?
    public let groups: [Group]

    /// The means of `shap` over `features` (each made of `columns`, encoded indices), and by the levels of `by`
    /// (one code per explained row; rows with a missing code are left out of the groups, not of the overall mean).
    public init(_ shap: TreeSHAP, features: [String], columns: [[Int]], by: (name: String, column: CategoricalColumn)? = nil) throws {
        guard features.count == columns.count, !features.isEmpty else { throw TensorError.invalid("shap: no features to summarise") }
        if let bad = columns.joined().first(where: { $0 < 0 || $0 >= shap.features }) {
            throw TensorError.invalid("shap: column \(bad) is outside the model's \(shap.features) features")
        }
        if let by, by.column.codes.count != shap.rows {
            throw TensorError.invalid("shap: the sensitive column '\(by.name)' has \(by.column.codes.count) rows, the data \(shap.rows)")
        }
        let levels = by?.column.levels ?? []
        var sums = [[Double]](repeating: [Double](repeating: 0, count: features.count), count: levels.count + 1)
        var counts = [Int](repeating: 0, count: levels.count + 1)
        shap.values.withUnsafeBufferPointer { phi in
            for r in 0..<shap.rows {
                let code = by.map { Int($0.column.codes[r]) } ?? -1
                let slots = code >= 0 && code < levels.count ? [levels.count, code] : [levels.count]
                for s in slots { counts[s] += 1 }
                for (f, group) in columns.enumerated() {
                    var sum = 0.0
                    for c in group { sum += phi[r &* shap.features &+ c] }
                    for s in slots { sums[s][f] += abs(sum) }
                }
            }
        }
        func means(_ s: Int) -> [Double] { sums[s].map { counts[s] > 0 ? $0 / Double(counts[s]) : .nan } }
        self.shap = shap
        self.features = features
        self.columns = columns
        meanAbs = means(levels.count)
        groupName = by?.name
        groups = levels.indices.map { Group(level: levels[$0], rows: counts[$0], meanAbs: means($0)) }
    }

    /// The TreeSHAP attributions of `model` on `x`, summarised as `init` does; a model not made of trees says so.
    public static func explain(_ model: Classifier, x: Tensor, features: [String], columns: [[Int]],
                               by: (name: String, column: CategoricalColumn)? = nil) throws -> SHAPImportance {
        guard let trees = model as? TreeModel else {
            throw TensorError.invalid("shap: TreeSHAP explains tree models (nn.DecisionTree, nn.GradientBoosting), not a \(type(of: model))")
        }
        return try SHAPImportance(try TreeSHAP(try trees.treeEnsemble(), x: x), features: features, columns: columns, by: by)
    }

    /// Feature indices by decreasing overall mean |φ|.
    public var ranking: [Int] { features.indices.sorted { meanAbs[$0] > meanAbs[$1] } }
}
