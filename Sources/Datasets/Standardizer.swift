/// Standardises numeric feature columns to zero mean and unit variance (population standard deviation,
/// as scikit-learn's StandardScaler), with statistics learned on one dataset and applied to others.
/// The label and sensitive columns are left alone; a constant column is only centred. The statistics are
/// recorded in the output's schema, so a model fitted on standardised data standardises raw data itself.
public struct Standardizer: Sendable {
    /// (column, mean, standard deviation) for each numeric feature column seen at fit time.
    public let statistics: [(column: String, mean: Double, std: Double)]

    /// A standardiser with known statistics (read back from a file).
    public init(statistics: [(column: String, mean: Double, std: Double)]) { self.statistics = statistics }

    /// Learns the statistics of `dataset`'s numeric feature columns (missing values ignored).
    public init(fitting dataset: Dataset) {
        statistics = zip(dataset.table.names, dataset.table.columns).compactMap { name, column in
            guard name != dataset.label, !dataset.sensitive.contains(name), case let .numeric(values) = column else { return nil }
            let present = values.filter { !$0.isNaN }
            let mean = present.reduce(0, +) / Double(max(present.count, 1))
            let variance = present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(present.count, 1))
            return (name, mean, variance.squareRoot())
        }
    }

    /// `dataset` with the fitted columns standardised.
    public func transform(_ dataset: Dataset) throws -> Dataset {
        var out = dataset
        for (name, mean, std) in statistics {
            guard case let .numeric(values) = try dataset.column(name) else {
                throw DatasetError.invalid("Standardize: column '\(name)' was numeric when fitted")
            }
            let fitted = Schema.Standardization(mean: mean, std: std)
            out = try out.adding(name, .numeric(values.map(fitted.apply))).recording(fitted, for: name)
        }
        return out
    }
}
