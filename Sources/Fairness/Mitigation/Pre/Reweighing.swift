import Datasets

/// Kamiran & Calders' reweighing (2012): each (group, label) cell gets the weight P(g)·P(y) / P(g, y),
/// so that label and group are independent under the weights. Several sensitive columns give
/// intersectional groups. Counts are weighted by the dataset's existing weights, as AIF360 does.
public struct Reweighing {
    /// The sensitive columns used (default: the dataset's).
    public let sensitive: [String]?
    /// Weight per group key and label (`weights["Female"]![1]`), after `fit`.
    public private(set) var weights: [String: [Double]] = [:]

    /// A reweigher for `sensitive` columns (nil: the dataset's sensitive columns).
    public init(sensitive: [String]? = nil) { self.sensitive = sensitive }

    /// The group key of every row.
    func groups(_ ds: Dataset) throws -> GroupIndex {
        let names = sensitive ?? ds.sensitive
        guard !names.isEmpty else { throw FairnessError.invalid("Reweighing: the dataset has no sensitive column") }
        return try GroupIndex(features: names.map { name in
            let c = try ds.sensitiveColumn(name)
            return (name, c.levels, c.codes)
        })
    }

    /// Learns the cell weights from `ds`.
    public mutating func fit(_ ds: Dataset) throws {
        let labels = try ds.labels(), groups = try groups(ds)
        let prior = ds.weights ?? [Double](repeating: 1, count: ds.count)
        var cell = [[Double]](repeating: [0, 0], count: groups.count)
        for i in 0..<ds.count { cell[Int(groups.codes[i])][Int(labels[i])] += prior[i] }
        let n = cell.reduce(0) { $0 + $1[0] + $1[1] }
        let byLabel = [cell.reduce(0) { $0 + $1[0] }, cell.reduce(0) { $0 + $1[1] }]
        var out: [String: [Double]] = [:]
        for (g, key) in groups.names.enumerated() {
            let ng = cell[g][0] + cell[g][1]
            for y in 0...1 where cell[g][y] == 0 {
                throw FairnessError.invalid("Reweighing: group '\(key)' has no rows with label \(y), so its weight is undefined")
            }
            out[key] = (0...1).map { y in byLabel[y] * ng / (n * cell[g][y]) }
        }
        weights = out
    }

    /// `ds` with each row's weight multiplied by its cell's weight.
    public func transform(_ ds: Dataset) throws -> Dataset {
        guard !weights.isEmpty else { throw FairnessError.invalid("Reweighing: call fit first") }
        let labels = try ds.labels(), groups = try groups(ds)
        var w = ds.weights ?? [Double](repeating: 1, count: ds.count)
        for i in 0..<ds.count {
            let key = groups.names[Int(groups.codes[i])]
            guard let cell = weights[key] else { throw FairnessError.invalid("Reweighing: group '\(key)' was not seen when fitting") }
            w[i] *= cell[Int(labels[i])]
        }
        var out = ds
        out.weights = w
        return out
    }
}

extension Reweighing: Preprocessor {
    /// Reweighing changes only the weights.
    public var changesFeatures: Bool { false }
}
