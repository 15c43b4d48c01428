import Fairness
import LuaHost
import Reports

/// `fair.test`: hypothesis tests of decisions against groups.
enum TestBindings {
    static var module: LuaModule {
        LuaModule("fair.test", "Statistical tests: chi-square, two-proportion z, Fisher, permutation, bootstrap, p-value adjustment.")
            .function("chi2", "y_pred, sensitive, opts: {correction: boolean?}?", returns: "table",
                      "Chi-square test of independence between decision and group (Yates' correction on 2×2 by default).") { call in
                let correction = try call.options(3, allowed: ["correction"]).boolean("correction")
                return call.returns(LuaValue(try StatisticalTests.chiSquare(decisions: try FairnessBindings.vector(call, 1, "y_pred"),
                                                                            groups: try FairnessInputs.groups(call, 2), correction: correction).json()))
            }
            .function("two_proportion", "y_pred, sensitive, opts: {y_true: any?, rate: 'selection'|'tpr'|'fpr'?}?", returns: "table",
                      "Two-proportion z-test of selection rates between two groups (or of TPR / FPR with y_true).") { call in
                let o = try call.options(3, allowed: ["y_true", "rate"])
                let rate = try o.string("rate").map { StatisticalTests.Rate(rawValue: $0) } ?? .selection
                guard let rate else { throw call.argumentError(3, "option 'rate': 'selection', 'tpr' or 'fpr' expected") }
                return call.returns(LuaValue(try StatisticalTests.twoProportion(
                    yTrue: try FairnessInputs.numbers(call, o, "y_true"), decisions: try FairnessBindings.vector(call, 1, "y_pred"),
                    groups: try FairnessInputs.groups(call, 2), stratum: rate.stratum).json()))
            }
            .function("fisher", "y_pred, sensitive", returns: "table", "Fisher's exact test on the 2×2 table of decisions by group.") { call in
                call.returns(LuaValue(try StatisticalTests.fisher(decisions: try FairnessBindings.vector(call, 1, "y_pred"),
                                                               groups: try FairnessInputs.groups(call, 2)).json()))
            }
            .function("permutation", "metric: string, y_true, y_pred, sensitive, opts: {n: integer?, seed: integer?}?", returns: "table",
                      "Permutation test of a metric's between-group difference (group labels shuffled n=1000 times).") { call in
                let metric = try MetricPlugins.metric(try call.string(1), call.L)
                let data = try Predictions(yTrue: try FairnessBindings.vector(call, 2, "y_true"), yPred: try FairnessBindings.vector(call, 3, "y_pred"))
                let o = try call.options(5, allowed: ["n", "seed"])
                return call.returns(LuaValue(try StatisticalTests.permutation(
                    metric: metric, data: data, groups: try FairnessInputs.groups(call, 4), samples: try o.integer("n"), seed: (try o.seed() ?? 0)).json()))
            }
            .function("bootstrap", "metric: string, y_true, y_pred, opts: {n: integer?, level: number?, seed: integer?, y_score: any?}?", returns: "table",
                      "Bootstrap percentile interval of any metric: {estimate=, low=, high=, level=, n=}.") { call in
                let metric = try MetricPlugins.metric(try call.string(1), call.L)
                let yTrue = try FairnessBindings.vector(call, 2, "y_true")
                let o = try call.options(4, allowed: ["n", "level", "seed", "y_score"])
                let data = try Predictions(yTrue: yTrue, yPred: try FairnessBindings.vector(call, 3, "y_pred"),
                                           score: try FairnessInputs.numbers(call, o, "y_score"))
                return call.returns(LuaValue(try StatisticalTests.bootstrap(metric: metric, data: data, samples: try o.integer("n"),
                                                                            level: try o.number("level"), seed: try o.seed() ?? 0).json))
            }
            .function("power", "opts: {n1: integer, n2: integer, alpha: number?, power: number?, effect: number?, rate: number?}", returns: "table",
                      "Two-proportion z-test power (Cohen's h, as statsmodels' NormalIndPower): {n1=, n2=, alpha=, power=, effect=, difference=?}; without effect, the smallest detectable effect at power (0.8).") { call in
                let o = try call.options(1, allowed: ["n1", "n2", "alpha", "power", "effect", "rate"])
                guard let n1 = try o.integer("n1"), let n2 = try o.integer("n2") else { throw call.argumentError(1, "options 'n1' and 'n2' (the group sizes) are required") }
                return call.returns(LuaValue(try Power.analyse(n1: n1, n2: n2, alpha: try o.number("alpha"), power: try o.number("power"),
                                                               effect: try o.number("effect"), rate: try o.number("rate")).json))
            }
            .function("adjust", "p_values: number[], opts: {method: 'holm'|'bh'}?", returns: "number[]",
                      "Holm (family-wise) or Benjamini–Hochberg (false discovery rate) adjusted p-values, in the order given.") { call in
                let p = try FairnessBindings.vector(call, 1, "p_values")
                let name = try call.options(2, allowed: ["method"]).string("method") ?? "holm"
                guard let method = StatisticalTests.Adjustment(rawValue: name) else { throw call.argumentError(2, "option 'method': 'holm' or 'bh' expected") }
                return call.returns(LuaValue.array(try StatisticalTests.adjust(p, method: method).map { .number($0) }))
            }
    }
}
