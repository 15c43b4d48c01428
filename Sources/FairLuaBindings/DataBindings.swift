import Datasets
import LuaHost

/// A dataset boxed for Lua (datasets are values; Lua holds one in a class instance).
final class DatasetObject {
    let dataset: Dataset
    init(_ dataset: Dataset) { self.dataset = dataset }
}

/// A categorical column boxed for Lua, with the name it came from.
final class CategoricalObject {
    let name: String
    let column: CategoricalColumn
    init(name: String, column: CategoricalColumn) {
        self.name = name
        self.column = column
    }
}

/// `data`: CSV files with roles, the bundled datasets, and the `Dataset` and `Categorical` classes.
enum DataBindings {
    static let csvOptions = ["label", "positive", "negative", "sensitive", "drop", "categorical", "numeric", "na",
                             "sep", "header", "names", "dropna", "on_bad_lines", "comment"]

    static var module: LuaModule {
        LuaModule("data", "Datasets: CSV files with roles (label, sensitive columns), bundled Adult and German credit.")
            .function("csv", "path: string, opts: table?", returns: "Dataset",
                      "Reads a CSV file: {label=, positive=, negative=, sensitive=, drop=, categorical=, numeric=, na=, sep=, header=, names=, dropna=true, on_bad_lines='error'|'skip', comment=}.") { call in
                let dataset = try readCSV(path: try call.string(1), call.options(2, allowed: csvOptions))
                return push(dataset, call)
            }
            .function("load", "name: string", returns: "Dataset, Dataset?",
                      "Loads a bundled dataset: 'adult' gives train and test (official split), 'german' one dataset.") { call in
                switch try call.string(1) {
                case "adult":
                    let (train, test) = try BundledDatasets.adult()
                    _ = push(train, call)
                    return 1 + push(test, call)
                case "german":
                    return push(try BundledDatasets.german(), call)
                case let other:
                    throw call.argumentError(1, "unknown dataset '\(other)'; bundled datasets: adult, german")
                }
            }
    }

    @discardableResult
    static func push(_ dataset: Dataset, _ call: LuaCall) -> Int32 {
        call.stack.pushObject(DatasetObject(dataset), metatable: datasetClass.metatableName)
        return 1
    }

    /// A list option given as one value or an array of values, as the texts written in a file.
    static func texts(_ value: LuaValue?, option: String) throws -> [String]? {
        guard let value else { return nil }
        func text(_ v: LuaValue) throws -> String {
            switch v {
            case let .string(s): return s
            case let .integer(i): return String(i)
            case let .number(d): return formatNumber(d)
            default: throw LuaError.message("option '\(option)': strings or numbers expected, got \(v.typeName)")
            }
        }
        if case let .array(items) = value { return try items.map(text) }
        if case .table = value { return [] }
        return [try text(value)]
    }

    static func readCSV(path: String, _ o: LuaOptions) throws -> Dataset {
        var options = CSVOptions()
        if let sep = try o.string("sep") {
            guard let separator = CSVSeparator(sep) else {
                throw LuaError.message("option 'sep': one character, 'tab' or 'whitespace' expected, got '\(sep)'")
            }
            options.separator = separator
        }
        options.header = try o.boolean("header") ?? true
        options.names = try texts(o.value("names"), option: "names")
        if let na = try texts(o.value("na"), option: "na") { options.missingMarkers = Set(na) }
        options.categorical = Set(try texts(o.value("categorical"), option: "categorical") ?? [])
        options.numeric = Set(try texts(o.value("numeric"), option: "numeric") ?? [])
        if let policy = try o.string("on_bad_lines") {
            guard let p = BadLinePolicy(rawValue: policy) else {
                throw LuaError.message("option 'on_bad_lines': 'error' or 'skip' expected, got '\(policy)'")
            }
            options.onBadLines = p
        }
        if let comment = try o.string("comment") {
            guard comment.utf8.count == 1 else { throw LuaError.message("option 'comment': one character expected") }
            options.comment = comment.utf8.first
        }
        let (table, skipped) = try CSVReader.read(path, options: options)
        if skipped > 0 { Console.error("data.csv: \(path): skipped \(skipped) ragged row\(skipped == 1 ? "" : "s")") }
        let label = try o.string("label")
        let positive = try texts(o.value("positive"), option: "positive")
        if label != nil && positive == nil { throw LuaError.message("option 'positive' is required with 'label'") }
        let negative = try texts(o.value("negative"), option: "negative").map(Set.init)
        let sensitive = try texts(o.value("sensitive"), option: "sensitive") ?? []
        var dataset = try Dataset(table: table, label: label, positive: Set(positive ?? []), negative: negative,
                                  sensitive: sensitive)
        if let drop = try texts(o.value("drop"), option: "drop") { dataset = try dataset.dropping(drop) }
        if try o.boolean("dropna") ?? true { dataset = try dataset.droppingMissing() }
        return dataset
    }

