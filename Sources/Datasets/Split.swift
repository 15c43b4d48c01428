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
