import Tensors

/// One batch as a term of the training objective sees it: the network's outputs (logits) and the labels,
/// optional per-sample weights and 0-based group codes (−1 unknown), and the network's parameters. A term
/// called by hand gets only what it needs (a regulariser only the parameters).
public struct TermBatch {
    /// The network's outputs for the batch.
    public let output: Tensor?
    /// The batch's labels.
    public let labels: Tensor?
    /// Per-sample weights.
    public let weights: Tensor?
    /// 0-based group codes, one per sample.
    public let groups: [Int32]?
    /// The network's parameters by name.
    public let parameters: [(name: String, tensor: Tensor)]?

    /// A batch; absent parts are nil.
    public init(output: Tensor? = nil, labels: Tensor? = nil, weights: Tensor? = nil, groups: [Int32]? = nil,
                parameters: [(name: String, tensor: Tensor)]? = nil) {
        self.output = output
        self.labels = labels
        self.weights = weights
        self.groups = groups
        self.parameters = parameters
    }

    /// The outputs and labels, or an error naming `term` and how to call it.
    func outputAndLabels(_ term: String) throws -> (Tensor, Tensor) {
        guard let output, let labels else { throw LearningError.invalid("\(term): call it with (output, labels, …)") }
        return (output, labels)
    }
}

/// A term of a training objective — the loss (`Loss`), a weight penalty (`Regularizer`) or a fairness penalty
/// (`FairnessConstraint`) — computed from one batch; the `Trainer` adds its penalties to the loss.
public protocol TrainingTerm: Sendable, CustomStringConvertible {
    /// The term on `batch`: per-sample values for a loss, a scalar for a penalty.
    func value(on batch: TermBatch) throws -> Tensor
    /// Whether the term is a penalty (a Trainer's `penalties`) rather than a loss.
    var isPenalty: Bool { get }
    /// Whether the term reads group codes (so a call's last argument is groups, not per-sample weights).
    var readsGroups: Bool { get }
}

extension TrainingTerm {
    /// Only fairness penalties read groups.
    public var readsGroups: Bool { false }
}

extension Loss: TrainingTerm {
    /// Per-sample losses of the batch's outputs against its labels, weighted when it has weights.
    public func value(on batch: TermBatch) throws -> Tensor {
        let (output, labels) = try batch.outputAndLabels("loss \(name)")
        return try self(output, labels, weights: batch.weights)
    }

    /// A loss is not a penalty.
    public var isPenalty: Bool { false }

    /// `loss SigmoidBCE`.
    public var description: String { "loss \(name)" }
}

extension Regularizer: TrainingTerm {
    /// The penalty on the batch's network parameters.
    public func value(on batch: TermBatch) throws -> Tensor {
        guard let parameters = batch.parameters else { throw LearningError.invalid("\(self): call it with the network") }
        return try penalty(parameters)
    }

    /// A weight penalty.
    public var isPenalty: Bool { true }
}

extension FairnessConstraint: TrainingTerm {
    /// The penalty on the batch's outputs, labels and group codes.
    public func value(on batch: TermBatch) throws -> Tensor {
        let (output, labels) = try batch.outputAndLabels("FairnessConstraint")
        guard let groups = batch.groups else { throw LearningError.invalid("FairnessConstraint: call it with (output, labels, groups)") }
        return try self(output, labels: labels, groups: groups)
    }

    /// A fairness penalty.
    public var isPenalty: Bool { true }

    /// It reads groups.
    public var readsGroups: Bool { true }
}
