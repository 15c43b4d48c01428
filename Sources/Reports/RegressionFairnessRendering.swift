import Datasets
import Fairness
import Tensors

extension RegressionFairness {
    /// The lines above the table: the largest distances between groups, their permutation p-values, the bound, small groups.
    public var summary: [String] {
        func pair(_ p: [Int]) -> String { p.map { groups[$0] }.joined(separator: " vs ") }
        func p(_ v: Double?) -> String { v.map { ", permutation p = \(TextTable.format($0)) (\(permutations) permutations, seed \(seed))" } ?? "" }
        var out = ["Regression fairness by group (\(sizes.reduce(0, +)) rows); demographic parity as the distance between the groups' prediction distributions (Agarwal et al. 2019):",
                   "  largest Kolmogorov-Smirnov distance \(TextTable.format(ks)) (\(pair(ksPair)))\(p(ksPValue))",
                   "  largest 1-Wasserstein distance \(TextTable.format(wasserstein)) (\(pair(wassersteinPair)))\(p(wassersteinPValue))"]
        if permutations == 0 { out.append("No permutation test (give permutations = N to test the distances).") }
        if let bound, let withinBound {
            let over = groups.indices.filter { !withinBound[$0] }.map { groups[$0] }
            out.append("Bounded group loss: mean squared error ≤ \(TextTable.format(bound)) " + (over.isEmpty ? "holds for every group." : "fails for \(over.joined(separator: ", "))."))
        }
        if !smallGroups.isEmpty { out.append("Small groups (fewer than \(minGroupSize) rows; their scores are unreliable): \(smallGroups.joined(separator: ", ")).") }
        return out
    }

    /// One row per group, then all rows: n, MAE, RMSE, R², mean prediction, KS and 1-Wasserstein distance to all rows.
    public var table: TextTable {
        var t = TextTable(header: ["group", "n", "MAE", "RMSE", "R²", "mean prediction", "KS to all", "W1 to all"])
        for k in groups.indices {
            let s = byGroup[k]
            t.rows.append([groups[k] + (smallGroups.contains(groups[k]) ? " (small)" : ""), String(sizes[k]), TextTable.format(s.mae), TextTable.format(s.rmse),
                           TextTable.format(s.r2), TextTable.format(s.meanPrediction), TextTable.format(ksToOverall[k]), TextTable.format(wassersteinToOverall[k])])
        }
        t.rows.append(["(all)", String(sizes.reduce(0, +)), TextTable.format(overall.mae), TextTable.format(overall.rmse),
                       TextTable.format(overall.r2), TextTable.format(overall.meanPrediction), "", ""])
        return t
    }

    /// The summary lines and the table.
    public var text: String { summary.joined(separator: "\n") + "\n\n" + table.description }

    /// `{groups, sizes, mae, rmse, r2, mean_prediction` (by group name)`, overall, ks, ks_pair, wasserstein, wasserstein_pair,
    /// ks_to_overall, wasserstein_to_overall, permutations, seed, ks_p_value?, wasserstein_p_value?, bound?, within_bound?, small_groups}`.
    public var json: JSONValue {
        func byName(_ v: [Double]) -> JSONValue { .numbers(groups, v) }
        var t: [String: JSONValue] = [
            "groups": .array(groups.map(JSONValue.string)), "sizes": .object(Dictionary(uniqueKeysWithValues: zip(groups, sizes.map(JSONValue.integer)))),
            "mae": byName(byGroup.map(\.mae)), "rmse": byName(byGroup.map(\.rmse)), "r2": byName(byGroup.map(\.r2)),
            "mean_prediction": byName(byGroup.map(\.meanPrediction)),
            "overall": .object(["mae": .number(overall.mae), "rmse": .number(overall.rmse), "r2": .number(overall.r2), "mean_prediction": .number(overall.meanPrediction)]),
            "ks": .number(ks), "ks_pair": .array(ksPair.map { .string(groups[$0]) }),
            "wasserstein": .number(wasserstein), "wasserstein_pair": .array(wassersteinPair.map { .string(groups[$0]) }),
            "ks_to_overall": byName(ksToOverall), "wasserstein_to_overall": byName(wassersteinToOverall),
            "permutations": .integer(permutations), "seed": .string(String(seed)), "small_groups": .array(smallGroups.map(JSONValue.string)),
        ]
        if let ksPValue { t["ks_p_value"] = .number(ksPValue) }
        if let wassersteinPValue { t["wasserstein_p_value"] = .number(wassersteinPValue) }
        if let bound { t["bound"] = .number(bound) }
        if let withinBound { t["within_bound"] = .object(Dictionary(uniqueKeysWithValues: zip(groups, withinBound.map(JSONValue.bool)))) }
        return .object(t)
    }
}

extension RegressionFairness: AuditedResult {
    /// `Regression fairness`.
    public var auditTitle: String { "Regression fairness" }
    /// The summary lines as captions, then the table.
    public var htmlBody: String { summary.map(HTMLFragment.caption).joined() + table.html }
    /// Said under "No findings" without a permutation test: no distance could be a finding.
    public var untested: String? { permutations == 0 ? "No permutation test ran, so no distance could be a finding: --permutations N tests them." : nil }
}

extension RegressionFairness: HTMLRenderable {
    /// The summary and the table under a heading.
    public var htmlFragment: String {
        HTMLFragment.wrap("<h3>Regression fairness</h3>\n" + htmlBody)
    }
}

extension RegressionFairness: Reportable {
    /// The report: significant distances and groups over the bound as findings, then the summary and the table.
    public func report(provenance: [(String, String)]) -> HTMLReport {
        HTMLReport(title: "Regression fairness", findings: findings, heading: "By group", html: htmlBody, provenance: provenance)
    }
}