    static var datasetClass: LuaClass<DatasetObject> {
        LuaClass<DatasetObject>("Dataset", "Typed columns with roles: a label, sensitive columns, optional weights.")
            .metamethod("__len") { call in
                call.returns(try call.object(1, DatasetObject.self, expected: "Dataset").dataset.count)
            }
            .metamethod("__tostring") { call in
                call.returns(summary(try call.object(1, DatasetObject.self, expected: "Dataset").dataset))
            }
            .method("columns", returns: "string[]", "Column names in file order.") { ds, call in
                call.returns(LuaValue.array(ds.dataset.table.names.map { .string($0) }))
            }
            .method("head", "n: integer?", "Prints the first n rows (default 5) as an aligned table.") { ds, call in
                print(ds.dataset.head(try call.optional(2, 5, call.integer)))
                return 0
            }
            .method("describe", "", "Prints each column's type, role, missing count and summary statistics.") { ds, _ in
                print(ds.dataset.describe())
                return 0
            }
            .method("groups", "name: string", returns: "table<string, integer>",
                    "Row counts per level of a column.") { ds, call in
                let groups = try ds.dataset.groups(try call.string(2))
                return call.returns(LuaValue.table(Dictionary(uniqueKeysWithValues: groups.map { ($0.level, .integer($0.count)) })))
            }
            .method("sensitive", "name: string?", returns: "Categorical",
                    "A sensitive column (default the first one) as a categorical column.") { ds, call in
                let name = try call.isNone(2) ? (ds.dataset.sensitive.first ?? "") : call.string(2)
                let column = try ds.dataset.sensitiveColumn(call.isNone(2) ? nil : name)
                call.stack.pushObject(CategoricalObject(name: name, column: column), metatable: categoricalClass.metatableName)
                return 1
            }
            .method("feature_names", returns: "string[]",
                    "Names of the encoded feature columns (numeric as is, categorical one-hot as column=level).") { ds, call in
                call.returns(LuaValue.array(FeatureEncoder(fitting: ds.dataset).names.map { .string($0) }))
            }
            .method("to_csv", "path: string", "Writes the dataset as CSV (atomically); reading it back is lossless.") { ds, call in
                try CSVWriter.write(ds.dataset.table, to: try call.string(2))
                return 0
            }
    }

    static func summary(_ d: Dataset) -> String {
        var parts = ["\(d.count) rows x \(d.table.names.count) columns"]
        if let label = d.label { parts.append("label '\(label)' (positive \(d.positive.sorted().joined(separator: ", ")))") }
        if !d.sensitive.isEmpty { parts.append("sensitive " + d.sensitive.joined(separator: ", ")) }
        return "Dataset(" + parts.joined(separator: "; ") + ")"
    }

    static var categoricalClass: LuaClass<CategoricalObject> {
        LuaClass<CategoricalObject>("Categorical", "A categorical column: levels and one code per row.")
            .metamethod("__len") { call in
                call.returns(try call.object(1, CategoricalObject.self, expected: "Categorical").column.codes.count)
            }
            .metamethod("__tostring") { call in
                let c = try call.object(1, CategoricalObject.self, expected: "Categorical")
                return call.returns("Categorical('\(c.name)', \(c.column.codes.count) rows, levels: \(c.column.levels.joined(separator: ", ")))")
            }
            .method("levels", returns: "string[]", "The distinct values, in order of first appearance.") { c, call in
                call.returns(LuaValue.array(c.column.levels.map { .string($0) }))
            }
            .method("get", "i: integer", returns: "string?", "The value of row i (1-based); nil when missing.") { c, call in
                let i = try call.integer(2)
                guard (1...max(c.column.codes.count, 1)).contains(i), i <= c.column.codes.count else {
                    throw call.argumentError(2, "row \(i) out of range (valid: 1..\(c.column.codes.count))")
                }
                return call.returns(c.column.value(i - 1).map { LuaValue.string($0) } ?? .nil)
            }
            .method("totable", returns: "string[]", "The values as a Lua array (missing values are nil).") { c, call in
                call.returns(LuaValue.array((0..<c.column.codes.count).map { c.column.value($0).map { .string($0) } ?? .nil }))
            }
    }
}
