import Datasets
import Fairness
import LuaHost
import Reports

/// `fair.data_bias(ds)`: a report object on the labels and proxies of a dataset.
final class DataBiasObject {
    let bias: DataBias
    init(_ bias: DataBias) { self.bias = bias }
}

enum DataBiasBindings {
    /// `fair.data_bias(ds, {privileged = {sex = "Male"}})`.
    static func make(_ call: LuaCall) throws -> DataBiasObject {
        let ds = try call.object(1, DatasetObject.self, expected: "Dataset")
        let o = try call.options(2, allowed: ["privileged", "population", "legitimate"])
        return DataBiasObject(try DataBias(ds.dataset, privileged: try privileged(o, ds.dataset), population: try population(o) ?? [:],
                                           legitimate: try DataBindings.texts(o.value("legitimate"), option: "legitimate") ?? []))
    }

    /// Option `population`: `{column = {group = share, …}, …}`.
    static func population(_ o: LuaOptions) throws -> [String: [String: Double]]? {
        guard let value = try o.value("population") else { return nil }
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
            .printing({ $0.bias }, json: "The report as JSON.")
            .method("attributes", returns: "table[]", "Per sensitive column: groups, counts, base rates, parity, KL divergence.") { b, call in
                call.returns(LuaValue.array(b.bias.attributes.map { LuaValue($0.json) }))
            }
            .method("proxies", returns: "table[]", "Every feature × sensitive association, strongest first.") { b, call in
                call.returns(LuaValue(b.bias.proxiesJSON))
            }
    }()
}
