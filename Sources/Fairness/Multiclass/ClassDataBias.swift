/// Bias in the training rows of a multiclass task before any model: rows per group and class, each group's
/// share of every class, each group's class distribution, and the chi-square test of group × class.
public struct ClassDataBias {
    /// Class names and group names (sorted).
    public let classes: [String], groups: [String]
    /// counts[group][class].
    public let counts: [[Int]]
    /// balance[class][group]: the group's share of the class's rows (NaN for a class without rows).
    public let balance: [[Double]]
    /// distributions[group][class]: P(class | group) (NaN for a group without rows).
    public let distributions: [[Double]]
    /// Pearson's chi-square test that the groups share one class distribution (no continuity correction),
    /// over groups and classes with rows; nil when fewer than two of either.
    public let test: TestResult?
    /// Rows without a group (left out of everything above).
    public let ungrouped: Int

    /// Measures `data` with `groups` as the group order.
    public init(_ data: GroupedClasses, groups: [String]) {
        let codes = data.codes(in: groups)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: data.classes.count), count: groups.count)
        for (g, y) in zip(codes, data.labels) where g >= 0 { counts[g][y] += 1 }
        classes = data.classes
        self.groups = groups
        self.counts = counts
        let byClass = data.classes.indices.map { c in counts.reduce(0) { $0 + $1[c] } }
        balance = data.classes.indices.map { c in counts.map { byClass[c] == 0 ? .nan : Double($0[c]) / Double(byClass[c]) } }
        distributions = counts.map { row in
            let n = row.reduce(0, +)
            return row.map { n == 0 ? .nan : Double($0) / Double(n) }
        }
        let table = counts.filter { $0.reduce(0, +) > 0 }.map { row in data.classes.indices.filter { byClass[$0] > 0 }.map { Double(row[$0]) } }
        test = (try? StatisticalTests.chiSquare(table: table, correction: false)).map {
            TestResult(test: $0.test, hypothesis: "the groups' training class distributions are equal", statistic: $0.statistic, pValue: $0.pValue, dof: $0.dof)
        }
        ungrouped = codes.filter { $0 < 0 }.count
    }

    /// Rows per group.
    public var sizes: [Int] { counts.map { $0.reduce(0, +) } }
}
