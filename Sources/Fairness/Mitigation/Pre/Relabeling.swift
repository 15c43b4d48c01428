import Datasets

extension Dataset {
    /// The dataset with its label column rewritten: a positive value (the first, sorted) where `positive` is true,
    /// a negative value of the column (or "0") elsewhere — the relabelling of massaging and of LFR.
    func relabeled(_ positive: [Bool]) throws -> Dataset {
        guard let label else { throw FairnessError.invalid("the dataset has no label") }
        let positiveText = self.positive.sorted().first ?? "1"
        let negativeText = Set(Dataset.categories(try column(label)).levels).subtracting(self.positive).sorted().first ?? "0"
        return try adding(label, .categorical(CategoricalColumn(values: positive.map { $0 ? positiveText : negativeText })))
    }
}
