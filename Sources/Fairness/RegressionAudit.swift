import Datasets

extension RegressionFairness {
    /// The regression audit of a file (`fairlua audit --regression`): the CSV at `path` read with `options`, its
    /// numeric columns `label` (targets) and `prediction`, and groups from `sensitive` (their values, intersected
    /// when several), measured as `init(targets:predictions:groups:…)` does. A missing or non-numeric target or
    /// prediction, or a missing sensitive value, is an error naming the line.
    public init(path: String, options: CSVOptions, label: String, prediction: String, sensitive: [String],
                permutations: Int, seed: UInt64, bound: Double?, minGroupSize: Int) throws {
        var o = options
        o.numeric.formUnion([label, prediction])
        o.categorical.formUnion(sensitive)
        let table = try CSVReader.read(path, options: o).table
        let firstLine = o.header ? 2 : 1
        func numbers(_ name: String, _ option: String) throws -> [Double] {
            guard case let .numeric(values) = table.columns[try table.index(of: name, option: option)] else {
                throw FairnessError.invalid("\(path): \(option) '\(name)' is not numeric")
            }
            if let i = values.firstIndex(where: { !$0.isFinite }) {
                throw FairnessError.invalid("\(path):\(i + firstLine): \(option) '\(name)' is missing or not finite")
            }
            return values
        }
        let features = try sensitive.map { name -> (name: String, levels: [String], codes: [Int32]) in
            guard case let .categorical(c) = table.columns[try table.index(of: name, option: "sensitive")] else {
                throw FairnessError.invalid("\(path): sensitive '\(name)' is not categorical")
            }
            if let i = c.codes.firstIndex(where: { $0 < 0 }) { throw FairnessError.invalid("\(path):\(i + firstLine): sensitive '\(name)' is missing") }
            return (name, c.levels, c.codes)
        }
        try self.init(targets: try numbers(label, "y-true"), predictions: try numbers(prediction, "y-pred"),
                      groups: try GroupIndex(features: features), permutations: permutations, seed: seed, bound: bound, minGroupSize: minGroupSize)
    }
}
