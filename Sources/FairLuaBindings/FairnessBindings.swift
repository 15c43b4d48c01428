import CLua
import Datasets
import Fairness
import LuaHost
import Tensors

/// `fair`: group metrics, MetricFrame, scalar fairness measures, individual fairness, streaming metrics,
/// statistical tests and plugin metrics.
enum FairnessBindings {
    static var module: LuaModule {
        var m = LuaModule("fair", "Fairness: MetricFrame, group and individual fairness measures, streaming metrics, tests, plugins.")
            .function("MetricFrame", "opts: {metrics: string|string[], y_true, y_pred, y_score?, sensitive, weights?, control?}", returns: "MetricFrame",
                      "Metrics overall and per group (several sensitive columns give intersectional groups 'a|b').") { call in
                return call.push(try MetricFrameBindings.make(call), MetricFrameBindings.frameClass)
            }
        for name in GroupFairness.names {
            m = m.function(name, "y_true, y_pred, sensitive, opts: {privileged: any?, agg: 'worst_case'|'mean'?, method: string?, weights?}?",
                           returns: "number", summary(name)) { call in
                let (data, groups) = try inputs(call)
                let (options, o) = try call.settings(4, GroupFairness.Options(), [
                    .custom("privileged", \.privileged) { try $0.texts("privileged")?.joined(separator: "|") },
                    .choice("agg", \.aggregation), .choice("method", \.method),
                ], extra: ["weights"])
                let weighted = try FairnessInputs.numbers(call, o, "weights").map {
                    try Predictions(yTrue: data.yTrue, yPred: data.yPred, weights: $0)
                } ?? data
                return call.returns(try GroupFairness.measure(name, weighted, groups, options))
            }
        }
        m = m
            .function("multiclass", MulticlassBindings.framesParams, returns: "table<string, MetricFrame>", MulticlassBindings.framesSummary, MulticlassBindings.frames)
            .function("multiclass_summary", MulticlassBindings.framesParams, returns: "table", MulticlassBindings.summarySummary, MulticlassBindings.summary)
            .function("bounded_group_loss", "y_true, y_pred, sensitive, opts: {loss: 'mae'|'mse'|'rmse'|'log_loss'?}?", returns: "number, string",
                      "The worst group's loss (regression or scores), and which group it is.") { call in
                let (data, groups) = try inputs(call)
                let loss = try call.options(4, allowed: ["loss"]).choice("loss", as: WorstGroupLoss.Loss.self)
                let worst = try loss.map { try WorstGroupLoss.measure(data, groups, loss: $0) } ?? WorstGroupLoss.measure(data, groups)
                call.stack.push(worst.value)
                call.stack.push(worst.group)
                return 2
            }
            .function("data_bias", "ds: Dataset, opts: {privileged: table<string, any>|any?, population: table<string, table<string, number>>?, legitimate: string[]?}?", returns: "DataBias",
                      "Bias in the labels before any model: base rates per group, parity, KL divergence, proxy features; with population, each group's share against it (chi-square goodness of fit); with legitimate, conditional demographic disparity and a stratified (CMH) test of the labels.") { call in
                return call.push(try DataBiasBindings.make(call), DataBiasBindings.biasClass)
            }
            .function("detect", "model, train: Dataset|ImageFolderDataset, test: Dataset|ImageFolderDataset, opts: {metrics: string[]?, ci: integer?, seed: integer?, privileged: table?, threshold: number?, proxy_threshold: number?, min_group_size: integer?, include_small: boolean?, alpha: number?, power: number?, population: table?, legitimate: string[]?, anchoring: boolean?, anchoring_share: number?, scan: string[]?, clarify: boolean?}?",
                      returns: "Detection|ClassDetection", "Data bias of train (representation against population, or test), the model's bias on test (with bootstrap intervals), tests and findings by kind; on image folders, classes by group (min_group_size and include_small apply).") { call in
                if ImageFairnessBindings.isFolder(call, 2) { return try ImageFairnessBindings.detect(call) }
                return call.push(try DetectionBindings.detect(call), DetectionBindings.detectionClass)
            }
            .function("counterfactual_flip_rate", "model, ds: Dataset, sensitive: string?", returns: "number",
                      "Share of decisions that change when the sensitive attribute is swapped (the model must use it).") { call in
                call.returns(try DetectionBindings.flipRate(call))
            }
            .function("check", CheckBindings.checkParams, returns: "FairnessCheck", CheckBindings.checkSummary, CheckBindings.check)
            .function("disparities", CheckBindings.disparitiesParams, returns: "Disparities", CheckBindings.disparitiesSummary, CheckBindings.disparities)
            .function("scan", ScanBindings.params, returns: "SubgroupScan", ScanBindings.summary, ScanBindings.scan)
            .function("regression", RegressionBindings.params, returns: "RegressionFairness", RegressionBindings.summary, RegressionBindings.regression)
            .function("one_vs_rest", MetaMetricBindings.oneVsRestParams, returns: "table<string, number>", MetaMetricBindings.oneVsRestSummary, MetaMetricBindings.oneVsRest)
            .function("intersection", MetaMetricBindings.intersectionParams, returns: "table<string, number>", MetaMetricBindings.intersectionSummary, MetaMetricBindings.intersection)
            .function("subspace_consistency", AttackBindings.consistencyParams, returns: "number", AttackBindings.consistencySummary, AttackBindings.subspaceConsistency)
            .function("flip_consistency", AttackBindings.flipParams, returns: "number", AttackBindings.flipSummary, AttackBindings.flipConsistency)
        for index in InequalityIndex.all {
            let first: Int32 = index.betweenGroups ? 4 : 3
            m = m.function(index.name, "y_true, y_pred" + (index.betweenGroups ? ", sensitive" : "") + (index.fixedAlpha == nil ? ", opts: {alpha: number?}?" : ""),
                           returns: "number", index.summary) { call in
                let (data, groups) = index.betweenGroups ? try inputs(call) : (try Predictions(yTrue: try vector(call, 1, "y_true"), yPred: try vector(call, 2, "y_pred")), nil)
                let alpha = index.fixedAlpha == nil ? try call.options(first, allowed: ["alpha"]).number("alpha") : nil
                return call.returns(try index.value(yTrue: data.yTrue, yPred: data.yPred, groups: groups, alpha: alpha))
            }
        }
        return m
            .function("consistency", "X: Tensor, y_pred, opts: {k: integer?}?", returns: "number",
                      "1 − mean |ŷ − mean ŷ of the k nearest neighbours| (Zemel et al.; exact search, the row itself included).") { call in
                let x = try TensorBindings.tensor(call, 1)
                guard x.shape.count == 2 else { throw call.argumentError(1, "a matrix (rows × features) expected, got shape \(x.shape)") }
                let k = try call.options(3, allowed: ["k"]).integer("k") ?? 5
                return call.returns(try IndividualFairness.consistency(features: x.storage, columns: x.shape[1], decisions: try vector(call, 2, "y_pred"), k: k))
            }
            .function("smoothed_empirical_differential_fairness", "y_pred, sensitive, opts: {concentration: number?}?", returns: "number",
                      "Foulds et al.'s ε: the largest log-ratio of smoothed decision rates between two groups.") { call in
                let c = try call.options(3, allowed: ["concentration"]).number("concentration") ?? 1
                return call.returns(try GroupFairness.smoothedDifferentialFairness(decisions: try vector(call, 1, "y_pred"), groups: try FairnessInputs.groups(call, 2), concentration: c))
            }
            .function("conditional_demographic_disparity", "y_pred, sensitive, strata, opts: {privileged: any}", returns: "number",
                      "Demographic disparity of the unprivileged rows within each stratum, weighted by stratum size.") { call in
                let o = try call.options(4, allowed: ["privileged"])
                guard let privileged = try DataBindings.texts(o.value("privileged"), option: "privileged")?.joined(separator: "|") else {
                    throw call.argumentError(4, "option 'privileged' is required")
                }
                return call.returns(try GroupFairness.conditionalDemographicDisparity(
                    decisions: try vector(call, 1, "y_pred"), groups: try FairnessInputs.groups(call, 2), privileged: privileged,
                    strata: try FairnessInputs.groups(call, 3, name: "strata")))
            }
            .function("mitigate", "model, train: Dataset|ImageFolderDataset, test: Dataset|ImageFolderDataset, opts: {method: string, metrics: string[]?, seed: integer?, fit: function?, consistency: boolean?, …}",
                      returns: "Comparison|ClassComparison", "Mitigates with any fair.pre/inproc/post method by name (its options alongside) and compares before/after on test (consistency: both models' subspace consistency, by default for sensei and sensr); on image folders, reweighing, group_balanced_sampling, fair_penalty or adversarial_debiasing retrain a fresh copy of the network.") { call in
                if ImageFairnessBindings.isFolder(call, 2) { return try ImageFairnessBindings.mitigate(call) }
                return call.push(try MitigateBindings.mitigate(call), MitigateBindings.comparisonClass)
            }
            .function("sweep", "opts: {train: Dataset, test: Dataset, model: LogisticRegression|DecisionTree?, methods: string[]?, grid: table?, options: table?, measure: string?, seed: integer?, consistency: boolean?}",
                      returns: "Sweep", "Runs each method over its parameter grid (options = {method = {…}} fixes its other options); accuracy and fairness per point and the Pareto front (consistency: each model's subspace consistency, by default for sensei and sensr).") { call in
                call.push(try SweepBindings.sweep(call), SweepBindings.sweepClass)
            }
            .function("audit_state", "path: string", returns: "AuditState",
                      "Loads a state written by fairlua audit --emit-state (merge shards with :merge, then :report()).") { call in
                try AuditStateBindings.load(call)
            }
            .submodule(InProcessorBindings.module)
            .submodule(PreprocessorBindings.module)
            .submodule(PostprocessorBindings.module)
            .submodule(StreamingBindings.module)
            .submodule(TestBindings.module)
            .submodule(RankingBindings.module)
            .submodule(ClarifyBindings.module)
            .submodule(LuaModule("fair.metrics", "The metric catalogue and plugin metrics.")
                .function("register", "spec: {name: string, per_group: fun(cm: table): number?, fn: fun(y_true, y_pred, y_score): number?, summary: string?}",
                          returns: "string", "Adds a metric usable by name everywhere (per_group gets tp fp tn fn n and weighted wtp … wn).") { call in
                    call.returns(try MetricPlugins.register(call))
                }
                .function("list", returns: "table[]", "Every metric: {name=, summary=, plugin=}.") { call in
                    let builtIn: [LuaValue] = Metrics.builtIn.map { .table(["name": .string($0.name), "summary": .string($0.summary), "plugin": .boolean(false)]) }
                    let plugins: [LuaValue] = MetricPlugins.names(call.L).map { .table(["name": .string($0), "plugin": .boolean(true)]) }
                    return call.returns(LuaValue.array(builtIn + plugins))
                })
    }

    static func summary(_ name: String) -> String {
        switch name {
        case "statistical_parity_difference", "disparate_impact": return "AIF360's \(name) (needs {privileged=}): unprivileged vs privileged selection rates."
        default: return "\(name): between groups (max − min / min ÷ max), or unprivileged vs privileged with {privileged=}."
        }
    }

    static func vector(_ call: LuaCall, _ i: Int32, _ name: String) throws -> [Double] {
        try FairnessInputs.numbers(call, i, argument: name)
    }

    /// Arguments `first`…`first + 2`: y_true, y_pred, sensitive.
    static func inputs(_ call: LuaCall, from first: Int32 = 1) throws -> (Predictions, GroupIndex) {
        let data = try Predictions(yTrue: try vector(call, first, "y_true"), yPred: try vector(call, first + 1, "y_pred"))
        guard !call.isNone(first + 2) else { throw call.argumentError(first + 2, "sensitive expected") }
        return (data, try FairnessInputs.groups(call, first + 2))
    }
}
