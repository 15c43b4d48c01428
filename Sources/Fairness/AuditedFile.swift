import Datasets

/// The columns a whole-file audit reads (`fairlua audit --regression`, `--ranking`): a CSV read with the numeric and
/// sensitive columns it names, each checked, every error naming the file and line.
struct AuditedFile {
    /// The file and its table.
    let path: String, table: Table
    /// The line of row 0 (2 below a header line).
    let firstLine: Int

    /// Reads `path` with `options`, `numeric` columns as numbers and `sensitive` ones as categories.
    init(_ path: String, options: CSVOptions, numeric: [String], sensitive: [String]) throws {
        var o = options
        o.numeric.formUnion(numeric)
        o.categorical.formUnion(sensitive)
        table = try CSVReader.read(path, options: o).table
        (self.path, firstLine) = (path, o.header ? 2 : 1)
    }

    /// Column `name`'s finite numbers (`option` names it in errors: `y-true`).
    func numbers(_ name: String, _ option: String) throws -> [Double] {
        guard case let .numeric(values) = table.columns[try table.index(of: name, option: option)] else {
            throw FairnessError.invalid("\(path): \(option) '\(name)' is not numeric")
        }
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            throw FairnessError.invalid("\(path):\(i + firstLine): \(option) '\(name)' is missing or not finite")
        }
        return values
    }

    /// The groups of the `sensitive` columns (intersected when several); a missing value is an error.
    func groups(_ sensitive: [String]) throws -> GroupIndex {
        try GroupIndex(features: sensitive.map { name in
            guard case let .categorical(c) = table.columns[try table.index(of: name, option: "sensitive")] else {
                throw FairnessError.invalid("\(path): sensitive '\(name)' is not categorical")
            }
            if let i = c.codes.firstIndex(where: { $0 < 0 }) { throw FairnessError.invalid("\(path):\(i + firstLine): sensitive '\(name)' is missing") }
            return (name, c.levels, c.codes)
        })
    }
}

extension RegressionFairness {
    /// The regression audit of a file (`fairlua audit --regression`): the CSV at `path` read with `options`, its
    /// numeric columns `label` (targets) and `prediction`, and groups from `sensitive` (their values, intersected
    /// when several), measured as `init(targets:predictions:groups:…)` does. A missing or non-numeric target or
    /// prediction, or a missing sensitive value, is an error naming the line.
    public init(path: String, options: CSVOptions, label: String, prediction: String, sensitive: [String],
                permutations: Int, seed: UInt64, bound: Double?, minGroupSize: Int) throws {
        let file = try AuditedFile(path, options: options, numeric: [label, prediction], sensitive: sensitive)
        try self.init(targets: try file.numbers(label, "y-true"), predictions: try file.numbers(prediction, "y-pred"),
                      groups: try file.groups(sensitive), permutations: permutations, seed: seed, bound: bound, minGroupSize: minGroupSize)
    }
}

extension RankedListFairness {
    /// The ranking audit of a file (`fairlua audit --ranking`): the items of the CSV at `path` ranked by decreasing
    /// `score`, with `relevance` per item and groups from `sensitive`, measured as `init(scores:relevance:groups:…)`.
    public init(path: String, options: CSVOptions, relevance: String, score: String, sensitive: [String],
                target: [String: Double]?, depth: Int?, tiesByRow: Bool) throws {
        let file = try AuditedFile(path, options: options, numeric: [relevance, score], sensitive: sensitive)
        try self.init(scores: try file.numbers(score, "score"), relevance: try file.numbers(relevance, "y-true"),
                      groups: try file.groups(sensitive), target: target, depth: depth, tiesByRow: tiesByRow)
    }
}
