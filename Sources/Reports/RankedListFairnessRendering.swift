import Datasets
import Fairness
import Tensors

extension RankedListFairness: CustomStringConvertible {
    /// Each group's size, exposure, relevance, their ratio and NDCG, then the list's DCG, NDCG and infeasibility.
    public var table: TextTable {
        var t = TextTable(header: ["group", "items", "exposure per item", "mean relevance", "exposure / relevance", "NDCG@\(depth)"])
        for g in groups.indices {
            t.rows.append([groups[g], String(sizes[g]), TextTable.format(exposure[g]), TextTable.format(relevance[g]),
                           TextTable.format(exposureToRelevance[g]), TextTable.format(groupNDCG[g])])
        }
        return t
    }

    /// The table under a line with the list's DCG, NDCG, exposure-to-relevance ratio and infeasible index.
    public var description: String { summary.joined(separator: "\n") + "\n" + table.description }

    /// The lines above the table: the list's DCG, NDCG and exposure-to-relevance ratio, and its infeasible index.
    public var summary: [String] {
        var head = ["ranked list of \(sizes.reduce(0, +)) items: DCG@\(depth) \(TextTable.format(dcg)), NDCG@\(depth) \(TextTable.format(ndcg)), " +
            "exposure / relevance ratio (min / max) \(TextTable.format(exposureToRelevanceRatio))"]
        if let infeasibleIndex, let infeasiblePositions {
            head.append("infeasible index \(infeasibleIndex) (\(infeasiblePositions.count) of the first \(max(depth - 1, 0)) prefixes fall short of a target share)")
        }
        return head
    }

    /// `{groups=, sizes=, depth=, dcg=, ndcg=, group_ndcg={…}, exposure={…}, relevance={…}, exposure_to_relevance={…},
    /// exposure_to_relevance_ratio=, target={…}?, infeasible_index=?, infeasible_positions={…}? (0-based, as AIF360)}`.
    public var json: JSONValue {
        var doc: [String: JSONValue] = [
            "groups": .array(groups.map(JSONValue.string)), "sizes": .array(sizes.map(JSONValue.integer)), "depth": .integer(depth),
            "dcg": .number(dcg), "ndcg": .number(ndcg), "group_ndcg": .numbers(groups, groupNDCG), "exposure": .numbers(groups, exposure),
            "relevance": .numbers(groups, relevance), "exposure_to_relevance": .numbers(groups, exposureToRelevance),
            "exposure_to_relevance_ratio": .number(exposureToRelevanceRatio),
        ]
        if let target { doc["target"] = .numbers(groups, target) }
        if let infeasibleIndex, let infeasiblePositions {
            doc["infeasible_index"] = .integer(infeasibleIndex)
            doc["infeasible_positions"] = .array(infeasiblePositions.map(JSONValue.integer))
        }
        return .object(doc)
    }
}

extension RankedListFairness: AuditedResult, Reportable {
    /// `Ranking fairness`.
    public var auditTitle: String { "Ranking fairness" }
    /// The printed form.
    public var text: String { description }
    /// The summary lines as captions, then the table.
    public var htmlBody: String { summary.map(HTMLFragment.caption).joined() + table.html }

    /// The report: the findings (groups of at least 30 items), the summary and the table.
    public func report(provenance: [(String, String)]) -> HTMLReport {
        HTMLReport(title: auditTitle, findings: findings(), heading: "By group", html: htmlBody, provenance: provenance)
    }
}
