import Fairness
import LuaHost
import Reports

/// `fair.regression`: a regressor's fairness by group; declarations only.
enum RegressionBindings {
    static let params = "opts: {y_true: Tensor|number[], y_pred: Tensor|number[], sensitive: any, permutations: integer?, seed: integer?, bound: number?, min_group_size: integer?}"
    static let summary = "By group MAE, RMSE, R² and mean prediction; demographic parity for regression as the Kolmogorov-Smirnov and 1-Wasserstein " +
        "distances between the groups' prediction distributions (Agarwal et al. 2019), with a seeded permutation test (permutations = N); bound checks each group's mean squared error."

    /// `fair.regression{y_true=, y_pred=, sensitive=, permutations=0, seed=0, bound=, min_group_size=30}`.
    static func regression(_ call: LuaCall) throws -> Int32 {
        let o = try call.options(1, allowed: ["y_true", "y_pred", "sensitive", "permutations", "seed", "bound", "min_group_size"])
        guard let targets = try FairnessInputs.numbers(call, o, "y_true") else { throw call.argumentError(1, "option 'y_true' is required") }
        guard let predictions = try FairnessInputs.numbers(call, o, "y_pred") else { throw call.argumentError(1, "option 'y_pred' is required") }
        guard let groups = try FairnessInputs.groups(call, o, "sensitive") else { throw call.argumentError(1, "option 'sensitive' is required") }
        return call.push(Boxed(try RegressionFairness(targets: targets, predictions: predictions, groups: groups, permutations: try o.integer("permutations") ?? 0,
                                                      seed: try o.seed() ?? 0, bound: try o.number("bound"), minGroupSize: try o.integer("min_group_size") ?? 30)),
                         regressionClass)
    }

    static let regressionClass = ResultClass.of(RegressionFairness.self, "RegressionFairness",
                                                "A regressor's fairness by group: errors, R², mean prediction and the distances between prediction distributions.",
                                                json: "The result as JSON.", result: "The numbers: {mae = {group = …}, rmse, r2, mean_prediction, ks, wasserstein, ks_p_value, …} (as to_json).")
}
