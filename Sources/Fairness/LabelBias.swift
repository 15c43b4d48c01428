import Datasets
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Label bias (the seeds' "confirmation bias"): whether the labels differ by group among otherwise similar
/// people, i.e. within strata of the legitimate features the user names. Per group ("facet") of each
/// sensitive column, against the rest of the rows:
/// - conditional demographic disparity CDD = Σᵢ nᵢ·DDᵢ / n over strata i, DDᵢ = (the facet's share of the
///   stratum's negative labels) − (its share of the positive labels) (Wachter, Mittelstadt & Russell 2021,
///   "Why fairness cannot be automated"; as SageMaker Clarify's CDDL, a share over no labels counting 0);
/// - the Mantel–Haenszel stratified base-rate gap Σᵢ wᵢ(p_facet,i − p_rest,i) / Σᵢ wᵢ, wᵢ = n_facet,i·n_rest,i / nᵢ;
/// - the Cochran–Mantel–Haenszel test (continuity-corrected, 1 degree of freedom) that the gap is 0 in
///   every stratum (as statsmodels' `StratifiedTable.test_null_odds(correction=True)`).
public struct LabelBias: Sendable {
    /// One group against the rest.
    public struct Facet: Sendable {
        /// The sensitive column.
        public let attribute: String
        /// The group.
        public let group: String
        /// Its rows (with every legitimate feature present).
        public let n: Int
        /// Conditional demographic disparity (positive: the group holds more of the negatives than of the positives).
        public let cdd: Double
        /// Demographic disparity without strata (one stratum).
        public let dd: Double
        /// Stratified base-rate gap, the group's rate minus the rest's (negative: fewer positive labels).
        public let gap: Double
        /// The Cochran–Mantel–Haenszel test of no gap within strata.
        public let test: TestResult
        /// Strata where both the group and the rest occur (those that carry the test).
        public let strata: Int
    }

    /// The legitimate features that define the strata.
    public let legitimate: [String]
    /// Number of strata (distinct combinations of the legitimate features).
    public let strata: Int
    /// Every group of every sensitive column.
    public let facets: [Facet]

    /// Measures `data`'s labels within strata of `legitimate` (rows missing any of them are left out).
    public init(_ data: Dataset, legitimate: [String]) throws {
        guard !legitimate.isEmpty else { throw FairnessError.invalid("legitimate: name one or more features that may justify a difference in labels") }
        for name in legitimate where name == data.label || data.sensitive.contains(name) {
            throw FairnessError.invalid("legitimate: '\(name)' is the label or a sensitive column; name features such as \(data.table.names.filter { $0 != data.label && !data.sensitive.contains($0) }.prefix(3).joined(separator: ", "))")
        }
        let labels = try data.labels()
        let columns = try legitimate.map { Dataset.categories(try data.column($0)).codes }
        var strataOf: [[Int32]: Int] = [:]
        var stratum = [Int](repeating: -1, count: data.count)
        for i in 0..<data.count {
            let key = columns.map { $0[i] }
            guard !key.contains(where: { $0 < 0 }) else { continue }
            if let s = strataOf[key] { stratum[i] = s } else { stratum[i] = strataOf.count; strataOf[key] = strataOf.count }
        }
        let k = strataOf.count
        guard k > 0 else { throw FairnessError.invalid("legitimate: every row misses one of \(legitimate.joined(separator: ", "))") }
        var facets: [Facet] = []
        for name in data.sensitive {
            let s = try data.sensitiveColumn(name)
            // counts[g][stratum] = (positives, rows) of group g, and the totals per stratum.
            var pos = [[Int]](repeating: [Int](repeating: 0, count: k), count: s.levels.count), rows = pos
            var allPos = [Int](repeating: 0, count: k), allRows = allPos
            for i in 0..<data.count where stratum[i] >= 0 && s.codes[i] >= 0 {
                let g = Int(s.codes[i]), t = stratum[i], y = Int(labels[i])
                pos[g][t] += y; rows[g][t] += 1; allPos[t] += y; allRows[t] += 1
            }
            for g in s.levels.indices where rows[g].reduce(0, +) > 0 {
                facets.append(LabelBias.facet(name, s.levels[g], pos[g], rows[g], allPos, allRows))
            }
        }
        self.legitimate = legitimate
        strata = k
        self.facets = facets
    }

    /// CDD, DD, the stratified gap and the CMH test of one group against the rest.
    static func facet(_ attribute: String, _ group: String, _ pos: [Int], _ rows: [Int], _ allPos: [Int], _ allRows: [Int]) -> Facet {
        let n = Double(allRows.reduce(0, +))
        func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
        var cdd = 0.0, gapSum = 0.0, weightSum = 0.0, deviation = 0.0, variance = 0.0, used = 0
        for t in allRows.indices {
            let a = pos[t], facetRows = rows[t], positives = allPos[t], total = allRows[t]
            cdd += Double(total) * (share(facetRows - a, total - positives) - share(a, positives))
            let restRows = total - facetRows
            guard facetRows > 0, restRows > 0 else { continue }
            used += 1
            let nt = Double(total), r1 = Double(facetRows), r2 = Double(restRows), c1 = Double(positives), c2 = nt - c1
            let w = r1 * r2 / nt
            gapSum += w * (Double(a) / r1 - Double(positives - a) / r2)
            weightSum += w
            deviation += Double(a) - r1 * c1 / nt
            variance += r1 * r2 * c1 * c2 / (nt * nt * (nt - 1))
        }
        let statistic = variance > 0 ? pow(max(0, abs(deviation) - 0.5), 2) / variance : .nan
        let test = TestResult(test: "Cochran–Mantel–Haenszel test", hypothesis: "\(attribute): \(group) and the rest have the same base rate within strata",
                              statistic: statistic, pValue: statistic.isNaN ? .nan : SpecialFunctions.chiSquareSurvival(statistic, dof: 1), dof: 1)
        let totalPos = allPos.reduce(0, +), facetRows = rows.reduce(0, +), facetPos = pos.reduce(0, +)
        let dd = share(facetRows - facetPos, Int(n) - totalPos) - share(facetPos, totalPos)
        return Facet(attribute: attribute, group: group, n: facetRows, cdd: cdd / n, dd: dd, gap: weightSum > 0 ? gapSum / weightSum : .nan,
                     test: test, strata: used)
    }

    /// A label finding per group of at least `minimumSize` rows with fewer positive labels than similar others
    /// (a negative stratified gap and a positive CDD) whose CMH test, Holm-adjusted over the groups, is below 0.05.
    public func findings(minimumSize: Int = 0) throws -> [Finding] {
        let eligible = facets.filter { $0.n >= minimumSize && !$0.test.pValue.isNaN }
        let adjusted = try StatisticalTests.adjust(eligible.map(\.test.pValue), method: .holm)
        let within = legitimate.joined(separator: ", ")
        var out: [Finding] = []
        for (facet, p) in zip(eligible, adjusted) where p < 0.05 && facet.gap < 0 && facet.cdd > 0 {
            let (cdd, gap, pText) = (Rules.format(facet.cdd), Rules.format(facet.gap), Rules.format(p))
            let message = "\(facet.attribute): \(facet.group) has CDD \(cdd) given \(within) and a stratified base-rate gap of \(gap) (CMH p = \(pText), \(facet.strata) strata)"
            let reading = "Among people with the same \(within), \(facet.group) have positive labels \(Rules.format(-facet.gap)) less often than the others: the labels may carry past bias."
            out.append(Finding(kind: .label, rule: "conditional demographic disparity", message: message,
                               evidence: .init("\(facet.attribute): conditional demographic disparity", facet.cdd, pValue: p),
                               reading: reading, severity: min(1, -facet.gap / 0.2)))
        }
        return out
    }
}
