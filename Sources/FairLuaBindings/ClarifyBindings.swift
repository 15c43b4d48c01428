import Datasets
import Fairness
import LuaHost
import Reports

/// `fair.clarify`: SageMaker Clarify's bias catalogue, with Clarify's option names; declarations only.
enum ClarifyBindings {
    static let shared = ["facet", "facet_values_or_threshold", "label_values_or_threshold", "group_name", "methods"]
    static let preParams = "ds: Dataset, opts: {facet: string?, facet_values_or_threshold: any?, label_values_or_threshold: any?, group_name: string?, methods: string[]?}?"
    static let postParams = "model_or_predictions, ds: Dataset, opts: {facet: string?, facet_values_or_threshold: any?, label_values_or_threshold: any?, " +
        "group_name: string?, methods: string[]?, probability_threshold: number?, features: string[]?}?"

    static var module: LuaModule {
        LuaModule("fair.clarify", "Amazon SageMaker Clarify's bias measures by their Clarify names, as smclarify computes them: a list of values " +
                  "selects the facet (or positive labels), a number is a threshold (values above it); without facet values each value is compared with the rest.")
            .function("pretraining", preParams, returns: "ClarifyReport",
                      "Clarify's pre-training measures of the labels: CDDL (needs group_name), CI, DPL, JS, KL, KS, LP, TVD.") { call in
                let ds = try call.object(1, DatasetObject.self, expected: "Dataset").dataset
                return call.push(Boxed(try report(ds, try call.options(2, allowed: shared), .preTraining, predictions: nil)), reportClass)
            }
            .function("posttraining", postParams, returns: "ClarifyReport",
                      "Clarify's post-training measures of predicted labels (scores ≥ probability_threshold, 0.5, are positive): AD, CDDPL (needs group_name), " +
                      "DAR, DCA, DCR, DI, DPPL, DRR, FT (kNN flip test on the numeric features), GE, RD, SD, TE.") { call in
                let ds = try call.object(2, DatasetObject.self, expected: "Dataset").dataset
                let o = try call.options(3, allowed: shared + ["probability_threshold", "features"])
                return call.push(Boxed(try report(ds, o, .postTraining, predictions: try CheckBindings.scores(call, 1, ds))), reportClass)
            }
            .function("measures", returns: "table[]", "Every measure: {name=, description=, stage='pre_training'|'post_training'}.") { call in
                call.returns(LuaValue.array(ClarifyMeasure.all.map {
                    .table(["name": .string($0.name), "description": .string($0.description), "stage": .string($0.stage.rawValue)])
                }))
            }
    }

    /// The report of `stage` with the options read.
    static func report(_ ds: Dataset, _ o: LuaOptions, _ stage: ClarifyMeasure.Stage, predictions: [Double]?) throws -> ClarifyBias {
        try ClarifyBias(ds, stage: stage, facet: try o.string("facet"),
                        facetValues: try selection(o.value("facet_values_or_threshold"), option: "facet_values_or_threshold"),
                        labelValues: try selection(o.value("label_values_or_threshold"), option: "label_values_or_threshold"),
                        predictions: predictions, probabilityThreshold: try o.number("probability_threshold") ?? 0.5,
                        group: try o.string("group_name"), features: try o.texts("features"), methods: try o.texts("methods"))
    }

    /// A selection option: a number is a threshold, a string or a list names values.
    static func selection(_ value: LuaValue?, option: String) throws -> ClarifySelection? {
        switch value {
        case nil: return nil
        case let .number(t)?: return .threshold(t)
        case let .integer(t)?: return .threshold(Double(t))
        case let v?: return .values(try DataBindings.texts(v, option: option) ?? [])
        }
    }

    static let reportClass: LuaClass<Boxed<ClarifyBias>> = {
        ResultClass.of(ClarifyBias.self, "ClarifyReport", "A SageMaker Clarify bias report: each facet value's measures with name, description and value.",
                       json: "The report as JSON, in Clarify's shape (infinities as \"Infinity\").")
            .method("values", returns: "table<string, table<string, number>>", "r:values().Female.DPL: each facet value's measures by name (NaN where undefined).") { box, call in
                call.returns(LuaValue.table(Dictionary(box.value.facets.map { f in
                    (f.valueOrThreshold, LuaValue.table(Dictionary(f.metrics.map { ($0.name, LuaValue.number($0.value)) }, uniquingKeysWith: { a, _ in a })))
                }, uniquingKeysWith: { a, _ in a })))
            }
    }()
}
