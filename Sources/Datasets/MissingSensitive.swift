/// What a loader does with rows whose sensitive value is missing (Fairlearn issue 56): by default they
/// form an explicit group, so metrics, tests and reports show them instead of losing them silently.
public enum MissingSensitive: String, Sendable, CaseIterable {
    /// Give them the group `MissingSensitive.groupName`.
    case group
    /// Drop the rows.
    case drop
    /// Stop with an error naming the column and the first such row.
    case error

    /// The name of the explicit group of rows whose sensitive value is missing.
    public static let groupName = "(missing)"

    /// The policy called `name`, or an error listing them.
    public init(named name: String) throws {
        guard let p = MissingSensitive(rawValue: name) else {
            throw DatasetError.invalid("missing_sensitive: 'group', 'drop' or 'error' expected, got '\(name)'")
        }
        self = p
    }
}

extension Dataset {
    /// The dataset with missing sensitive values handled by `policy`, and one note per sensitive column
    /// that had any ("sex: 12 rows have no value: they form the group (missing)").
    public func handlingMissingSensitive(_ policy: MissingSensitive) throws -> (dataset: Dataset, notes: [String]) {
        var out = self, notes: [String] = [], keep = [Bool](repeating: true, count: count)
        for name in sensitive {
            let column = Dataset.categories(try self.column(name))
            let missing = column.codes.indices.filter { column.codes[$0] < 0 }
            guard let first = missing.first else { continue }
            let rows = "\(missing.count) row\(missing.count == 1 ? "" : "s")"
            switch policy {
            case .error:
                throw DatasetError.invalid("sensitive column '\(name)' has no value in \(rows) (first: data row \(first + 1)); "
                                           + "pass missing_sensitive = \"group\" to keep them as the group \(MissingSensitive.groupName), or \"drop\"")
            case .drop:
                for i in missing { keep[i] = false }
                notes.append("\(name): dropped \(rows) with no value")
            case .group:
                var levels = column.levels
                let code = Int32(levels.firstIndex(of: MissingSensitive.groupName) ?? levels.count)
                if Int(code) == levels.count { levels.append(MissingSensitive.groupName) }
                out = try out.adding(name, .categorical(CategoricalColumn(levels: levels, codes: column.codes.map { $0 < 0 ? code : $0 })))
                notes.append("\(name): \(rows) with no value form the group \(MissingSensitive.groupName)")
            }
        }
        if policy == .drop && keep.contains(false) { out = try out.filter(keep) }
        return (notes.isEmpty ? out : out.fittingSchema(), notes)
    }
}
