import Datasets
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Bias in a dataset before any model: label base rates per group, parity of the labels, group sizes,
/// divergence of label distributions, and proxies — features associated with a sensitive attribute.
public struct DataBias {
    /// One sensitive attribute's view of the labels.
    public struct Attribute {
        /// The sensitive column.
        public let name: String
        /// Its groups, sorted.
        public let groups: [String]
        /// Rows per group.
        public let counts: [Int]
        /// Share of positive labels per group.
        public let baseRates: [Double]
        /// Max − min base rate (Fairlearn's demographic parity difference of the labels).
        public let parityDifference: Double
        /// Min / max base rate.
        public let parityRatio: Double
        /// With a privileged group: unprivileged − privileged base rate (AIF360's mean difference).
        public let statisticalParityDifference: Double?
        /// With a privileged group: unprivileged / privileged base rate.
        public let disparateImpact: Double?
        /// With a privileged group: (n_unprivileged − n_privileged) / n (AIF360's class imbalance of group sizes).
        public let classImbalance: Double?
        /// KL divergence (nats) of each group's label distribution from the rest of the rows'.
        public let klDivergence: [Double]
    }

    /// How strongly one feature is associated with one sensitive attribute.
    public struct Proxy {
        /// The feature column.
        public let feature: String
        /// The sensitive column.
        public let sensitive: String
        /// Cramér's V (categorical features) or the correlation ratio η (numeric), in [0, 1].
        public let association: Double
        /// "cramers_v" or "correlation_ratio".
        public let measure: String
        /// Mutual information in nats (numeric features in 10 quantile bins).
        public let mutualInformation: Double
    }

    /// Rows.
    public let n: Int
    /// Share of positive labels overall.
    public let baseRate: Double
    /// One entry per sensitive column.
    public let attributes: [Attribute]
    /// Every feature × sensitive pair, strongest association first.
    public let proxies: [Proxy]
    /// With population shares: each sensitive column's representation against them.
    public let selection: SelectionBias?
    /// With legitimate features: the labels' disparity by group within their strata.
    public let labels: LabelBias?

    /// Measures `dataset` (which needs a label and at least one sensitive column); `privileged` maps a
    /// sensitive column to its privileged value; `population` gives groups' shares in the population;
    /// `legitimate` names the features within whose strata labels should not differ by group.
    public init(_ dataset: Dataset, privileged: [String: String] = [:], population: [String: [String: Double]] = [:],
                legitimate: [String] = []) throws {
        let labels = try dataset.labels()
        guard !labels.isEmpty else { throw FairnessError.invalid("data_bias: the dataset has no rows") }
        guard !dataset.sensitive.isEmpty else { throw FairnessError.invalid("data_bias: the dataset has no sensitive column (give sensitive= when loading)") }
        let n = labels.count
        self.n = n
        let baseRate = Double(labels.reduce(0) { $0 + Int($1) }) / Double(n)
        self.baseRate = baseRate
        var attributes: [Attribute] = []
        var proxies: [Proxy] = []
        for name in dataset.sensitive {
            let column = try dataset.sensitiveColumn(name)
            let groups = try GroupIndex(features: [(name, column.levels, column.codes)])
            var counts = [Int](repeating: 0, count: groups.count), positives = counts
            for (i, g) in groups.codes.enumerated() { counts[Int(g)] += 1; positives[Int(g)] += Int(labels[i]) }
            let rates = (0..<groups.count).map { Double(positives[$0]) / Double(counts[$0]) }
            let totalPositives = positives.reduce(0, +)
            let kl = (0..<groups.count).map { g -> Double in
                let restN = n - counts[g], restPositive = totalPositives - positives[g]
                guard restN > 0 else { return .nan }
                return DataBias.kl(rates[g], Double(restPositive) / Double(restN))
            }
            var spd: Double?, di: Double?, imbalance: Double?
            if let value = privileged[name] {
                guard let k = groups.names.firstIndex(of: value) else {
                    throw FairnessError.invalid("privileged value '\(value)' not found in '\(name)'; values are: \(groups.names.joined(separator: ", "))")
                }
                let restN = n - counts[k]
                let restRate = restN == 0 ? .nan : Double(totalPositives - positives[k]) / Double(restN)
                spd = restRate - rates[k]
                di = restRate / rates[k]
                imbalance = Double(restN - counts[k]) / Double(n)
            }
            attributes.append(Attribute(name: name, groups: groups.names, counts: counts, baseRates: rates,
                                        parityDifference: MetricFrame.difference(rates, overall: baseRate, .betweenGroups),
                                        parityRatio: MetricFrame.ratio(rates, overall: baseRate, .betweenGroups),
                                        statisticalParityDifference: spd, disparateImpact: di, classImbalance: imbalance,
                                        klDivergence: kl))
            for (feature, values) in zip(dataset.table.names, dataset.table.columns)
            where feature != dataset.label && !dataset.sensitive.contains(feature) {
                proxies.append(DataBias.proxy(feature, values, name, column))
            }
        }
        self.attributes = attributes
        selection = population.isEmpty ? nil : try SelectionBias(dataset, population: population)
        self.labels = legitimate.isEmpty ? nil : try LabelBias(dataset, legitimate: legitimate)
        self.proxies = proxies.sorted { ($0.association.isNaN ? -1 : $0.association) > ($1.association.isNaN ? -1 : $1.association) }
    }

