import Datasets
import Fairness
import LuaHost
import Reports

/// A pre-processing mitigator boxed for Lua, with how it prints (`MitigationMethod.description`).
final class PreprocessorObject {
    var mitigator: any Preprocessor
    let description: String
    init(_ mitigator: any Preprocessor, description: String) {
        self.mitigator = mitigator
        self.description = description
    }
}

/// `fair.pre`: one constructor per registered pre-processing method.
enum PreprocessorBindings {
    static var module: LuaModule {
        let module = LuaModule("fair.pre", "Pre-processing mitigators: fit(ds) then transform(ds) → a new dataset.")
        for method in MitigationRegistry.preprocessors {
            module.function(method.className, method.signature, returns: "Preprocessor", method.summary) { call in
                let given = try MitigatorOptions.read(call, 1, for: [method]).given
                guard case let .pre(p) = try method.make(given) else { return 0 }
                return call.push(PreprocessorObject(p, description: method.description(given)), preClass)
            }
        }
        return module
    }

    static let preClass: LuaClass<PreprocessorObject> = {
        LuaClass<PreprocessorObject>("Preprocessor", "A pre-processing mitigator.")
            .metamethod("__tostring") { call in
                call.returns(try call.object(1, PreprocessorObject.self, expected: "Preprocessor").description)
            }
            .method("fit", "ds: Dataset", returns: "Preprocessor", "Learns from a dataset; returns self.") { p, call in
                try p.mitigator.fit(try call.object(2, DatasetObject.self, expected: "Dataset").dataset)
                return call.returnsSelf()
            }
            .method("transform", "ds: Dataset", returns: "Dataset", "The mitigated dataset (new weights, labels, rows or features).") { p, call in
                DataBindings.push(try p.mitigator.transform(try call.object(2, DatasetObject.self, expected: "Dataset").dataset), call)
            }
            .method("dropped", returns: "table[]", "DropProxies: {feature=, sensitive=, value=} for each dropped feature.") { p, call in
                guard let d = p.mitigator as? DropProxies else { throw call.argumentError(1, "only DropProxies drops features") }
                return call.returns(LuaValue(d.droppedJSON))
            }
            .method("optimization", returns: "table", "LFR: {value=, iterations=, evaluations=, stop=, history=, weights=, prototypes=} of its L-BFGS-B fit.") { p, call in
                guard let l = p.mitigator as? LFR else { throw call.argumentError(1, "only LFR is fitted by L-BFGS-B") }
                return call.returns(LuaValue(l.optimizationJSON))
            }
            .method("weights", returns: "table", "Reweighing's weights: {group = {w(y=0), w(y=1)}}.") { p, call in
                guard let r = p.mitigator as? Reweighing else { throw call.argumentError(1, "only Reweighing has weights") }
                return call.returns(LuaValue(r.weightsJSON))
            }
    }()
}
