import Datasets
import Fairness
import LuaHost
import Reports

/// `fair.data_bias(ds)`: a report object on the labels and proxies of a dataset.
final class DataBiasObject {
    let bias: DataBias
    init(_ bias: DataBias) { self.bias = bias }

    func attribute(_ a: DataBias.Attribute) -> LuaValue {
        var t: [String: LuaValue] = [
            "name": .string(a.name), "groups": .array(a.groups.map { .string($0) }),
            "counts": .array(a.counts.map { .integer($0) }), "base_rates": .array(a.baseRates.map { .number($0) }),
            "parity_difference": .number(a.parityDifference), "parity_ratio": .number(a.parityRatio),
            "kl_divergence": .array(a.klDivergence.map { .number($0) }),
        ]
        if let v = a.statisticalParityDifference { t["statistical_parity_difference"] = .number(v) }
        if let v = a.disparateImpact { t["disparate_impact"] = .number(v) }
        if let v = a.classImbalance { t["class_imbalance"] = .number(v) }
        return .table(t)
    }

    var proxies: LuaValue {
        .array(bias.proxies.map { p in
            .table(["feature": .string(p.feature), "sensitive": .string(p.sensitive), "association": .number(p.association),
                    "measure": .string(p.measure), "mutual_information": .number(p.mutualInformation)])
        })
    }

    var json: LuaValue {
        var t: [String: LuaValue] = ["n": .integer(bias.n), "base_rate": .number(bias.baseRate),
                                     "attributes": .array(bias.attributes.map(attribute)), "proxies": proxies]
        if let s = bias.selection { t["selection"] = DataBiasObject.selection(s) }
        if let l = bias.labels { t["labels"] = labels(l) }
        return .table(t)
    }

    /// `{legitimate=, strata=, facets = {{attribute=, group=, n=, cdd=, dd=, gap=, strata=, test=}, …}}`.
    func labels(_ l: LabelBias) -> LuaValue {
        .table(["legitimate": .array(l.legitimate.map { .string($0) }), "strata": .integer(l.strata), "facets": .array(l.facets.map { f in
            .table(["attribute": .string(f.attribute), "group": .string(f.group), "n": .integer(f.n), "cdd": .number(f.cdd), "dd": .number(f.dd),
                    "gap": .number(f.gap), "strata": .integer(f.strata), "test": TestBindings.result(f.test)])
        })])
    }

    /// `{against = "population"|"sample", attributes = {{name=, groups=, counts=, shares=, expected=, ratios=, test=}, …}}`.
    static func selection(_ s: SelectionBias) -> LuaValue {
        .table(["against": .string(s.againstPopulation ? "population" : "sample"), "attributes": .array(s.attributes.map { a in
            .table(["name": .string(a.name), "groups": .array(a.groups.map { .string($0) }), "counts": .array(a.counts.map { .integer($0) }),
                    "shares": .array(a.shares.map { .number($0) }), "expected": .array(a.expected.map { .number($0) }),
                    "ratios": .array(a.ratios.map { .number($0) }), "test": TestBindings.result(a.test)])
        })])
    }

    /// Each column's shares against the reference as aligned tables, with the test.
    static func selectionText(_ s: SelectionBias) -> String {
        s.attributes.map { "\n" + s.table($0).description + "\n" + SelectionBias.testText($0) + "\n" }.joined()
    }

    var text: String {
        var out = "Data bias: \(bias.n) rows, base rate \(TextTable.format(bias.baseRate))\n"
        for a in bias.attributes { out += "\n" + a.table.description + "\n" + a.parityText + "\n" }
        if let s = bias.selection { out += "\nRepresentation against the population:\n" + DataBiasObject.selectionText(s) }
        if let l = bias.labels { out += "\nLabels within \(l.strata) strata of \(l.legitimate.joined(separator: ", ")):\n" + l.table.description + "\n" }
        return out + "\nStrongest proxies:\n" + bias.proxyTable.description
    }
}

enum DataBiasBindings {
    /// `fair.data_bias(ds, {privileged = {sex = "Male"}})`.
    static func make(_ call: LuaCall) throws -> DataBiasObject {
        let ds = try call.object(1, DatasetObject.self, expected: "Dataset")
        let o = try call.options(2, allowed: ["privileged", "population", "legitimate"])
        return DataBiasObject(try DataBias(ds.dataset, privileged: try privileged(o, ds.dataset), population: try population(o),
                                           legitimate: try DataBindings.texts(o.value("legitimate"), option: "legitimate") ?? []))
    }

    /// Option `population`: `{column = {group = share, …}, …}`.
    static func population(_ o: LuaOptions) throws -> [String: [String: Double]] {
        guard let value = try o.value("population") else { return [:] }
        guard case let .table(columns) = value else { throw LuaError.message("option 'population': {column = {group = share, …}} expected") }
        return try columns.mapValues { shares in
            guard case let .table(t) = shares else { throw LuaError.message("option 'population': each column needs {group = share, …}") }
            return try t.mapValues { v in
                guard let d = v.doubleValue else { throw LuaError.message("option 'population': shares must be numbers") }
                return d
            }
        }
    }

    /// Option `privileged`: `{column = value, …}`, or one value for the dataset's first sensitive column.
    static func privileged(_ o: LuaOptions, _ ds: Dataset) throws -> [String: String] {
        var privileged: [String: String] = [:]
        switch try o.value("privileged") {
        case nil: break
        case let .table(t)?:
            for (k, v) in t { privileged[k] = try DataBindings.texts(v, option: "privileged")?.first }
        case let other?:
            guard let first = ds.sensitive.first else { throw LuaError.message("option 'privileged': the dataset has no sensitive column") }
            privileged[first] = try DataBindings.texts(other, option: "privileged")?.first
        }
        return privileged
    }

    static let biasClass: LuaClass<DataBiasObject> = {
        LuaClass<DataBiasObject>("DataBias", "Label bias and proxy features of a dataset, before any model.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, DataBiasObject.self, expected: "DataBias").text) }
            .method("attributes", returns: "table[]", "Per sensitive column: groups, counts, base rates, parity, KL divergence.") { b, call in
                call.returns(LuaValue.array(b.bias.attributes.map(b.attribute)))
            }
            .method("proxies", returns: "table[]", "Every feature × sensitive association, strongest first.") { b, call in
                call.returns(b.proxies)
            }
            .method("to_json", "indent: integer?", returns: "string", "The report as JSON.") { b, call in
                call.returns(b.json.jsonValue.encoded(indent: try call.optional(2, 0, call.integer)))
            }
    }()
}
