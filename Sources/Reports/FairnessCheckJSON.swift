import Fairness
import Tensors

/// `{name = {group = value, …}, …}` of a [group][column] matrix, for the rows `groups`.
private func byName(_ names: [String], _ groups: [Int], _ keys: [String], _ values: [[Double]]) -> JSONValue {
    .object(Dictionary(uniqueKeysWithValues: names.indices.map { c in
        (names[c], JSONValue.numbers(groups.map { keys[$0] }, groups.map { values[$0][c] }))
    }))
}

extension Disparities {
    /// `{attribute, tau, groups, sizes, disparities = {fpr_disparity = {group = …}}, values, reference = {metric = group},
    /// fair = {parity = {group = bool}}, attribute_fair = {parity = bool}}`; undefined determinations are absent.
    public var json: JSONValue {
        let names = Self.metrics.map(\.rawValue), all = Array(groups.indices)
        var fair: [String: JSONValue] = [:], attribute: [String: JSONValue] = [:]
        for (m, metric) in Self.metrics.enumerated() {
            var row: [String: JSONValue] = [:]
            for g in all { if let b = isFair(group: g, metric: m) { row[groups[g]] = .bool(b) } }
            fair[metric.parity] = .object(row)
            if let b = isFair(metric: m) { attribute[metric.parity] = .bool(b) }
        }
        return .object([
            "attribute": .string(self.attribute), "tau": .number(tau), "groups": .array(groups.map { .string($0) }),
            "sizes": .array(sizes.map { .integer($0) }),
            "disparities": byName(names.map { $0 + "_disparity" }, all, groups, disparities), "values": byName(names, all, groups, values),
            "reference": .object(Dictionary(uniqueKeysWithValues: zip(names, referenceGroups.map { .string(groups[$0]) }))),
            "fair": .object(fair), "attribute_fair": .object(attribute),
        ])
    }
}
