import Datasets
import LuaHost
import Tensors

/// A dataset boxed for Lua (datasets are values; Lua holds one in a class instance).
final class DatasetObject {
    let dataset: Dataset
    init(_ dataset: Dataset) { self.dataset = dataset }
}

/// `data`: CSV files with roles, the bundled datasets, and the `Dataset` and `Categorical` classes.
enum DataBindings {
    static let csvOptions = ["label", "positive", "negative", "sensitive", "drop", "categorical", "numeric", "na",
                             "sep", "header", "names", "dropna", "on_bad_lines", "comment", "index_col", "missing_sensitive", "threads"]

    static var module: LuaModule {
        LuaModule("data", "Datasets: CSV files with roles (label, sensitive columns), bundled Adult and German credit.")
            .function("csv", "path: string, opts: table?", returns: "Dataset",
                      "Reads a CSV file: {label=, positive=, negative=, sensitive=, drop=, categorical=, numeric=, na=, sep=, header=, names=, dropna=true, on_bad_lines='error'|'skip', comment=, index_col=, missing_sensitive='group'|'drop'|'error', threads=2}; files of 16 MiB or more are parsed on two threads unless threads = 1; gzip files are read as they are.") { call in
                let dataset = try readCSV(path: try call.string(1), call.options(2, allowed: csvOptions))
                return push(dataset, call)
            }
            .function("compas", "path: string, opts: {scores: boolean?}?", returns: "Dataset",
                      "Reads ProPublica's compas-scores-two-years.csv with its filters (6,167 rows); label two_year_recid, 0 (no recidivism) favourable; COMPAS's decile_score and score_text only with {scores = true}.") { call in
                push(try Compas.load(try call.string(1), scores: try call.options(2, allowed: ["scores"]).boolean("scores")), call)
            }
            .function("DataLoader", "dataset: Dataset, opts: {batch_size: integer?, shuffle: boolean?, seed: integer?, drop_last: boolean?}?",
                      returns: "DataLoader", "Mini-batches: for x, y, a, w in loader:batches() do … end (features, labels, group codes, weights).") { call in
                let ds = try call.object(1, DatasetObject.self, expected: "Dataset")
                return call.push(try DataLoader(ds.dataset, settings: try call.settings(2, DataLoader.Settings(), loaderSettings).0), loaderClass)
            }
            .submodule(transformsModule)
            .function("ImageFolderDataset", "dir: string, opts: {transform: Transform?, groups: string?}?", returns: "ImageFolderDataset",
                      "Images in dir/CLASS/*.png|jpg (sorted class names give ids 0, 1, …); groups='groups.csv' (path,group) or 'folder' (dir/GROUP/CLASS/…).") { call in
                try ImageBindings.open(call)
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
                case "compas":
                    throw call.argumentError(1, "COMPAS is not bundled (no licence); use data.compas(path)")
                case let other:
                    throw call.argumentError(1, "unknown dataset '\(other)'; bundled datasets: adult, german")
                }
            }
    }

    @discardableResult
    static func push(_ dataset: Dataset, _ call: LuaCall) -> Int32 {
        return call.push(DatasetObject(dataset), datasetClass)
    }

    /// The options of `data.DataLoader`, which set the library's `DataLoader.Settings`.
    static var loaderSettings: [LuaSetting<DataLoader.Settings>] { [
        .field("batch_size", \.batchSize), .field("shuffle", \.shuffle), .field("seed", \.seed), .field("drop_last", \.dropLast),
    ] }

    /// The options of `Dataset:split`; `stratify = true` is the label, or a list of columns.
    static var splitSettings: [LuaSetting<Dataset.SplitSettings>] { [
        .field("ratio", \.ratio), .field("seed", \.seed),
        .custom("stratify", \.stratify) { o in
            switch try o.value("stratify") {
            case nil: return nil
            case .boolean(let b)?: return b ? ["label"] : []
            case let s?: return try texts(s, option: "stratify") ?? []
            }
        },
    ] }

    /// The options of `Dataset:sample` (`weights`, a tensor, is read beside them).
    static var sampleSettings: [LuaSetting<Dataset.SampleSettings>] { [.field("n", \.n), .field("replace", \.replace), .field("seed", \.seed)] }

    static let datasetClass: LuaClass<DatasetObject> = {
        LuaClass<DatasetObject>("Dataset", "Typed columns with roles: a label, sensitive columns, optional weights.")
            .metamethod("__len") { call in
                call.returns(try call.object(1, DatasetObject.self, expected: "Dataset").dataset.count)
            }
            .metamethod("__tostring") { call in
                call.returns(try call.object(1, DatasetObject.self, expected: "Dataset").dataset.summary)
            }
            .method("columns", returns: "string[]", "Column names in file order.") { ds, call in
                call.returns(LuaValue.array(ds.dataset.table.names.map { .string($0) }))
            }
            .method("head", "n: integer?", "Prints the first n rows (default 5) as an aligned table.") { ds, call in
                Display.show(ds.dataset.head(try call.optional(2, 5, call.integer)))
                return 0
            }
            .method("describe", "", "Prints each column's type, role, missing count and summary statistics.") { ds, _ in
                Display.show(ds.dataset.describe())
                return 0
            }
            .method("groups", "name: string", returns: "table<string, integer>",
                    "Row counts per level of a column.") { ds, call in
                let groups = try ds.dataset.groups(try call.string(2))
                return call.returnsPrintable(LuaValue.table(Dictionary(uniqueKeysWithValues: groups.map { ($0.level, .integer($0.count)) })))
            }
            .method("sensitive", "name: string?", returns: "Categorical",
                    "A sensitive column (default the first one) as a categorical column.") { ds, call in
                let name = try call.isNone(2) ? (ds.dataset.sensitive.first ?? "") : call.string(2)
                let column = try ds.dataset.sensitiveColumn(call.isNone(2) ? nil : name)
                return call.push(CategoricalObject(name: name, column: column), categoricalClass)
            }
            .method("feature_names", returns: "string[]",
                    "Names of the encoded feature columns (numeric as is, categorical one-hot as column=level).") { ds, call in
                call.returns(LuaValue.array(FeatureEncoder(fitting: ds.dataset).names.map { .string($0) }))
            }
            .method("labels", "", returns: "Tensor", "The label as a 0/1 Float32 tensor (1 = positive).") { ds, call in
                TensorBindings.push(Tensor(try ds.dataset.labels().map(Float.init)), call)
            }
            .method("weights", "", returns: "Tensor?", "The sample weights (set by reweighing or sampling), or nil when the rows are unweighted.") { ds, call in
                guard let w = ds.dataset.weights else { return call.returns(LuaValue.nil) }
                return TensorBindings.push(Tensor(w.map(Float.init)), call)
            }
            .method("features", "opts: {include_sensitive: boolean}?", returns: "Tensor",
                    "Encoded features: numeric columns as they are, categorical one-hot; sensitive columns excluded unless asked.") { ds, call in
                let include = try call.options(2, allowed: ["include_sensitive"]).boolean("include_sensitive") ?? false
                let x = try FeatureEncoder(fitting: ds.dataset, includeSensitive: include).transform(ds.dataset)
                if let warning = x.warning { Console.error("warning: " + warning) }
                return TensorBindings.push(try Tensor(shape: [x.rows, x.names.count], storage: x.values), call)
            }
            .method("column", "name: string", returns: "Tensor|Categorical",
                    "A numeric column as a tensor (NaN where missing), a categorical one as a Categorical.") { ds, call in
                let name = try call.string(2)
                switch try ds.dataset.column(name) {
                case let .numeric(values): return TensorBindings.push(Tensor(values.map(Float.init)), call)
                case let .categorical(c):
                    return call.push(CategoricalObject(name: name, column: c), categoricalClass)
                }
            }
            .method("split", "opts: {ratio: number, seed: integer, stratify: boolean|string[]}", returns: "Dataset, Dataset",
                    "A seeded split (ratio of rows in the first); stratify=true keeps label proportions, or name columns.") { ds, call in
                let (a, b) = try ds.dataset.split(try call.settings(2, Dataset.SplitSettings(), splitSettings).0)
                push(a, call)
                return 1 + push(b, call)
            }
            .method("kfold", "k: integer, opts: {seed: integer}?", returns: "table",
                    "k seeded folds: a list of {train, test} dataset pairs.") { ds, call in
                let seed = try call.options(3, allowed: ["seed"]).integer("seed") ?? 0
                let folds = try ds.dataset.kfold(try call.integer(2), seed: UInt64(truncatingIfNeeded: seed))
                call.stack.pushPrintableTable(arrayCount: folds.count)
                for (k, fold) in folds.enumerated() {
                    call.stack.pushPrintableTable(arrayCount: 2)
                    push(fold.train, call)
                    call.stack.setRawIndex(-2, 1)
                    push(fold.test, call)
                    call.stack.setRawIndex(-2, 2)
                    call.stack.setRawIndex(-2, k + 1)
                }
                return 1
            }
            .method("sample", "opts: {n: integer, replace: boolean?, weights: Tensor?, seed: integer?}", returns: "Dataset",
                    "n rows drawn with a seeded generator (with replacement, optionally weighted, when asked).") { ds, call in
                let (settings, o) = try call.settings(2, Dataset.SampleSettings(), sampleSettings, extra: ["weights"])
                let weights = try o.object("weights", Tensor.self, expected: "Tensor")?.storage.map(Double.init)
                return push(try ds.dataset.sample(settings, weights: weights), call)
            }
            .method("impute", "opts: {strategy: 'mean'|'mode'}?", returns: "Dataset",
                    "Missing values filled: numeric columns by mean (or mode), categorical ones by their most common level.") { ds, call in
                let name = try call.options(2, allowed: ["strategy"]).string("strategy") ?? "mean"
                guard let strategy = Dataset.ImputeStrategy(rawValue: name) else {
                    throw call.argumentError(2, "option 'strategy': 'mean' or 'mode' expected, got '\(name)'")
                }
                return push(ds.dataset.imputing(strategy), call)
            }
            .method("select", "rows: integer[]|Tensor", returns: "Dataset", "The rows at 1-based positions (any order, repeats allowed).") { ds, call in
                let rows: [Int]
                if let t = call.stack.object(at: 2, as: Tensor.self) {
                    guard t.storage.allSatisfy({ $0.isFinite && abs($0) < 1e15 }) else { throw call.argumentError(2, "row numbers must be finite") }
                    rows = t.storage.map { Int($0) - 1 }
                } else {
                    guard case let .array(items) = try call.value(2) else { throw call.typeError(2, expected: "table of row numbers or Tensor") }
                    rows = try items.map { v in
                        guard case let .integer(i) = v else { throw call.argumentError(2, "row numbers must be integers") }
                        return i - 1
                    }
                }
                return push(try ds.dataset.select(rows), call)
            }
            .method("filter", "mask: Tensor", returns: "Dataset", "The rows where mask is non-zero.") { ds, call in
                let mask = try call.object(2, Tensor.self, expected: "Tensor")
                return push(try ds.dataset.filter(mask.storage.map { $0 != 0 }), call)
            }
            .method("with", "name: string, values: Tensor|table", returns: "Dataset",
                    "A copy with a column added or replaced (a tensor gives a numeric column, strings a categorical one).") { ds, call in
                let name = try call.string(2)
                let column: Column
                if let t = call.stack.object(at: 3, as: Tensor.self) {
                    column = .numeric(t.storage.map(Double.init))
                } else if case let .array(items) = try call.value(3) {
                    if items.allSatisfy({ $0.doubleValue != nil }) {
                        column = .numeric(items.map { $0.doubleValue ?? .nan })
                    } else {
                        column = .categorical(CategoricalColumn(values: try items.map { v in
                            guard let s = v.stringValue else { throw call.argumentError(3, "values must be all numbers or all strings") }
                            return s
                        }))
                    }
                } else {
                    throw call.typeError(3, expected: "Tensor or table")
                }
                return push(try ds.dataset.adding(name, column), call)
            }
            .method("to_csv", "path: string", "Writes the dataset as CSV (atomically); reading it back is lossless.") { ds, call in
                try CSVWriter.write(ds.dataset.table, to: try call.string(2))
                return 0
            }
    }()
}
