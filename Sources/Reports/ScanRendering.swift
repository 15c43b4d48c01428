import Datasets
import Fairness
import Tensors

extension SubgroupScan {
    /// Subgroups shown in the text and HTML tables (JSON has them all).
    public static let shown = 10

    /// What was scanned, how many subgroups were tested, and the notes.
    public var summary: [String] {
        let against = options.reference == .complement ? "the rest of the rows" : "all rows"
        var out = ["Subgroup scan (exhaustive, conjunctions of up to \(options.depth) of \(features.joined(separator: ", ")); min support \(options.minSupport) rows): " +
                   "\(metric) in each subgroup against \(against)."]
        out.append("\(subgroups.count) subgroups evaluated, \(tested) tested (two-proportion z-test against the rest, Benjamini–Hochberg over all \(tested)); " +
                   "\(belowSupport) below min support left out.")
        return out + notes.map { "note: \($0)" }
    }

    /// The first `count` subgroups, largest gap first.
    public func table(_ count: Int = shown) -> TextTable {
        var t = TextTable(header: ["subgroup", "n", metric, options.reference.rawValue, "gap", "z", "p", "p (BH)"])
        for s in subgroups.prefix(count) {
            t.rows.append([s.description, String(s.size), TextTable.format(s.value), TextTable.format(s.reference), TextTable.format(s.gap),
                           s.z.map(TextTable.format) ?? "", s.pValue.map(TextTable.format) ?? "", s.adjusted.map(TextTable.format) ?? ""])
        }
        return t
    }

    /// The summary and the largest gaps.
    public var text: String {
        summary.joined(separator: "\n") + "\n\n" + (subgroups.isEmpty ? "No subgroup has min support.\n" : table().description)
    }

    /// `{method="exhaustive", metric=, features=, depth=, min_support=, reference=, tested=, below_support=, notes=, subgroups={{conditions={{feature=, value=}}, n=, value=, reference=, gap=, z=, p_value=, adjusted=}}}`.
    public var json: JSONValue {
        .object(["method": .string("exhaustive"), "metric": .string(metric), "features": .array(features.map(JSONValue.string)),
                 "depth": .integer(options.depth), "min_support": .integer(options.minSupport), "reference": .string(options.reference.rawValue),
                 "tested": .integer(tested), "below_support": .integer(belowSupport), "notes": .array(notes.map(JSONValue.string)),
                 "subgroups": .array(subgroups.map { s in
                     var o: [String: JSONValue] = [
                         "conditions": .array(s.conditions.map { .object(["feature": .string($0.feature), "value": .string($0.value)]) }),
                         "description": .string(s.description), "n": .integer(s.size), "value": .number(s.value), "reference": .number(s.reference),
                         "gap": .number(s.gap),
                     ]
                     if let z = s.z { o["z"] = .number(z) }
                     if let p = s.pValue { o["p_value"] = .number(p) }
                     if let a = s.adjusted { o["adjusted"] = .number(a) }
                     return .object(o)
                 })])
    }

    /// The summary and the table, as HTML.
    public var html: String { summary.map(HTMLFragment.caption).joined() + table().html }
}

extension MDSSScan {
    /// The subgroup as text: "race ∈ {African-American, Asian} ∧ sex = Male" ("everyone" when empty).
    public var subgroupText: String {
        subgroup.isEmpty ? "everyone" : subgroup.map { c in
            c.values.count == 1 ? "\(c.feature) = \(c.values[0])" : "\(c.feature) ∈ {\(c.values.joined(separator: ", "))}"
        }.joined(separator: " ∧ ")
    }

    /// What was scanned and found.
    public var summary: [String] {
        let way = options.direction == .overpredicted ? "outcomes below their expectations (overpredicted)" : "outcomes above their expectations (underpredicted)"
        var out = ["MDSS bias scan (Zhang & Neill 2016, AIF360 0.6.1's Bernoulli score) over \(features.joined(separator: ", ")): the subgroup whose \(way) deviate most; " +
                   "penalty \(TextTable.format(options.penalty)), \(options.iterations) restart\(options.iterations == 1 ? "" : "s"), seed \(options.seed)."]
        out.append("Subgroup (n = \(size) of \(rowCount)): \(subgroupText)")
        out.append("Score \(TextTable.format(score)); observed rate \(TextTable.format(observedRate)) against an expected \(TextTable.format(expectedRate)) " +
                   "(odds multiplied by \(TextTable.format(oddsMultiplier)))." + (score > 0 ? "" : " A score of 0 or below: no subgroup deviates in this direction."))
        return out
    }

    /// One row per feature of the subgroup.
    public var table: TextTable { TextTable(header: ["feature", "values"], rows: subgroup.map { [$0.feature, $0.values.joined(separator: ", ")] }) }

    /// The summary and the subgroup's features.
    public var text: String { summary.joined(separator: "\n") + (subgroup.isEmpty ? "\n" : "\n\n" + table.description) }

    /// `{method="mdss", direction=, penalty=, num_iters=, seed=, features=, subgroup={feature={values…}}, score=, n=, rows=, observed_rate=, expected_rate=, odds_multiplier=}`.
    public var json: JSONValue {
        .object(["method": .string("mdss"), "direction": .string(options.direction.rawValue), "penalty": .number(options.penalty),
                 "num_iters": .integer(options.iterations), "seed": .integer(Int(options.seed)), "features": .array(features.map(JSONValue.string)),
                 "subgroup": .object(Dictionary(uniqueKeysWithValues: subgroup.map { ($0.feature, .array($0.values.map(JSONValue.string))) })),
                 "description": .string(subgroupText), "score": .number(score), "n": .integer(size), "rows": .integer(rowCount),
                 "observed_rate": .number(observedRate), "expected_rate": .number(expectedRate), "odds_multiplier": .number(oddsMultiplier)])
    }

    /// The summary and the table, as HTML.
    public var html: String { summary.map(HTMLFragment.caption).joined() + table.html }
}

extension SubgroupScan: HTMLRenderable {
    /// The scan under a heading.
    public var htmlFragment: String { HTMLFragment.wrap("<h3>Subgroup scan</h3>\n" + html) }
}

extension MDSSScan: HTMLRenderable {
    /// The scan under a heading.
    public var htmlFragment: String { HTMLFragment.wrap("<h3>MDSS bias scan</h3>\n" + html) }
}
