/// Bounded group loss's measure (Agarwal et al. 2019, "Fair Regression"): the largest mean loss over groups,
/// max_g E[ℓ(y, ŷ) | A = g], and the group that has it.
public enum WorstGroupLoss {
    /// The losses measured: mean absolute error, mean squared error, its root, and log loss (ŷ read as a probability).
    public enum Loss: String, CaseIterable, Sendable {
        case mae, mse, rmse, logLoss = "log_loss"
    }

    /// The worst group's `loss` and that group's key (the first such group in group order on ties).
    public static func measure(_ data: Predictions, _ groups: GroupIndex, loss: Loss = .mae) throws -> (value: Double, group: String) {
        guard let metric = Metrics.builtIn(loss.rawValue) else { throw FairnessError.invalid("unknown loss '\(loss.rawValue)'") }
        let scored = loss == .logLoss ? try Predictions(yTrue: data.yTrue, yPred: data.yPred, score: data.yPred) : data
        let frame = try MetricFrame(metrics: [metric], data: scored, groups: groups)
        let worst = frame.groupMax()[0]
        return (worst, groups.names[frame.byGroup.firstIndex { $0[0] == worst } ?? 0])
    }
}
