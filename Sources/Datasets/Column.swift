/// A column of categories stored as codes into a list of levels (code -1 is missing).
public struct CategoricalColumn: Equatable, Sendable {
    /// The distinct values, in order of first appearance.
    public var levels: [String]
    /// One code per row; -1 marks a missing value.
    public var codes: [Int32]

    /// A column from levels and codes.
    public init(levels: [String], codes: [Int32]) {
        self.levels = levels
        self.codes = codes
    }

    /// A column of `values` (nil is missing), levels in order of first appearance.
    public init(values: [String?]) {
        var levels: [String] = [], index: [String: Int32] = [:]
        codes = values.map { value -> Int32 in
            guard let value else { return -1 }
            if let code = index[value] { return code }
            index[value] = Int32(levels.count)
            levels.append(value)
            return Int32(levels.count - 1)
        }
        self.levels = levels
    }

    /// A column of numbers as categories, levels (named by `formatNumber`) in order of first appearance: the same
    /// column as `init(values:)` of the formatted numbers, without formatting every row (0 and −0 are one level,
    /// as are all NaNs).
    public init(numbers: [Float]) {
        var bits: [UInt32] = [], index: [UInt32: Int32] = [:]
        codes = numbers.map { x -> Int32 in
            let key = x == 0 ? 0 : x.isNaN ? Float.nan.bitPattern : x.bitPattern
            // Few levels (the usual case): a scan beats hashing.
            if bits.count <= 16, let code = bits.firstIndex(of: key) { return Int32(code) }
            if bits.count > 16, let code = index[key] { return code }
            index[key] = Int32(bits.count)
            bits.append(key)
            return Int32(bits.count - 1)
        }
        levels = bits.map { formatNumber(Double(Float(bitPattern: $0))) }
    }

    /// Rows `indices`, keeping only the levels still used (in their original order).
    public func selecting(_ indices: [Int]) -> CategoricalColumn {
        var used = [Bool](repeating: false, count: levels.count)
        for i in indices where codes[i] >= 0 { used[Int(codes[i])] = true }
        var remap = [Int32](repeating: -1, count: levels.count)
        var kept: [String] = []
        for (k, level) in levels.enumerated() where used[k] {
            remap[k] = Int32(kept.count)
            kept.append(level)
        }
        return CategoricalColumn(levels: kept, codes: indices.map { codes[$0] < 0 ? -1 : remap[Int(codes[$0])] })
    }

    /// The value of row `i` (nil when missing).
    public func value(_ i: Int) -> String? { codes[i] < 0 ? nil : levels[Int(codes[i])] }

    /// Rows per level, in level order (missing rows not counted).
    public var counts: [(level: String, count: Int)] {
        var counts = [Int](repeating: 0, count: levels.count)
        for code in codes where code >= 0 { counts[Int(code)] += 1 }
        return zip(levels, counts).map { ($0, $1) }
    }
}

/// A typed column of a table: numbers (NaN is missing) or categories.
public enum Column: Equatable, Sendable {
    case numeric([Double])
    case categorical(CategoricalColumn)

    /// Number of rows.
    public var count: Int {
        switch self {
        case let .numeric(values): return values.count
        case let .categorical(c): return c.codes.count
        }
    }

    /// Whether row `i` is missing.
    public func isMissing(_ i: Int) -> Bool {
        switch self {
        case let .numeric(values): return values[i].isNaN
        case let .categorical(c): return c.codes[i] < 0
        }
    }

    /// The value of row `i` as text, as it would be written back to a CSV file ("" when missing).
    public func text(_ i: Int) -> String {
        switch self {
        case let .numeric(values): return values[i].isNaN ? "" : formatNumber(values[i])
        case let .categorical(c): return c.value(i) ?? ""
        }
    }
}

/// `25` for integral values, else the shortest text that reads back to the same Double.
public func formatNumber(_ d: Double) -> String {
    if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
    return d.description
}

/// Named columns of equal length.
public struct Table: Equatable, Sendable {
    /// Column names, in file order.
    public var names: [String]
    /// The columns, parallel to `names`.
    public var columns: [Column]

    /// A table; every column must have the same length.
    public init(names: [String], columns: [Column]) {
        self.names = names
        self.columns = columns
    }

    /// Number of rows.
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// The index of column `name`, or an error listing the columns, attributed to `option`.
    public func index(of name: String, option: String = "column") throws -> Int {
        guard let i = names.firstIndex(of: name) else {
            throw DatasetError.unknownColumn(name: name, option: option, columns: names)
        }
        return i
    }
}
