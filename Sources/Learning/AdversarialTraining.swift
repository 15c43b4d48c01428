import Datasets
import Tensors

/// Adversarial training (Madry et al. 2018; Goodfellow et al.'s mix when ratio < 1): in every batch a share
/// `ratio` of the rows is replaced by its adversarial rows against the current network before the step,
/// so the loss minimised is (1 − ratio)·L(x) + ratio·L(attack(x)) on average.
public struct AdversarialTraining: Sendable {
    /// The attack that makes the adversarial rows.
    public let attack: Attack
    /// The share of each batch replaced, in 0…1.
    public let ratio: Double

    /// Training with `attack` on a share `ratio` (default 0.5) of every batch.
    public init(attack: Attack, ratio: Double? = nil) throws {
        let share = ratio ?? 0.5
        guard share.isFinite, (0...1).contains(share) else { throw LearningError.invalid("adversarial: ratio must be in 0…1, got \(share)") }
        self.attack = attack
        self.ratio = share
    }

    /// The batch `x` (rows × columns) with its first ⌈ratio·rows⌉ rows (the batch order is already random)
    /// replaced by their adversarial rows; `blocks` is the rows' layout (nil: every column is numeric).
    public func mix(_ net: Sequential, _ x: Tensor, _ y: Tensor, loss: Loss, blocks: [FeatureBlock]?) throws -> Tensor {
        guard x.dim == 2 else { throw LearningError.shape(layer: "adversarial training", expected: "(rows, features)", got: x.shape) }
        let rows = x.shape[0], columns = x.shape[1]
        let attacked = Swift.min(rows, Int((ratio * Double(rows)).rounded(.up)))
        guard attacked > 0 else { return x }
        let head = try x.narrow(dim: 0, start: 0, length: attacked), labels = try y.narrow(dim: 0, start: 0, length: attacked)
        let adversarial = try attack.perturb(net, head, labels, loss: loss, movable: try attack.movable(columns: columns, blocks: blocks))
        var values = x.storage
        for i in 0..<(attacked * columns) { values[i] = adversarial.storage[i] }
        return try Tensor(shape: x.shape, storage: values)
    }
}
