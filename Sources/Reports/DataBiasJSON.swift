import Datasets
import Fairness
import Tensors

extension DataBias.Attribute {
    /// `{name=, groups=, counts=, base_rates=, parity_difference=, parity_ratio=, kl_divergence=}`, and AIF360's
    /// statistical parity difference, disparate impact and class imbalance when a privileged group was given.
    public var json: JSONValue {
        var t: [String: JSONValue] = [
            "name": .string(name), "groups": .array(groups.map(JSONValue.string)),
            "counts": .array(counts.map(JSONValue.integer)), "base_rates": .array(baseRates.map(JSONValue.number)),
            "parity_difference": .number(parityDifference), "parity_ratio": .number(parityRatio),
            "kl_divergence": .array(klDivergence.map(JSONValue.number)),
        ]
        if let v = statisticalParityDifference { t["statistical_parity_difference"] = .number(v) }
        if let v = disparateImpact { t["disparate_impact"] = .number(v) }
        if let v = classImbalance { t["class_imbalance"] = .number(v) }
        return .object(t)
    }
}

extension DataBias {
    /// Every feature × sensitive association, strongest first: `{feature=, sensitive=, association=, measure=, mutual_information=}`.
    public var proxiesJSON: JSONValue {
        .array(proxies.map { p in
            .object(["feature": .string(p.feature), "sensitive": .string(p.sensitive), "association": .number(p.association),
                     "measure": .string(p.measure), "mutual_information": .number(p.mutualInformation)])
        })
    }

    /// The report as JSON: n, base rate, attributes, proxies, and the selection and label sections when computed.
    public var json: JSONValue {
        var t: [String: JSONValue] = ["n": .integer(n), "base_rate": .number(baseRate),
                                      "attributes": .array(attributes.map(\.json)), "proxies": proxiesJSON]
        if let selection { t["selection"] = selection.json }
        if let labels { t["labels"] = labels.json }
        return .object(t)
    }

    /// The report as text: rows and base rate, each sensitive column's groups and parity, the representation
    /// against the population, the labels within strata, the strongest proxies.
    public var text: String {
        var out = "Data bias: \(n) rows, base rate \(TextTable.format(baseRate))\n"
        for a in attributes { out += "\n" + a.table.description + "\n" + a.parityText + "\n" }
        if let selection { out += "\nRepresentation against the population:\n" + selection.text }
        if let labels { out += "\nLabels within \(labels.strata) strata of \(labels.legitimate.joined(separator: ", ")):\n" + labels.table.description + "\n" }
        return out + "\nStrongest proxies:\n" + proxyTable.description
    }
}

extension LabelBias {
    /// `{legitimate=, strata=, facets = {{attribute=, group=, n=, cdd=, dd=, gap=, strata=, test=}, …}}`.
    public var json: JSONValue {
        .object(["legitimate": .array(legitimate.map(JSONValue.string)), "strata": .integer(strata), "facets": .array(facets.map { f in
            .object(["attribute": .string(f.attribute), "group": .string(f.group), "n": .integer(f.n), "cdd": .number(f.cdd), "dd": .number(f.dd),
                     "gap": .number(f.gap), "strata": .integer(f.strata), "test": f.test.json()])
        })])
    }
}

extension SelectionBias {
    /// `{against = "population"|"sample", attributes = {{name=, groups=, counts=, shares=, expected=, ratios=, test=}, …}}`.
    public var json: JSONValue {
        .object(["against": .string(againstPopulation ? "population" : "sample"), "attributes": .array(attributes.map { a in
            .object(["name": .string(a.name), "groups": .array(a.groups.map(JSONValue.string)), "counts": .array(a.counts.map(JSONValue.integer)),
                     "shares": .array(a.shares.map(JSONValue.number)), "expected": .array(a.expected.map(JSONValue.number)),
                     "ratios": .array(a.ratios.map(JSONValue.number)), "test": a.test.json()])
        })])
    }

    /// Each column's shares against the reference as aligned tables, with the test.
    public var text: String {
        attributes.map { "\n" + table($0).description + "\n" + SelectionBias.testText($0) + "\n" }.joined()
    }
}
