import Datasets
import Learning
import Tensors

/// The ranker Kamiran & Calders' massaging and preferential sampling use: a logistic regression on the
/// dataset's features (sensitive columns excluded) whose scores say how close each row is to the
/// decision boundary.
enum Ranker {
    /// P(y = 1) for every row of `ds`, from a logistic regression fitted on `ds` itself.
    static func scores(_ ds: Dataset) throws -> [Double] {
        let encoder = FeatureEncoder(fitting: ds)
        let m = try encoder.transform(ds)
        let x = try Tensor(shape: [m.rows, m.names.count], storage: m.values)
        let model = try LogisticRegression()
        try model.fit(x, try ds.labels().map(Double.init), weights: ds.weights)
        return try model.predictProbability(x)
    }

    /// The privileged rows (the group named, or the group with the highest base rate) and the labels.
    static func split(_ ds: Dataset, sensitive: String?, privileged: String?) throws -> (privileged: [Bool], labels: [Int32], group: String) {
        guard let name = sensitive ?? ds.sensitive.first else { throw FairnessError.invalid("the dataset has no sensitive column") }
        let column = try ds.sensitiveColumn(name)
        let labels = try ds.labels()
        var positive = [Int](repeating: 0, count: column.levels.count), total = positive
        for (i, c) in column.codes.enumerated() where c >= 0 { total[Int(c)] += 1; positive[Int(c)] += Int(labels[i]) }
        let chosen: Int
        if let privileged {
            guard let k = column.levels.firstIndex(of: privileged) else {
                throw FairnessError.invalid("privileged value '\(privileged)' not found in '\(name)'; values are: \(column.levels.sorted().joined(separator: ", "))")
            }
            chosen = k
        } else {
            chosen = column.levels.indices.filter { total[$0] > 0 }.max { Double(positive[$0]) / Double(total[$0]) < Double(positive[$1]) / Double(total[$1]) } ?? 0
        }
        return (column.codes.map { $0 == Int32(chosen) }, labels, column.levels[chosen])
    }
}

/// Kamiran & Calders' massaging: relabels the M unprivileged negatives with the highest scores as
/// positive and the M privileged positives with the lowest scores as negative, M chosen so that the two
/// base rates become equal (within one row).
public struct Massaging {
    /// The sensitive column (default the dataset's first).
    public let sensitive: String?
    /// The privileged value (default the group with the highest base rate).
    public let privileged: String?
    /// Labels changed in each direction by the last transform.
    public private(set) var changed = 0

    /// A massager.
    public init(sensitive: String? = nil, privileged: String? = nil) {
        self.sensitive = sensitive
        self.privileged = privileged
    }

    /// `ds` with M labels changed each way.
    public mutating func transform(_ ds: Dataset) throws -> Dataset {
        guard let label = ds.label else { throw FairnessError.invalid("Massaging: the dataset has no label") }
        let (isPrivileged, labels, _) = try Ranker.split(ds, sensitive: sensitive, privileged: privileged)
        let scores = try Ranker.scores(ds)
        let n = Double(ds.count)
        let nP = Double(isPrivileged.filter { $0 }.count), nU = n - nP
        let posP = Double(zip(isPrivileged, labels).filter { $0.0 && $0.1 == 1 }.count)
        let posU = Double(zip(isPrivileged, labels).filter { !$0.0 && $0.1 == 1 }.count)
        let m = max(0, Int(((posP * nU - posU * nP) / n).rounded()))
        let promote = (0..<ds.count).filter { !isPrivileged[$0] && labels[$0] == 0 }.sorted { scores[$0] > scores[$1] }.prefix(m)
        let demote = (0..<ds.count).filter { isPrivileged[$0] && labels[$0] == 1 }.sorted { scores[$0] < scores[$1] }.prefix(m)
        var newLabels = labels
        for i in promote { newLabels[i] = 1 }
        for i in demote { newLabels[i] = 0 }
        changed = min(promote.count, demote.count)
        let positiveText = ds.positive.sorted().first ?? "1"
        let negativeText = Set(Dataset.categories(try ds.column(label)).levels).subtracting(ds.positive).sorted().first ?? "0"
        let column = CategoricalColumn(values: newLabels.map { $0 == 1 ? positiveText : negativeText })
        return try ds.adding(label, .categorical(column))
    }
}

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

/// Drops every feature whose association with a sensitive column reaches `threshold` (Cramér's V or the
/// correlation ratio, or mutual information in nats), and says why. Sensitive columns stay as roles:
/// they are never model features in FairLua.
public struct DropProxies {
    /// The association measure: "cramers_v" (Cramér's V / correlation ratio) or "mutual_information".
    public let method: String
    /// Features at or above this association are dropped.
    public let threshold: Double
    /// What the last fit found: feature, sensitive column, value.
    public private(set) var dropped: [(feature: String, sensitive: String, value: Double)] = []

    /// A proxy filter.
    public init(threshold: Double = 0.3, method: String = "cramers_v") throws {
        guard method == "cramers_v" || method == "mutual_information" else {
            throw FairnessError.invalid("DropProxies: method must be 'cramers_v' or 'mutual_information', got '\(method)'")
        }
        guard threshold >= 0 else { throw FairnessError.invalid("DropProxies: threshold must be ≥ 0") }
        self.method = method
        self.threshold = threshold
    }

    /// Finds the proxies of `ds`.
    public mutating func fit(_ ds: Dataset) throws {
        let bias = try DataBias(ds)
        var seen = Set<String>()
        dropped = []
        for p in bias.proxies {
            let value = method == "cramers_v" ? p.association : p.mutualInformation
            if value >= threshold && seen.insert(p.feature).inserted { dropped.append((p.feature, p.sensitive, value)) }
        }
    }

    /// `ds` without the proxies found by `fit`.
    public func transform(_ ds: Dataset) throws -> Dataset { try ds.dropping(dropped.map(\.feature)) }
}

extension Massaging: Preprocessor {
    /// Massaging relabels training rows.
    public var changesFeatures: Bool { false }
}

extension PreferentialSampling: Preprocessor {
    /// Preferential sampling resamples training rows.
    public var changesFeatures: Bool { false }
}

extension DropProxies: Preprocessor {
    /// Proxy features are dropped.
    public var changesFeatures: Bool { true }
}
