import Tensors

/// A table with roles: which column is the label (and which of its values are positive), which are
/// sensitive attributes, and optional per-row weights. Rows are immutable; operations return new datasets.
public struct Dataset: Sendable {
    /// The columns.
    public private(set) var table: Table
    /// The label column's name, if the dataset has one.
    public let label: String?
    /// Label values (as written in the file) that count as positive (1).
    public let positive: Set<String>
    /// Names of the sensitive columns, in the order given.
    public let sensitive: [String]
    /// Per-row sample weights (reweighing sets them), nil for unit weights.
    public var weights: [Double]?
    /// The file the rows were read from, when known (for the provenance of reports).
    public var source: String?
    /// The columns' types, levels and fitted statistics: learned when the dataset is made and shared by every
    /// subset (`select`, `filter`, `split`, `sample`, `kfold`), so all of them encode to the same features.
    public private(set) var schema: Schema

    /// Number of rows.
    public var count: Int { table.rowCount }

    /// A dataset over `table` with the given roles; validates the column names and the label values.
    /// With `negative` given, a label value that is neither positive nor negative is an error.
    public init(table: Table, label: String?, positive: Set<String>, negative: Set<String>? = nil,
                sensitive: [String], weights: [Double]? = nil) throws {
        self.table = table
        self.label = label
        self.positive = positive
        self.sensitive = sensitive
        self.weights = weights
        schema = Schema(fitting: table, label: label, positive: positive, sensitive: sensitive)
        for name in sensitive { _ = try table.index(of: name, option: "sensitive") }
        if let label {
            let column = table.columns[try table.index(of: label, option: "label")]
            let found = Dataset.distinctTexts(column)
            if positive.isDisjoint(with: found) {
                throw DatasetError.invalid("label '\(label)': no value is positive (positive = \(Dataset.list(positive))); "
                                           + "values found: \(Dataset.list(found))")
            }
            if let negative {
                let unknown = found.subtracting(positive).subtracting(negative)
                if !unknown.isEmpty {
                    throw DatasetError.invalid("label '\(label)': values \(Dataset.list(unknown)) are neither positive "
                                               + "nor negative; values found: \(Dataset.list(found))")
                }
            }
        }
        if let weights, weights.count != table.rowCount {
            throw DatasetError.invalid("weights: \(weights.count) values for \(table.rowCount) rows")
        }
    }

    /// The same roles over other rows or columns.
    func with(table: Table, weights: [Double]?) -> Dataset {
        var copy = self
        copy.table = table
        copy.weights = weights
        return copy
    }

    /// The dataset with its schema learned from its own rows (loaders call it once missing rows are dropped).
    public func fittingSchema() -> Dataset {
        var copy = self
        copy.schema = Schema(fitting: table, label: label, positive: positive, sensitive: sensitive)
        return copy
    }

    /// The dataset with `schema` in place of its own (another file of the same data, such as Adult's test
    /// file); the dataset must have every column of the schema.
    public func adopting(_ schema: Schema) throws -> Dataset {
        try Schema.requireColumns(schema.columns, in: table)
        var copy = self
        copy.schema = schema
        return copy
    }

    /// The dataset with column `name`'s statistics recorded in the schema (a fitted transform's).
    public func recording(_ standardization: Schema.Standardization?, for name: String) -> Dataset {
        var copy = self
        if let k = schema.columns.firstIndex(where: { $0.name == name }) { copy.schema.columns[k].standardization = standardization }
        return copy
    }

    private static func distinctTexts(_ column: Column) -> Set<String> {
        switch column {
        case let .categorical(c): return Set(Set(c.codes.filter { $0 >= 0 }).map { c.levels[Int($0)] })
        case let .numeric(values): return Set(values.filter { !$0.isNaN }.map(formatNumber))
        }
    }

    static func list(_ values: Set<String>) -> String {
        values.sorted().map { "'\($0)'" }.joined(separator: ", ")
    }

    /// The column named `name`.
    public func column(_ name: String) throws -> Column { table.columns[try table.index(of: name)] }

    /// The positive value when none is given: "True" for a label written True/False (pandas' booleans), else nil.
    public static func defaultPositive(_ table: Table, label: String) -> Set<String>? {
        guard let i = table.names.firstIndex(of: label) else { return nil }
        let found = distinctTexts(table.columns[i])
        return !found.isEmpty && found.isSubset(of: ["True", "False"]) ? ["True"] : nil
    }

    /// 0/1 labels (1 = positive); an error when the dataset has no label.
    public func labels() throws -> [Int32] {
        guard let label else { throw DatasetError.invalid("the dataset has no label column (give label= when loading)") }
        let column = try self.column(label)
        return (0..<count).map { positive.contains(column.text($0)) ? 1 : 0 }
    }

    /// A sensitive column as categories (numbers become their text); default the first sensitive column.
    public func sensitiveColumn(_ name: String? = nil) throws -> CategoricalColumn {
        guard let name = name ?? sensitive.first else {
            throw DatasetError.invalid("the dataset has no sensitive column (give sensitive= when loading)")
        }
        guard sensitive.contains(name) else {
            throw DatasetError.invalid("'\(name)' is not a sensitive column; sensitive columns are: "
                                       + sensitive.joined(separator: ", "))
        }
        return Dataset.categories(try column(name))
    }

    /// Any column as categories.
    public static func categories(_ column: Column) -> CategoricalColumn {
        switch column {
        case let .categorical(c): return c
        case let .numeric(values):
            return CategoricalColumn(values: values.map { $0.isNaN ? nil : formatNumber($0) })
        }
    }

