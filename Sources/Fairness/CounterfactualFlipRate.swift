import Datasets

extension IndividualFairness {
    /// The share of rows whose decision changes when the sensitive column `name` is swapped for each other
    /// level in turn (level k → k + shift mod levels): a model that ignores the column scores 0. `decide`
    /// gives the 0/1 decisions of a dataset (the model must read the column for the rate to be non-zero).
    public static func counterfactualFlipRate(_ ds: Dataset, sensitive name: String, decide: (Dataset) throws -> [Double]) throws -> Double {
        let column = Dataset.categories(try ds.column(name))
        guard column.levels.count >= 2 else { throw FairnessError.invalid("'\(name)' has fewer than two levels") }
        let before = try decide(ds)
        var changed = [Bool](repeating: false, count: ds.count)
        for shift in 1..<column.levels.count {
            let codes = column.codes.map { $0 < 0 ? $0 : Int32((Int($0) + shift) % column.levels.count) }
            let after = try decide(try ds.adding(name, .categorical(CategoricalColumn(levels: column.levels, codes: codes))))
            guard after.count == before.count, before.count == ds.count else {
                throw FairnessError.invalid("counterfactual_flip_rate: \(after.count) decisions for \(ds.count) rows")
            }
            for i in 0..<ds.count where after[i] != before[i] { changed[i] = true }
        }
        return Double(changed.filter { $0 }.count) / Double(max(ds.count, 1))
    }
}
