import Datasets
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Selection (representation) bias: each sensitive column's group shares in the data against the
/// population's (Pearson's chi-square goodness of fit, as SciPy's `chisquare`), or, without a population,
/// against another sample such as the test set (chi-square test of homogeneity, as SciPy's
/// `chi2_contingency`), which only checks that the two samples agree with each other.
public struct SelectionBias: Sendable {
    /// One sensitive column's shares.
    public struct Attribute: Sendable {
        /// The sensitive column.
        public let name: String
        /// Its groups: those of the data, then those only the reference has, sorted.
        public let groups: [String]
        /// Rows per group in the data.
        public let counts: [Int]
        /// Share of the data's rows per group.
        public let shares: [Double]
        /// The reference share per group (the population's, or the other sample's).
        public let expected: [Double]
        /// share / expected per group (the four-fifths band is [0.8, 1.25]).
        public let ratios: [Double]
        /// The chi-square test of the shares against the reference.
        public let test: TestResult
    }

    /// The columns measured.
    public let attributes: [Attribute]
    /// True when the reference was the population; false for another sample.
    public let againstPopulation: Bool

    /// Shares of `data` against `population` (`column → group → share`; each column's shares must sum to 1).
    public init(_ data: Dataset, population: [String: [String: Double]]) throws {
        var attributes: [Attribute] = []
        for name in population.keys.sorted() {
            guard let shares = population[name] else { continue }
            guard data.sensitive.contains(name) else {
                throw FairnessError.invalid("population: '\(name)' is not a sensitive column; sensitive columns are: \(data.sensitive.joined(separator: ", "))")
            }
            for (group, share) in shares where !(share > 0 && share <= 1) {
                throw FairnessError.invalid("population: the share of '\(group)' in '\(name)' must lie in (0, 1], got \(share)")
            }
            let total = shares.values.reduce(0, +)
            guard abs(total - 1) <= 1e-6 else {
                throw FairnessError.invalid("population: the shares of '\(name)' sum to \(total), not 1")
            }
            let observed = try SelectionBias.counts(data, name)
            let missing = observed.keys.filter { shares[$0] == nil }.sorted()
            guard missing.isEmpty else {
                throw FairnessError.invalid("population: no share for \(missing.map { "'\($0)'" }.joined(separator: ", ")) of '\(name)'; give a share for every group: \(observed.keys.sorted().joined(separator: ", "))")
            }
            let groups = shares.keys.sorted()
            let counts = groups.map { observed[$0] ?? 0 }
            let n = Double(counts.reduce(0, +))
            // Pearson's statistic with expected counts n·share, k − 1 degrees of freedom (scipy.stats.chisquare).
            var statistic = 0.0
            for (c, g) in zip(counts, groups) {
                let e = n * (shares[g] ?? 0)
                statistic += (Double(c) - e) * (Double(c) - e) / e
            }
            let dof = groups.count - 1
            let test = TestResult(test: "chi-square goodness of fit", hypothesis: "\(name): the data's shares are the population's",
                                  statistic: statistic, pValue: dof > 0 ? SpecialFunctions.chiSquareSurvival(statistic, dof: Double(dof)) : 1, dof: dof)
            attributes.append(SelectionBias.attribute(name, groups, counts, groups.map { shares[$0] ?? 0 }, test))
        }
        self.attributes = attributes
        againstPopulation = true
    }

    /// Shares of `data` against those of `other` (the same sensitive columns), with a test of homogeneity.
    public init(_ data: Dataset, against other: Dataset) throws {
        var attributes: [Attribute] = []
        for name in data.sensitive where other.sensitive.contains(name) {
            let a = try SelectionBias.counts(data, name), b = try SelectionBias.counts(other, name)
            let groups = Set(a.keys).union(b.keys).sorted()
            guard groups.count >= 2 else { continue }
            let counts = groups.map { a[$0] ?? 0 }, reference = groups.map { b[$0] ?? 0 }
            let m = Double(reference.reduce(0, +))
            let table = zip(counts, reference).map { [Double($0), Double($1)] }
            let chi = try StatisticalTests.chiSquare(table: table, correction: true)
            let test = TestResult(test: chi.test, hypothesis: "\(name): the two samples have the same shares",
                                  statistic: chi.statistic, pValue: chi.pValue, dof: chi.dof)
            attributes.append(SelectionBias.attribute(name, groups, counts, reference.map { Double($0) / m }, test))
        }
        self.attributes = attributes
        againstPopulation = false
    }

    static func attribute(_ name: String, _ groups: [String], _ counts: [Int], _ expected: [Double], _ test: TestResult) -> Attribute {
        let n = Double(counts.reduce(0, +))
        let shares = counts.map { Double($0) / n }
        return Attribute(name: name, groups: groups, counts: counts, shares: shares, expected: expected,
                         ratios: zip(shares, expected).map { $0 / $1 }, test: test)
    }

    /// Rows per level of the sensitive column `name` (levels without rows left out).
    static func counts(_ data: Dataset, _ name: String) throws -> [String: Int] {
        let column = try data.sensitiveColumn(name)
        var counts = [Int](repeating: 0, count: column.levels.count)
        for c in column.codes where c >= 0 { counts[Int(c)] += 1 }
        var out: [String: Int] = [:]
        for (level, k) in zip(column.levels, counts) where k > 0 { out[level] = k }
        return out
    }

    /// A selection finding per group whose share ratio leaves the four-fifths band [0.8, 1.25], among groups
    /// that hold at least `minimumSize` rows in the data or are expected to (`n·expected`).
    public func findings(minimumSize: Int = 0) -> [Finding] {
        var out: [Finding] = []
        let reference = againstPopulation ? "the population" : "the test data"
        for a in attributes {
            let n = Double(a.counts.reduce(0, +))
            for g in a.groups.indices where !(a.ratios[g] >= 0.8 && a.ratios[g] <= 1.25) {
                guard Double(a.counts[g]) >= Double(minimumSize) || n * a.expected[g] >= Double(minimumSize) else { continue }
                let r = a.ratios[g]
                let f = Rules.format
                out.append(Finding(kind: .selection, rule: "representation",
                                   message: "\(a.name): \(a.groups[g]) is \(f(a.shares[g])) of the data against \(f(a.expected[g])) of \(reference) (ratio \(f(r)))",
                                   evidence: .init("\(a.name): share ratio", r, pValue: a.test.pValue),
                                   reading: "\(a.groups[g]) are \(r < 1 ? "under" : "over")-represented: \(f(r)) times their share of \(reference).",
                                   severity: r.isNaN || r == 0 ? 1 : 1 - min(r, 1 / r)))
            }
        }
        return out
    }
}
