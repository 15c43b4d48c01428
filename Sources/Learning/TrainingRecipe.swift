import Tensors

/// How a network was last trained by `Trainer.fit` (loss, optimiser settings, penalties, adversarial training,
/// epochs, batch size, seed), so that mitigation can train a fresh copy of it the same way on reweighted or resampled rows.
public struct TrainingRecipe {
    /// The loss.
    public let loss: Loss
    /// The optimiser's rule, base learning rate and weight decay (a fresh optimiser is made for each training).
    public let rule: Optimizer.Rule, learningRate: Double, weightDecay: Double
    /// Weight penalties and fairness penalties.
    public let penalties: [any TrainingTerm]
    /// The learning-rate schedule, and the adversarial training (attacked rows per batch), if any.
    public let schedule: Schedule?, adversarial: AdversarialTraining?
    /// Epochs, batch size, shuffling and seed of the fit.
    public let epochs: Int, batchSize: Int, shuffle: Bool, seed: UInt64

    /// Trains `net` on `data` with these settings, a new optimiser and the recipe's penalties plus `extra`.
    public func train(_ net: Sequential, on data: TrainingData, adding extra: [any TrainingTerm] = []) throws {
        let trainer = try Trainer(net: net, loss: loss, optimizer: try Optimizer(rule, learningRate: learningRate, weightDecay: weightDecay),
                                  penalties: penalties + extra)
        trainer.schedule = schedule
        trainer.adversarial = adversarial
        _ = try trainer.fit(data, epochs: epochs, batchSize: batchSize, shuffle: shuffle, seed: seed)
    }
}