    /// Rows `indices` (0-based, any order, repeats allowed).
    public func select(_ indices: [Int]) throws -> Dataset {
        for i in indices where i < 0 || i >= count {
            throw DatasetError.invalid("row \(i + 1) out of range (the dataset has \(count) rows)")
        }
        let columns = table.columns.map { column -> Column in
            switch column {
            case let .numeric(values): return .numeric(indices.map { values[$0] })
            case let .categorical(c): return .categorical(c.selecting(indices))
            }
        }
        return with(table: Table(names: table.names, columns: columns), weights: weights.map { w in indices.map { w[$0] } })
    }

    /// Rows where `keep` is true.
    public func filter(_ keep: [Bool]) throws -> Dataset {
        guard keep.count == count else {
            throw DatasetError.invalid("filter: mask has \(keep.count) values for \(count) rows")
        }
        return try select(keep.indices.filter { keep[$0] })
    }

    /// The dataset without rows that have a missing value in any column.
    public func droppingMissing() throws -> Dataset {
        let keep = (0..<count).map { row in !table.columns.contains { $0.isMissing(row) } }
        return try filter(keep)
    }

    /// The dataset without the columns `names` (roles may not be dropped).
    public func dropping(_ names: [String]) throws -> Dataset {
        var table = self.table
        for name in names {
            let i = try table.index(of: name, option: "drop")
            if name == label || sensitive.contains(name) {
                throw DatasetError.invalid("drop: '\(name)' is the label or a sensitive column")
            }
            table.names.remove(at: i)
            table.columns.remove(at: i)
        }
        var out = with(table: table, weights: weights)
        out.schema.columns.removeAll { names.contains($0.name) }
        return out
    }

    /// The dataset with a column added (or replaced). A replaced column keeps its schema entry when its type is
    /// unchanged (its levels; fitted statistics are dropped, the values being new); otherwise the entry is learned.
    public func adding(_ name: String, _ column: Column) throws -> Dataset {
        guard column.count == count else {
            throw DatasetError.invalid("with: '\(name)' has \(column.count) values for \(count) rows")
        }
        var table = self.table
        if let i = table.names.firstIndex(of: name) {
            table.columns[i] = column
        } else {
            table.names.append(name)
            table.columns.append(column)
        }
        var out = with(table: table, weights: weights)
        guard name != label else { return out }
        let fitted = Schema.Column(name: name, fitting: column)
        if let k = out.schema.columns.firstIndex(where: { $0.name == name }) {
            if out.schema.columns[k].type == fitted.type { out.schema.columns[k].standardization = nil } else { out.schema.columns[k] = fitted }
        } else {
            out.schema.columns.append(fitted)
        }
        return out
    }

    /// Row counts per level of column `name`, in level order.
    public func groups(_ name: String) throws -> [(level: String, count: Int)] {
        Dataset.categories(try column(name)).counts
    }
}

extension Dataset {
    /// How `impute` fills missing values.
    public enum ImputeStrategy: String, Sendable {
        /// Numeric columns get their mean; categorical ones their most common level.
        case mean
        /// Every column gets its most common value.
        case mode
    }

    /// The dataset with missing values filled (the label column is left alone).
    public func imputing(_ strategy: ImputeStrategy) -> Dataset {
        var table = self.table
        for (k, column) in table.columns.enumerated() where table.names[k] != label {
            switch column {
            case let .numeric(values):
                let present = values.filter { !$0.isNaN }
                guard !present.isEmpty else { continue }
                let fill: Double
                if strategy == .mean {
                    fill = present.reduce(0, +) / Double(present.count)
                } else {
                    var counts: [Double: Int] = [:]
                    for v in present { counts[v, default: 0] += 1 }
                    fill = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? 0
                }
                table.columns[k] = .numeric(values.map { $0.isNaN ? fill : $0 })
            case var .categorical(c):
                var counts = [Int](repeating: 0, count: c.levels.count)
                for code in c.codes where code >= 0 { counts[Int(code)] += 1 }
                guard let top = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[top] > 0 else { continue }
                c.codes = c.codes.map { $0 < 0 ? Int32(top) : $0 }
                table.columns[k] = .categorical(c)
            }
        }
        return with(table: table, weights: weights)
    }

    /// `n` rows drawn with a seeded generator: without replacement by default, or with replacement, optionally
    /// with probabilities proportional to `weights`.
    public func sample(_ n: Int, replace: Bool, weights: [Double]?, seed: UInt64) throws -> Dataset {
        var generator = RandomGenerator(seed: seed)
        if let weights {
            guard weights.count == count, weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.contains(where: { $0 > 0 }) else {
                throw DatasetError.invalid("sample: weights must be \(count) non-negative numbers, not all zero")
            }
            guard replace else { throw DatasetError.invalid("sample: weights need replace=true") }
            var cumulative: [Double] = []
            var total = 0.0
            for w in weights { total += w; cumulative.append(total) }
            return try select((0..<n).map { _ in
                let u = generator.uniformDouble() * total
                var lo = 0, hi = cumulative.count - 1
                while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] > u { hi = mid } else { lo = mid + 1 } }
                return lo
            })
        }
        guard n >= 0 else { throw DatasetError.invalid("sample: n must be ≥ 0, got \(n)") }
        if replace { return try select((0..<n).map { _ in generator.below(count) }) }
        guard n <= count else { throw DatasetError.invalid("sample: \(n) rows requested without replacement from \(count)") }
        return try select(Array(generator.permutation(count).prefix(n)))
    }
}
