/// The roles and cleaning `data.csv` applies after reading a table: label and its positive (and negative)
/// values, sensitive columns and how missing ones are treated, columns to drop, and whether rows with a
/// missing value are dropped (the default, as scikit-learn pipelines expect complete rows).
public struct DatasetRoles {
    /// The label column.
    public var label: String?
    /// Its favourable values; nil gives True/False labels' default (required otherwise when there is a label).
    public var positive: Set<String>?
    /// Its unfavourable values (nil: every other value).
    public var negative: Set<String>?
    /// Sensitive columns.
    public var sensitive: [String] = []
    /// What a missing sensitive value becomes.
    public var missingSensitive: MissingSensitive = .group
    /// Columns removed after reading.
    public var drop: [String]?
    /// Whether rows with a missing value are dropped.
    public var dropMissing = true

    /// Roles with the defaults above.
    public init() {}
}

extension Dataset {
    /// The CSV file at `path` read with `options` and given `roles`; `notes` says what was skipped or regrouped.
    public static func csv(_ path: String, options: CSVOptions, roles: DatasetRoles) throws -> (dataset: Dataset, notes: [String]) {
        let (table, skipped) = try CSVReader.read(path, options: options)
        var notes = skipped > 0 ? ["skipped \(skipped) ragged row\(skipped == 1 ? "" : "s")"] : []
        let positive = roles.positive ?? roles.label.flatMap { Dataset.defaultPositive(table, label: $0) }
        if roles.label != nil && positive == nil { throw DatasetError.invalid("option 'positive' is required with 'label' (unless the label is True/False)") }
        var (dataset, missing) = try Dataset(table: table, label: roles.label, positive: positive ?? [], negative: roles.negative,
                                             sensitive: roles.sensitive).handlingMissingSensitive(roles.missingSensitive)
        notes += missing
        if let drop = roles.drop { dataset = try dataset.dropping(drop) }
        if roles.dropMissing { dataset = try dataset.droppingMissing().fittingSchema() }
        dataset.source = path
        return (dataset, notes)
    }

    /// `Dataset(1000 rows x 21 columns; label 'credit' (positive 1); sensitive sex)`.
    public var summary: String {
        var parts = ["\(count) rows x \(table.names.count) columns"]
        if let label { parts.append("label '\(label)' (positive \(positive.sorted().joined(separator: ", ")))") }
        if !sensitive.isEmpty { parts.append("sensitive " + sensitive.joined(separator: ", ")) }
        return "Dataset(" + parts.joined(separator: "; ") + ")"
    }
}
