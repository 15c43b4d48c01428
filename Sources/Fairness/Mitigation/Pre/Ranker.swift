import Datasets
import Learning
import Tensors

/// The ranker Kamiran & Calders' massaging and preferential sampling use: a logistic regression on the
/// dataset's features (sensitive columns excluded) whose scores say how close each row is to the
/// decision boundary.
enum Ranker {
    /// P(y = 1) for every row of `ds`, from a logistic regression fitted on `ds` itself.
    static func scores(_ ds: Dataset) throws -> [Double] {
        let encoder = FeatureEncoder(fitting: ds)
        let m = try encoder.transform(ds)
        let x = try Tensor(shape: [m.rows, m.names.count], storage: m.values)
        let model = try LogisticRegression()
        try model.fit(x, try ds.labels().map(Double.init), weights: ds.weights)
        return try model.predictProbability(x)
    }

    /// The privileged rows (the group named, or the group with the highest base rate) and the labels.
    static func split(_ ds: Dataset, sensitive: String?, privileged: String?) throws -> (privileged: [Bool], labels: [Int32], group: String) {
        guard let name = sensitive ?? ds.sensitive.first else { throw FairnessError.invalid("the dataset has no sensitive column") }
        let column = try ds.sensitiveColumn(name)
        let labels = try ds.labels()
        var positive = [Int](repeating: 0, count: column.levels.count), total = positive
        for (i, c) in column.codes.enumerated() where c >= 0 { total[Int(c)] += 1; positive[Int(c)] += Int(labels[i]) }
        let chosen: Int
        if let privileged {
            guard let k = column.levels.firstIndex(of: privileged) else {
                throw FairnessError.invalid("privileged value '\(privileged)' not found in '\(name)'; values are: \(column.levels.sorted().joined(separator: ", "))")
            }
            chosen = k
        } else {
            chosen = column.levels.indices.filter { total[$0] > 0 }.max { Double(positive[$0]) / Double(total[$0]) < Double(positive[$1]) / Double(total[$1]) } ?? 0
        }
        return (column.codes.map { $0 == Int32(chosen) }, labels, column.levels[chosen])
    }
}
