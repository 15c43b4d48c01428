import Tensors

extension Dataset {
    /// Row indices grouped by the values of `columns` ("label" means the 0/1 label), in first-seen order.
    func strata(_ columns: [String]) throws -> [[Int]] {
        RowSplit.strata(try columns.map { name -> [Int32] in
            if name == "label" { return try labels() }
            return Dataset.categories(try column(name)).codes
        }, count: count)
    }

    /// A seeded random split: `ratio` of the rows go to the first dataset. With `stratify` (column names,
    /// "label" for the label), each stratum is split separately, so its share in both parts is kept within one row.
    public func split(ratio: Double, seed: UInt64, stratify: [String] = []) throws -> (Dataset, Dataset) {
        let (first, second) = try RowSplit.split(try strata(stratify), ratio: ratio, seed: seed)
        return (try select(first), try select(second))
    }

    /// How `split` divides the rows: 70 % to the first part, seed 0, not stratified.
    public struct SplitSettings: Sendable {
        /// The share of rows in the first part.
        public var ratio = 0.7
        /// The seed.
        public var seed: UInt64 = 0
        /// Columns whose strata are split separately ("label" for the label).
        public var stratify: [String] = []
        /// The defaults.
        public init() {}
    }

    /// `split(ratio:seed:stratify:)` with `settings`.
    public func split(_ settings: SplitSettings) throws -> (Dataset, Dataset) {
        try split(ratio: settings.ratio, seed: settings.seed, stratify: settings.stratify)
    }

    /// How `sample` draws: every row (a seeded shuffle), without replacement, seed 0.
    public struct SampleSettings: Sendable {
        /// The rows drawn (nil: as many as the dataset has).
        public var n: Int?
        /// Whether a row may be drawn more than once.
        public var replace = false
        /// The seed.
        public var seed: UInt64 = 0
        /// The defaults.
        public init() {}
    }

    /// `sample(_:replace:weights:seed:)` with `settings`, rows drawn in proportion to `weights` when given.
    public func sample(_ settings: SampleSettings, weights: [Double]? = nil) throws -> Dataset {
        try sample(settings.n ?? count, replace: settings.replace, weights: weights, seed: settings.seed)
    }

    /// `k` seeded folds: for each, (training rows, held-out rows) as datasets.
    public func kfold(_ k: Int, seed: UInt64) throws -> [(train: Dataset, test: Dataset)] {
        guard k >= 2 && k <= count else { throw DatasetError.invalid("kfold: k must be between 2 and \(count), got \(k)") }
        var generator = RandomGenerator(seed: seed)
        let order = generator.permutation(count)
        return try (0..<k).map { fold in
            let held = Set(order.enumerated().filter { $0.offset % k == fold }.map(\.element))
            return (try select((0..<count).filter { !held.contains($0) }), try select(held.sorted()))
        }
    }
}

/// Seeded, stratified row splits shared by tables and image folders.
enum RowSplit {
    /// Row indices grouped by their key in every array of `keys`, in first-seen order.
    static func strata(_ keys: [[Int32]], count: Int) -> [[Int]] {
        var groups: [[Int32]: Int] = [:]
        var out: [[Int]] = []
        for row in 0..<count {
            let key = keys.map { $0[row] }
            if let g = groups[key] { out[g].append(row) } else {
                groups[key] = out.count
                out.append([row])
            }
        }
        return out
    }

    /// `ratio` of each stratum's rows (rounded) to the first part, chosen at random with `seed`; both parts sorted.
    static func split(_ strata: [[Int]], ratio: Double, seed: UInt64) throws -> ([Int], [Int]) {
        guard ratio > 0 && ratio < 1 else { throw DatasetError.invalid("split: ratio must be between 0 and 1, got \(ratio)") }
        var generator = RandomGenerator(seed: seed)
        var first: [Int] = [], second: [Int] = []
        for group in strata {
            let order = generator.permutation(group.count).map { group[$0] }
            let cut = Int((Double(group.count) * ratio).rounded())
            first += order[..<cut]
            second += order[cut...]
        }
        return (first.sorted(), second.sorted())
    }
}
