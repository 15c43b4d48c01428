import Datasets
import Fairness
import LuaHost

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
        .table(["n": .integer(bias.n), "base_rate": .number(bias.baseRate),
                "attributes": .array(bias.attributes.map(attribute)), "proxies": proxies])
    }

    var text: String {
        var out = "Data bias: \(bias.n) rows, base rate \(TextTable.format(bias.baseRate))\n"
        for a in bias.attributes {
            var t = TextTable(header: [a.name, "n", "base rate", "KL vs rest"])
            for g in a.groups.indices {
                t.rows.append([a.groups[g], String(a.counts[g]), TextTable.format(a.baseRates[g]), TextTable.format(a.klDivergence[g])])
            }
            out += "\n" + t.description + "\n"
            out += "parity difference \(TextTable.format(a.parityDifference)), ratio \(TextTable.format(a.parityRatio))"
            if let spd = a.statisticalParityDifference, let di = a.disparateImpact {
                out += "; statistical parity difference \(TextTable.format(spd)), disparate impact \(TextTable.format(di))"
            }
            out += "\n"
        }
        var t = TextTable(header: ["feature", "sensitive", "association", "measure", "mutual information"])
        for p in bias.proxies.prefix(10) {
            t.rows.append([p.feature, p.sensitive, TextTable.format(p.association), p.measure, TextTable.format(p.mutualInformation)])
        }
        return out + "\nStrongest proxies:\n" + t.description
    }
}

enum DataBiasBindings {
    /// `fair.data_bias(ds, {privileged = {sex = "Male"}})`.
    static func make(_ call: LuaCall) throws -> DataBiasObject {
        let ds = try call.object(1, DatasetObject.self, expected: "Dataset")
        let o = try call.options(2, allowed: ["privileged"])
        return DataBiasObject(try DataBias(ds.dataset, privileged: try privileged(o, ds.dataset)))
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

    static var biasClass: LuaClass<DataBiasObject> {
        LuaClass<DataBiasObject>("DataBias", "Label bias and proxy features of a dataset, before any model.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, DataBiasObject.self, expected: "DataBias").text) }
            .method("attributes", returns: "table[]", "Per sensitive column: groups, counts, base rates, parity, KL divergence.") { b, call in
                call.returns(LuaValue.array(b.bias.attributes.map(b.attribute)))
            }
            .method("proxies", returns: "table[]", "Every feature × sensitive association, strongest first.") { b, call in
                call.returns(b.proxies)
            }
            .method("to_json", "indent: integer?", returns: "string", "The report as JSON.") { b, call in
                call.returns(JSON.encode(b.json, indent: try call.optional(2, 0, call.integer)))
            }
    }
}
