/// What a model was fitted on, and what every subset of a dataset shares with its parent: the columns in
/// order (numeric, or categorical with its levels sorted as scikit-learn's OneHotEncoder sorts them), the
/// label and its positive values, the sensitive columns, and the statistics of fitted transforms
/// (a standardised column remembers its mean and standard deviation). Stored as JSON in model files.
public struct Schema: Codable, Equatable, Sendable {
    /// A column's type.
    public enum Kind: String, Codable, Sendable {
        case numeric, categorical
    }

    /// The mean and (population) standard deviation a numeric column was standardised with.
    public struct Standardization: Codable, Equatable, Sendable {
        /// The mean subtracted.
        public var mean: Double
        /// The standard deviation divided by (a constant column is only centred).
        public var std: Double

        /// Statistics from a fit.
        public init(mean: Double, std: Double) {
            self.mean = mean
            self.std = std
        }

        /// (x − mean) / std, or x − mean for a constant column (scikit-learn's StandardScaler).
        public func apply(_ x: Double) -> Double { (x - mean) * (std > 0 ? 1 / std : 1) }

        /// The value before standardisation.
        public func invert(_ z: Double) -> Double { z / (std > 0 ? 1 / std : 1) + mean }
    }

    /// One column of the schema.
    public struct Column: Codable, Equatable, Sendable {
        /// The column's name.
        public var name: String
        /// Numeric or categorical.
        public var type: Kind
        /// A categorical column's levels, sorted; nil for numeric columns.
        public var levels: [String]?
        /// For a numeric column standardised by a fitted transform, its statistics.
        public var standardization: Standardization?

        /// A column's schema learned from its values (categorical levels: the values present, sorted).
        public init(name: String, fitting column: Datasets.Column) {
            self.name = name
            switch column {
            case .numeric:
                type = .numeric
            case let .categorical(c):
                type = .categorical
                var used = [Bool](repeating: false, count: c.levels.count)
                for code in c.codes where code >= 0 { used[Int(code)] = true }
                levels = c.levels.indices.filter { used[$0] }.map { c.levels[$0] }.sorted()
            }
        }
    }

    /// Every column but the label, in the dataset's order.
    public var columns: [Column]
    /// The label column's name.
    public var label: String?
    /// The label values that count as positive, sorted.
    public var positive: [String]
    /// The sensitive columns, in the order given.
    public var sensitive: [String]

    /// The schema of `table` with the given roles.
    public init(fitting table: Table, label: String?, positive: Set<String>, sensitive: [String]) {
        columns = zip(table.names, table.columns).filter { $0.0 != label }.map { Column(name: $0.0, fitting: $0.1) }
        self.label = label
        self.positive = positive.sorted()
        self.sensitive = sensitive
    }

    /// The column named `name`, if the schema has it.
    public func column(_ name: String) -> Column? { columns.first { $0.name == name } }

    /// The columns a model reads: all but the sensitive ones unless `includeSensitive`.
    public func features(includeSensitive: Bool) -> [Column] {
        columns.filter { includeSensitive || !sensitive.contains($0.name) }
    }

    /// Checks that `table` has every column of `needed`; the error lists the missing, expected and found columns.
    public static func requireColumns(_ needed: [Column], in table: Table) throws {
        let found = Set(table.names)
        let missing = needed.map(\.name).filter { !found.contains($0) }
        guard missing.isEmpty else {
            throw DatasetError.invalid("the data lacks column\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")) "
                                       + "of the schema; expected columns: \(needed.map(\.name).joined(separator: ", ")); "
                                       + "found: \(table.names.joined(separator: ", "))")
        }
    }
}
