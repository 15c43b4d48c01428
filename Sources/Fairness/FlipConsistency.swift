import Datasets
import Tensors

extension IndividualFairness {
    /// The most counterfactual copies `flipConsistency` makes (the product of the columns' level counts, less one).
    public static let maximumFlips = 1024

    /// Attribute-flip consistency (Yurochkin, Bower & Sun, ICLR 2020: Adult's "spouse consistency" and
    /// "gender and race consistency"; inFairness's `spouse_consistency`): the share of rows whose decision is the
    /// same on every counterfactual copy of `ds`. With `swap` = {a, b} and one column, one copy: rows at level a take
    /// level b and rows at b take a, the others keep theirs (relationship Husband ↔ Wife); without, one copy per
    /// combination of shifts sₖ of `columns` (level code c → (c + sₖ) mod levelsₖ, not all sₖ = 0), so each row
    /// meets every combination of the columns' levels. 1 for a model that ignores the columns; rows with a missing
    /// level keep it. `decide` gives the 0/1 decisions of a dataset (the model must read the columns to change).
    public static func flipConsistency(_ ds: Dataset, columns: [String], swap: [String]? = nil,
                                       decide: (Dataset) throws -> [Double]) throws -> Double {
        let same = try unchanged(ds, columns: columns, swap: swap, decide: decide)
        return Double(same.filter { $0 }.count) / Double(max(ds.count, 1))
    }

    /// For each row, whether its decision is the same on every copy `flipConsistency` makes.
    static func unchanged(_ ds: Dataset, columns: [String], swap: [String]?, decide: (Dataset) throws -> [Double]) throws -> [Bool] {
        guard !columns.isEmpty else { throw FairnessError.invalid("flip consistency: name the columns to flip") }
        guard Set(columns).count == columns.count else { throw FairnessError.invalid("flip consistency: a column is named twice") }
        let categories = try columns.map { name in
            let c = Dataset.categories(try ds.column(name))
            guard c.levels.count >= 2 else { throw FairnessError.invalid("'\(name)' has fewer than two levels") }
            return c
        }
        var copies: [[[Int32]]] = []
        if let swap {
            guard swap.count == 2 else { throw FairnessError.invalid("flip consistency: swap takes two levels, got \(swap.count)") }
            let (a, b) = (swap[0], swap[1])
            guard columns.count == 1, let c = categories.first else { throw FairnessError.invalid("flip consistency: swap takes one column, got \(columns.count)") }
            guard let i = c.levels.firstIndex(of: a), let j = c.levels.firstIndex(of: b), i != j else {
                throw FairnessError.invalid("flip consistency: swap needs two levels of '\(columns[0])'; levels are: \(c.levels.joined(separator: ", "))")
            }
            copies = [[c.codes.map { $0 == Int32(i) ? Int32(j) : $0 == Int32(j) ? Int32(i) : $0 }]]
        } else {
            let total = categories.reduce(1) { product, c in
                let (value, overflow) = product.multipliedReportingOverflow(by: c.levels.count)
                return overflow ? Int.max : value
            }
            guard total - 1 <= maximumFlips else {
                throw FairnessError.invalid("flip consistency: \(columns.joined(separator: ", ")) have \(total) combinations of levels; at most \(maximumFlips + 1)")
            }
            for combination in 1..<total {
                var rest = combination
                copies.append(categories.map { c in
                    let shift = rest % c.levels.count
                    rest /= c.levels.count
                    return c.codes.map { $0 < 0 ? $0 : Int32((Int($0) + shift) % c.levels.count) }
                })
            }
        }
        let before = try decide(ds)
        guard before.count == ds.count else { throw FairnessError.invalid("flip consistency: \(before.count) decisions for \(ds.count) rows") }
        var same = [Bool](repeating: true, count: ds.count)
        for codes in copies {
            try Cancellation.check()
            var flipped = ds
            for (k, name) in columns.enumerated() {
                flipped = try flipped.adding(name, .categorical(CategoricalColumn(levels: categories[k].levels, codes: codes[k])))
            }
            let after = try decide(flipped)
            guard after.count == ds.count else { throw FairnessError.invalid("flip consistency: \(after.count) decisions for \(ds.count) rows") }
            for i in 0..<ds.count where after[i] != before[i] { same[i] = false }
        }
        return same
    }
}
