/// Kamiran & Calders' reweighing (2012) extended to classes, as AIF360's formula with the label replaced by the
/// class: each (group, class) cell gets the weight P(g)·P(c) / P(g, c), so that class and group are independent
/// under the weights. Rows without a group keep weight 1.
public struct ClassReweighing {
    /// Group names (sorted) and class names.
    public let groups: [String], classes: [String]
    /// weights[group][class] (NaN for a cell without rows: no row takes it).
    public let weights: [[Double]]

    /// The cell weights of `data`'s grouped rows.
    public init(_ data: GroupedClasses) throws {
        let groups = data.groups.levels.sorted()
        let bias = ClassDataBias(data, groups: groups)
        let n = Double(bias.sizes.reduce(0, +))
        guard n > 0 else { throw FairnessError.invalid("reweighing: no row has a group") }
        let byClass = data.classes.indices.map { c in Double(bias.counts.reduce(0) { $0 + $1[c] }) }
        weights = bias.counts.map { row in
            let ng = Double(row.reduce(0, +))
            return row.indices.map { c in row[c] == 0 ? .nan : ng * byClass[c] / (n * Double(row[c])) }
        }
        self.groups = groups
        classes = data.classes
    }

    /// Each row's weight.
    public func rowWeights(_ data: GroupedClasses) -> [Double] {
        zip(data.codes(in: groups), data.labels).map { g, c in g < 0 || c >= classes.count ? 1 : weights[g][c] }
    }
}
