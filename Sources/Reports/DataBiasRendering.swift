import Datasets
import Fairness

extension DataBias.Attribute {
    /// The groups of one sensitive column: rows, base rate, KL divergence of the labels against the rest.
    public var table: TextTable {
        TextTable(header: [name, "n", "base rate", "KL vs rest"],
                  rows: groups.indices.map { [groups[$0], String(counts[$0]), TextTable.format(baseRates[$0]), TextTable.format(klDivergence[$0])] })
    }

    /// "parity difference …, ratio …" and, with a privileged group, AIF360's statistical parity difference and disparate impact.
    public var parityText: String {
        var out = "parity difference \(TextTable.format(parityDifference)), ratio \(TextTable.format(parityRatio))"
        if let spd = statisticalParityDifference, let di = disparateImpact {
            out += "; statistical parity difference \(TextTable.format(spd)), disparate impact \(TextTable.format(di))"
        }
        return out
    }
}

extension DataBias {
    /// The ten features most associated with a sensitive column.
    public var proxyTable: TextTable {
        TextTable(header: ["feature", "sensitive", "association", "measure", "mutual information"],
                  rows: proxies.prefix(10).map { [$0.feature, $0.sensitive, TextTable.format($0.association), $0.measure, TextTable.format($0.mutualInformation)] })
    }

    /// The data's tables as HTML: rows and base rate, each sensitive column's groups and parity, the representation
    /// against `selection`'s reference, the labels within strata, the strongest proxies.
    public func html(selection: SelectionBias?) -> String {
        var body = HTMLFragment.caption("\(n) rows; base rate \(TextTable.format(baseRate)).")
        for a in attributes { body += a.table.html + HTMLFragment.caption(a.parityText + ".") }
        if let selection { body += selection.html }
        if let labels { body += HTMLFragment.caption(labels.heading) + labels.table.html }
        return body + HTMLFragment.caption("Strongest proxies (association with a sensitive column):") + proxyTable.html
    }
}

extension DataBias: HTMLRenderable {
    /// The data's tables under a heading.
    public var htmlFragment: String { HTMLFragment.wrap("<h3>Data bias</h3>\n" + html(selection: selection)) }
}

extension SelectionBias {
    /// What the shares are compared with: the population, or the test data.
    public var reference: String { againstPopulation ? "population" : "test data" }

    /// One column's shares against the reference: rows, share, reference share, ratio.
    public func table(_ a: Attribute) -> TextTable {
        TextTable(header: [a.name, "n", "share", "share in \(reference)", "ratio"],
                  rows: a.groups.indices.map { [a.groups[$0], String(a.counts[$0]), TextTable.format(a.shares[$0]), TextTable.format(a.expected[$0]), TextTable.format(a.ratios[$0])] })
    }

    /// "chi-square …: statistic …, p = …" of one column.
    public static func testText(_ a: Attribute) -> String {
        "\(a.test.test): statistic \(TextTable.format(a.test.statistic)), p = \(TextTable.format(a.test.pValue))"
    }

    /// Each column's table and test as HTML, under a line naming the reference.
    public var html: String {
        HTMLFragment.caption("Representation against the \(againstPopulation ? "population" : "test data (consistency only)"):") +
            attributes.map { table($0).html + HTMLFragment.caption(Self.testText($0) + ".") }.joined()
    }
}

extension LabelBias {
    /// "Labels within N strata of …:".
    public var heading: String { "Labels within \(strata) strata of \(legitimate.joined(separator: ", ")) (conditional demographic disparity, stratified base-rate gap, CMH test):" }

    /// One row per group: rows, CDD, DD, the stratified gap and the CMH test's p-value.
    public var table: TextTable {
        TextTable(header: ["sensitive", "group", "n", "CDD", "DD", "stratified gap", "CMH p"],
                  rows: facets.map { [$0.attribute, $0.group, String($0.n), TextTable.format($0.cdd), TextTable.format($0.dd), TextTable.format($0.gap), TextTable.format($0.test.pValue)] })
    }
}