    /// KL(Bernoulli(p) ‖ Bernoulli(q)) in nats.
    static func kl(_ p: Double, _ q: Double) -> Double {
        func term(_ a: Double, _ b: Double) -> Double { a == 0 ? 0 : a * log(a / b) }
        return term(p, q) + term(1 - p, 1 - q)
    }

    /// Association of one feature with one sensitive column (rows missing either are skipped).
    static func proxy(_ feature: String, _ column: Column, _ sensitive: String, _ s: CategoricalColumn) -> Proxy {
        let k = s.levels.count
        switch column {
        case let .categorical(c):
            var table = [[Double]](repeating: [Double](repeating: 0, count: k), count: c.levels.count)
            for i in 0..<c.codes.count where c.codes[i] >= 0 && s.codes[i] >= 0 { table[Int(c.codes[i])][Int(s.codes[i])] += 1 }
            return Proxy(feature: feature, sensitive: sensitive, association: cramersV(table), measure: "cramers_v",
                         mutualInformation: mutualInformation(table))
        case let .numeric(values):
            var sum = [Double](repeating: 0, count: k), count = sum
            var all = 0.0, n = 0.0
            var present: [(Double, Int)] = []
            for i in 0..<values.count where !values[i].isNaN && s.codes[i] >= 0 {
                let g = Int(s.codes[i])
                sum[g] += values[i]; count[g] += 1; all += values[i]; n += 1
                present.append((values[i], g))
            }
            let mean = all / n
            var between = 0.0, total = 0.0
            for g in 0..<k where count[g] > 0 { between += count[g] * (sum[g] / count[g] - mean) * (sum[g] / count[g] - mean) }
            for (v, _) in present { total += (v - mean) * (v - mean) }
            // Quantile bins (ties kept together) for the mutual information.
            let sorted = present.map(\.0).sorted()
            let edges = (1..<10).map { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, $0 * sorted.count / 10)] }
            let uniqueEdges = Array(Set(edges)).sorted()
            var table = [[Double]](repeating: [Double](repeating: 0, count: k), count: uniqueEdges.count + 1)
            for (v, g) in present {
                var b = 0
                while b < uniqueEdges.count && v >= uniqueEdges[b] { b += 1 }
                table[b][g] += 1
            }
            return Proxy(feature: feature, sensitive: sensitive, association: total == 0 ? .nan : (between / total).squareRoot(),
                         measure: "correlation_ratio", mutualInformation: mutualInformation(table))
        }
    }

    /// Cramér's V of a contingency table (empty rows and columns ignored).
    static func cramersV(_ table: [[Double]]) -> Double {
        let rows = table.filter { $0.reduce(0, +) > 0 }
        guard let width = rows.first?.count else { return .nan }
        let keep = (0..<width).filter { c in rows.contains { $0[c] > 0 } }
        let t = rows.map { r in keep.map { r[$0] } }
        guard t.count >= 2, keep.count >= 2 else { return 0 }
        guard let chi = try? StatisticalTests.chiSquare(table: t, correction: false) else { return .nan }
        let n = t.reduce(0) { $0 + $1.reduce(0, +) }
        return (chi.statistic / (n * Double(min(t.count, keep.count) - 1))).squareRoot()
    }

    /// Mutual information (nats) of a contingency table.
    static func mutualInformation(_ table: [[Double]]) -> Double {
        let n = table.reduce(0) { $0 + $1.reduce(0, +) }
        guard n > 0, let width = table.first?.count else { return .nan }
        let rowSums = table.map { $0.reduce(0, +) }
        let colSums = (0..<width).map { c in table.reduce(0) { $0 + $1[c] } }
        var mi = 0.0
        for (r, row) in table.enumerated() {
            for (c, v) in row.enumerated() where v > 0 { mi += v / n * log(v * n / (rowSums[r] * colSums[c])) }
        }
        return mi
    }
}
