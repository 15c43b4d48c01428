import Learning
import Tensors

/// Zhang, Lemoine & Mitchell's adversarial debiasing (2018) for a network over classes: an adversary, a multinomial
/// logistic model, predicts each row's group from the network's softmax probabilities (demographic parity) or from
/// them and the one-hot label (equalized odds). Each step the adversary descends its cross-entropy, and the network
/// descends its own loss's gradient minus that gradient's projection onto the adversary's and minus α times the
/// adversary's gradient, per parameter tensor (`AdversarialDebiasing.project`), so no step helps the adversary.
public struct ClassAdversarialDebiasing {
    /// α, the weight of the adversary's gradient in the network's update (AIF360's adversary_loss_weight).
    public let adversaryWeight: Double
    /// What the adversary sees.
    public let target: AdversarialDebiasing.Target

    /// A debiaser; `adversaryWeight` must be finite and ≥ 0.
    public init(adversaryWeight: Double = 0.1, target: AdversarialDebiasing.Target = .equalizedOdds) throws {
        guard adversaryWeight >= 0, adversaryWeight.isFinite else {
            throw FairnessError.invalid("adversarial_debiasing: adversary_loss_weight must be ≥ 0, got \(adversaryWeight)")
        }
        self.adversaryWeight = adversaryWeight
        self.target = target
    }

    /// Trains `net` on `data` (labels: class ids; groups: codes 0..<`groups`, −1 rows left out of the adversary) for
    /// the recipe's epochs and batch size, with its loss and optimiser for the network and Adam at the same rate for
    /// the adversary; the batch order draws from the recipe's seed.
    public func train(_ net: Sequential, on data: TrainingData, groups: Int, recipe: TrainingRecipe) throws {
        guard groups >= 2 else { throw FairnessError.invalid("adversarial_debiasing needs at least two groups, found \(groups)") }
        let n = data.count
        let networkOptimizer = try Optimizer(recipe.rule, learningRate: recipe.learningRate, weightDecay: recipe.weightDecay)
        let adversaryOptimizer = try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: recipe.learningRate)
        var generator = RandomGenerator(seed: recipe.seed)
        var adversary: (w: Tensor, b: Tensor)?
        let batches = (n + recipe.batchSize - 1) / recipe.batchSize
        let progress = ProgressHook("adversarial debiasing", total: recipe.epochs * batches)
        defer { progress.finish() }
        for epoch in 0..<recipe.epochs {
            let order = recipe.shuffle ? generator.permutation(n) : Array(0..<n)
            for b in 0..<batches {
                try Cancellation.check()
                let batch = try data.batch(order[(b * recipe.batchSize)..<min((b + 1) * recipe.batchSize, n)])
                let parameters = net.parameters.map(\.tensor)
                let logits = try GradMode.record { try net.forward(batch.x, training: true) }
                let m = batch.y.numel
                guard logits.dim == 2, logits.shape[0] == m, logits.shape[1] >= 2 else {
                    throw FairnessError.invalid("adversarial_debiasing on classes needs one logit per class, got output shape \(Tensor.format(shape: logits.shape))")
                }
                let classes = logits.shape[1]
                try GradMode.record { try recipe.loss(logits, batch.y).mean() }.backward()
                let own = parameters.map { $0.grad?.storage ?? [Float](repeating: 0, count: $0.numel) }
                parameters.forEach { $0.zeroGrad() }
                let inputs = target == .equalizedOdds ? 2 * classes : classes
                if adversary == nil {
                    let limit = Float((6.0 / Double(inputs + groups)).squareRoot())   // Glorot uniform, as AIF360's adversary
                    adversary = (try Tensor(shape: [inputs, groups], storage: (0..<(inputs * groups)).map { _ in (2 * generator.uniform() - 1) * limit }).requireGrad(),
                                 try Tensor.zeros([groups]).requireGrad())
                }
                guard let (w, bias) = adversary, w.shape[0] == inputs else { throw FairnessError.invalid("adversarial_debiasing: the network's output width changed") }
                let grouped = batch.groups.map { $0 >= 0 ? Float(1) : 0 }
                let count = grouped.reduce(0, +)
                if count > 0 {
                    let loss = try GradMode.record { () throws -> Tensor in
                        var u = try logits.softmaxRows()
                        if target == .equalizedOdds {
                            var onehot = [Float](repeating: 0, count: m * classes)
                            for (i, y) in batch.y.storage.enumerated() where y >= 0 && Int(y) < classes { onehot[i * classes + Int(y)] = 1 }
                            u = try Tensor.cat([u, try Tensor(shape: [m, classes], storage: onehot)], dim: 1)
                        }
                        let z = try u.mm(w).adding(bias)
                        return try Loss.softmaxCrossEntropy(z, Tensor(batch.groups.map { Float(Swift.max($0, 0)) }), weights: Tensor(grouped))
                            .sum().dividing(Tensor(scalar: count))
                    }
                    try loss.backward()
                }
                for (p, g) in zip(parameters, own) {
                    let against = p.grad?.storage ?? [Float](repeating: 0, count: p.numel)
                    p.zeroGrad()
                    try p.accumulateGrad(try Tensor(shape: p.shape, storage: AdversarialDebiasing.project(g, away: against, weight: Float(adversaryWeight))))
                }
                adversaryOptimizer.step([w, bias], scale: 1)
                networkOptimizer.step(parameters, scale: 1)
                progress.update(epoch * batches + b + 1, status: "epoch \(epoch + 1)/\(recipe.epochs)")
            }
        }
    }
}
