import Datasets

/// The features a subgroup scan searches over, each as contiguous integer codes 0..<levels: categorical
/// columns keep the levels that occur; numeric columns are cut into quantile bins as pandas' `qcut(x, bins,
/// duplicates="drop")` does (NumPy's linear quantiles, right-closed bins, the lowest edge included).
public struct ScanFeatures: Sendable {
    /// Feature names, in the order given.
    public let names: [String]
    /// Each feature's levels (bins of a numeric feature read "[17, 28]", "(28, 37]", …).
    public let levels: [[String]]
    /// Each feature's code per row.
    public let codes: [[Int32]]
    /// The number of rows.
    public var rowCount: Int { codes.first?.count ?? 0 }

    /// The columns `names` of `dataset`; numeric ones in `bins` quantile bins. A categorical column with more
    /// than `maxLevels` levels is refused (scanning it would test mostly tiny subgroups), as is a missing value.
    public init(_ dataset: Dataset, columns names: [String], bins: Int = 4, maxLevels: Int = 50) throws {
        guard !names.isEmpty else { throw FairnessError.invalid("scan: give at least one feature column to scan") }
        guard bins >= 2, bins <= 1000 else { throw FairnessError.invalid("scan: bins must be in 2…1000; got \(bins)") }
        guard maxLevels >= 2 else { throw FairnessError.invalid("scan: max_levels must be at least 2; got \(maxLevels)") }
        if let twice = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw FairnessError.invalid("scan: column '\(twice)' is given twice")
        }
        var levels: [[String]] = [], codes: [[Int32]] = []
        for name in names {
            let (l, c): ([String], [Int32])
            switch try dataset.column(name) {
            case let .numeric(values): (l, c) = try Self.quantileBins(values, bins: bins, name: name)
            case let .categorical(column): (l, c) = try Self.present(column, name: name, maxLevels: maxLevels)
            }
            levels.append(l)
            codes.append(c)
        }
        self.names = names
        self.levels = levels
        self.codes = codes
    }

    /// Features from their parts (codes must lie in 0..<levels.count and have one entry per row).
    public init(names: [String], levels: [[String]], codes: [[Int32]]) throws {
        guard names.count == levels.count, names.count == codes.count, !names.isEmpty else {
            throw FairnessError.invalid("scan: give one list of levels and one of codes per feature")
        }
        for f in names.indices {
            guard codes[f].count == codes[0].count else { throw FairnessError.lengthMismatch("feature '\(names[f])'", codes[f].count, "feature '\(names[0])'", codes[0].count) }
            if let bad = codes[f].first(where: { $0 < 0 || Int($0) >= levels[f].count }) {
                throw FairnessError.invalid("scan: feature '\(names[f])' has code \(bad) outside 0..<\(levels[f].count)")
            }
        }
        self.names = names
        self.levels = levels
        self.codes = codes
    }

    /// The index of feature `name`, or an error listing the features.
    public func index(of name: String) throws -> Int {
        guard let i = names.firstIndex(of: name) else {
            throw FairnessError.invalid("scan: '\(name)' is not a scanned feature; features are: \(names.joined(separator: ", "))")
        }
        return i
    }

    /// The levels that occur, recoded 0..<count in the column's level order.
    static func present(_ column: CategoricalColumn, name: String, maxLevels: Int) throws -> ([String], [Int32]) {
        var used = [Bool](repeating: false, count: column.levels.count)
        for (row, c) in column.codes.enumerated() {
            guard c >= 0 else { throw FairnessError.invalid("scan: '\(name)' is missing at row \(row + 1); drop or fill missing values first") }
            used[Int(c)] = true
        }
        var recode = [Int32](repeating: -1, count: used.count), levels: [String] = []
        for (i, u) in used.enumerated() where u {
            recode[i] = Int32(levels.count)
            levels.append(column.levels[i])
        }
        guard levels.count <= maxLevels else {
            throw FairnessError.invalid("scan: '\(name)' has \(levels.count) levels, more than max_levels = \(maxLevels): bin it or group rare levels " +
                                        "into fewer categories first (or raise max_levels)")
        }
        return (levels, column.codes.map { recode[Int($0)] })
    }

    /// pandas' `qcut`: edges at the 0, 1/bins, …, 1 quantiles, repeated edges dropped; row x falls in the bin
    /// (eᵢ, eᵢ₊₁], the first bin closed on the left.
    static func quantileBins(_ values: [Double], bins: Int, name: String) throws -> ([String], [Int32]) {
        if let row = values.firstIndex(where: { !$0.isFinite }) {
            throw FairnessError.invalid("scan: '\(name)' is missing or not finite at row \(row + 1); drop or fill missing values first")
        }
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return ([], []) }
        var edges: [Double] = []
        for k in 0...bins {
            let e = MetricFrame.quantile(sorted, Double(k) / Double(bins))
            if edges.last != e { edges.append(e) }
        }
        if edges.count == 1 { edges.append(edges[0]) }
        let count = edges.count - 1
        let labels = (0..<count).map { k in
            (k == 0 ? "[" : "(") + TextTable.format(edges[k]) + ", " + TextTable.format(edges[k + 1]) + "]"
        }
        let codes = values.map { x -> Int32 in
            var lo = 0, hi = count - 1   // the first bin whose upper edge is ≥ x
            while lo < hi {
                let mid = (lo + hi) / 2
                if edges[mid + 1] >= x { hi = mid } else { lo = mid + 1 }
            }
            return Int32(lo)
        }
        return (labels, codes)
    }
}
