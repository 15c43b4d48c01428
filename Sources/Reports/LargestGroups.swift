/// Of many groups, the largest: charts draw them and tables list them, and a line says how many more there are
/// (JSON keeps every group). More bars than `limit` are too thin to read, more rows too long to scan.
public enum LargestGroups {
    /// The most groups a chart draws or a table lists.
    public static let limit = 12

    /// The groups shown, in their order: all of them, or the `limit` largest by `sizes`.
    public static func shown(sizes: [Int]) -> [Int] {
        guard sizes.count > limit else { return Array(sizes.indices) }
        return sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }.prefix(limit).sorted()
    }

    /// What a chart's title adds when it draws `shown` of `total` groups: "" when none was left out.
    public static func titleNote(shown: Int, total: Int) -> String {
        total > shown ? " (largest \(shown); and \(total - shown) more in the JSON)" : ""
    }

    /// The line under a table of `shown` of `total` groups, nil when none was left out.
    public static func footnote(shown: Int, total: Int) -> String? {
        total > shown ? "… and \(total - shown) more groups (see JSON)" : nil
    }
}
