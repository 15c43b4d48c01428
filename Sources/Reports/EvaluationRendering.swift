import Learning
import Tensors

extension Evaluation {
    /// `{accuracy=, balanced_accuracy=, log_loss=, roc_auc=, confusion={tn=, fp=, fn=, tp=}}`.
    public var json: JSONValue {
        .object(["accuracy": .number(accuracy), "balanced_accuracy": .number(balancedAccuracy), "log_loss": .number(logLoss),
                 "roc_auc": .number(rocAUC),
                 "confusion": .object(["tn": .integer(confusion.tn), "fp": .integer(confusion.fp),
                                       "fn": .integer(confusion.fn), "tp": .integer(confusion.tp)])])
    }
}

extension ModelEvaluation {
    /// The binary summary's fields, or `{accuracy=}` for a multiclass network.
    public var json: JSONValue {
        switch self {
        case let .binary(e): return e.json
        case let .multiclass(accuracy): return .object(["accuracy": .number(accuracy)])
        }
    }
}
