import Datasets

/// Rows assigned to groups: one sensitive feature, or the intersection of several (only the combinations
/// that occur; keys join the values with `|` in the order the features were given).
public struct GroupIndex: Sendable {
    /// The sensitive features' names, in the order given.
    public let features: [String]
    /// Each group's values, one per feature; groups are sorted by these values.
    public let values: [[String]]
    /// Each row's group (0-based index into `values`).
    public let codes: [Int32]

    /// Group keys such as `"Female|Black"`.
    public var names: [String] { values.map { $0.joined(separator: "|") } }
    /// The number of groups.
    public var count: Int { values.count }
    /// The number of rows.
    public var rowCount: Int { codes.count }

    /// Groups from one or more columns of level codes (−1 is missing, which is an error); `everyCombination` keeps
    /// the combinations no row has too (a saved model's rules name every group, whichever rows it scores).
    public init(features: [(name: String, levels: [String], codes: [Int32])], everyCombination: Bool = false) throws {
        guard let first = features.first else { throw FairnessError.invalid("at least one sensitive feature is needed") }
        let n = first.codes.count
        // Codes of the combination (fewer than Int32.max, checked below).
        var combined = [Int32](repeating: 0, count: n)
        var radix = 1
        for f in features {
            guard f.codes.count == n else { throw FairnessError.lengthMismatch("sensitive '\(first.name)'", n, "sensitive '\(f.name)'", f.codes.count) }
            let levels = f.levels.count
            guard radix <= Int(Int32.max) / max(levels, 1) else { throw FairnessError.invalid("too many intersectional groups") }
            let missing: Int? = f.codes.withUnsafeBufferPointer { codes in
                combined.withUnsafeMutableBufferPointer { combined -> Int? in
                    for i in 0..<n {
                        let c = codes[i]
                        guard c >= 0 && Int(c) < levels else { return i }
                        combined[i] = combined[i] &* Int32(levels) &+ c
                    }
                    return nil
                }
            }
            if let i = missing { throw FairnessError.invalid("sensitive '\(f.name)' is missing at row \(i + 1)") }
            radix *= max(levels, 1)
        }
        var present = [Int32](repeating: -1, count: radix)
        var keys: [Int] = []
        if everyCombination { keys = Array(0..<radix) } else {
            for c in combined where present[Int(c)] < 0 { present[Int(c)] = 0; keys.append(Int(c)) }
        }
        func decode(_ key: Int) -> [String] {
            var key = key, out = [String](repeating: "", count: features.count)
            for (j, f) in features.enumerated().reversed() {
                out[j] = f.levels[key % f.levels.count]
                key /= f.levels.count
            }
            return out
        }
        let sorted = keys.map { ($0, decode($0)) }.sorted { $0.1.lexicographicallyPrecedes($1.1) }
        for (k, entry) in sorted.enumerated() { present[entry.0] = Int32(k) }
        self.features = features.map(\.name)
        self.values = sorted.map(\.1)
        // Keys already in sorted order (one feature, every level present) need no renumbering.
        self.codes = sorted.indices.allSatisfy({ sorted[$0].0 == $0 }) ? combined : combined.map { present[Int($0)] }
    }

    /// The groups of a dataset's sensitive column `name` (default: its first).
    public init(_ dataset: Dataset, sensitive name: String? = nil) throws {
        let column = try dataset.sensitiveColumn(name)
        try self.init(features: [(name ?? dataset.sensitive.first ?? "sensitive", column.levels, column.codes)])
    }

    /// The index of group `key` (the privileged group of AIF360's signed measures), or an error listing the groups.
    public func index(ofPrivileged key: String) throws -> Int {
        guard let k = names.firstIndex(of: key) else {
            throw FairnessError.invalid("privileged group '\(key)' not found; groups are: \(names.joined(separator: ", "))")
        }
        return k
    }

    /// One group holding every row (for overall values).
    public init(single rows: Int) {
        features = []
        values = [[]]
        codes = [Int32](repeating: 0, count: rows)
    }

    /// The same grouping restricted to `rows` (groups absent there disappear).
    public func selecting(_ rows: [Int]) throws -> GroupIndex {
        try GroupIndex(features: [(features.joined(separator: "|"), names, rows.map { codes[$0] })], names: features)
    }

    /// Groups from already-combined codes, keeping the feature names.
    init(features combined: [(name: String, levels: [String], codes: [Int32])], names: [String]) throws {
        let single = try GroupIndex(features: combined)
        self.features = names
        values = single.values.map { $0[0].split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        codes = single.codes
    }

    /// The rows of each group, in row order (a counting sort).
    public func rows() -> [[Int]] {
        var out = [[Int]](repeating: [], count: count)
        var sizes = [Int](repeating: 0, count: count)
        for c in codes { sizes[Int(c)] += 1 }
        for g in 0..<count { out[g].reserveCapacity(sizes[g]) }
        for (i, c) in codes.enumerated() { out[Int(c)].append(i) }
        return out
    }
}
