import Datasets
import Learning
import Tensors

/// Kamiran & Calders' preferential sampling: each (group, label) cell is resized to the count it would
/// have if label and group were independent, duplicating or removing the rows closest to the decision
/// boundary first (seeded tie-breaking).
public struct PreferentialSampling {
    /// The sensitive column (default the dataset's first).
    public let sensitive: String?
    /// The privileged value (default the group with the highest base rate).
    public let privileged: String?
    /// Seed for breaking ties between equally scored rows.
    public let seed: UInt64

    /// A sampler.
    public init(sensitive: String? = nil, privileged: String? = nil, seed: UInt64 = 0) {
        self.sensitive = sensitive
        self.privileged = privileged
        self.seed = seed
    }

    /// The resampled dataset.
    public func transform(_ ds: Dataset) throws -> Dataset {
        let (isPrivileged, labels, _) = try Ranker.split(ds, sensitive: sensitive, privileged: privileged)
        let scores = try Ranker.scores(ds)
        var generator = RandomGenerator(seed: seed)
        let tieBreak = generator.permutation(ds.count)
        let n = Double(ds.count)
        var rows: [Int] = []
        for privileged in [false, true] {
            for label: Int32 in [0, 1] {
                let cell = (0..<ds.count).filter { isPrivileged[$0] == privileged && labels[$0] == label }
                let groupSize = Double(isPrivileged.filter { $0 == privileged }.count)
                let labelSize = Double(labels.filter { $0 == label }.count)
                let expected = Int((groupSize * labelSize / n).rounded())
                // Closest to the boundary: the lowest-scored positives, the highest-scored negatives.
                let byCloseness = cell.sorted { a, b in
                    scores[a] != scores[b] ? (label == 1 ? scores[a] < scores[b] : scores[a] > scores[b]) : tieBreak[a] < tieBreak[b]
                }
                if expected <= cell.count {
                    let removed = Set(byCloseness.prefix(cell.count - expected))
                    rows += cell.filter { !removed.contains($0) }
                } else {
                    rows += cell
                    var extra = expected - cell.count
                    while extra > 0 && !byCloseness.isEmpty {
                        rows += byCloseness.prefix(extra)
                        extra -= min(extra, byCloseness.count)
                    }
                }
            }
        }
        return try ds.select(rows.sorted())
    }
}

extension PreferentialSampling: Preprocessor {
    /// Preferential sampling resamples training rows.
    public var changesFeatures: Bool { false }
}
