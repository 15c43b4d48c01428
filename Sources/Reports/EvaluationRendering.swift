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
