import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Learning
import Tensors

/// Zhang, Lemoine & Mitchell's adversarial debiasing (2018), trained as AIF360 does: a classifier network
/// outputs a logit; an adversary predicts the protected group from s = σ((1 + |c|)·logit) — and, for
/// equalised odds, from s·y and s·(1 − y) — with a logistic model. The adversary descends its own loss;
/// the classifier descends its loss minus the projection of its gradient onto the adversary's gradient,
/// minus α times the adversary's gradient, per parameter tensor, so no step helps the adversary.
public final class AdversarialDebiasing: Classifier {
    /// What the adversary sees, hence which disparity is removed.
    public enum Target: String, Sendable, CaseIterable {
        /// The logit only: decisions independent of the group (demographic parity).
        case demographicParity = "demographic_parity"
        /// The logit and the label: independence given the label (equalised odds; AIF360's choice).
        case equalizedOdds = "equalized_odds"
    }

    /// The classifier network (one logit per row).
    public let classifier: Sequential
    /// α, the weight of the adversary's gradient in the classifier's update.
    public let adversaryWeight: Double
    /// Whether the adversary is used at all (false trains the plain classifier, for comparison).
    public let debias: Bool
    /// The adversary's inputs.
    public let target: Target
    /// Passes over the data, rows per step, the starting learning rate and the seed.
    public let epochs: Int, batchSize: Int, learningRate: Double, seed: UInt64
    /// The adversary's starting learning rate (AIF360: the classifier's).
    public let adversaryLearningRate: Double
    /// Whether the sensitive columns are features too (as in AIF360's Adult example).
    public let includesSensitive: Bool
    /// Mean classifier and adversary losses per epoch.
    public private(set) var history: [(classifier: Double, adversary: Double)] = []
    /// The adversary's parameters: c, the weights on its inputs, the bias.
    public private(set) var adversary: [Float] = []

    /// A debiaser; `classifier` defaults to AIF360's: Dense(200, relu), Dropout(0.2), Dense(1).
    public init(classifier: Sequential? = nil, adversaryWeight: Double = 0.1, debias: Bool = true, target: Target = .equalizedOdds,
                epochs: Int = 50, batchSize: Int = 128, learningRate: Double = 0.001, adversaryLearningRate: Double? = nil, seed: UInt64 = 0,
                includeSensitive: Bool = false) throws {
        guard adversaryWeight >= 0, adversaryWeight.isFinite else { throw FairnessError.invalid("AdversarialDebiasing: adversary_loss_weight must be ≥ 0, got \(adversaryWeight)") }
        guard epochs > 0, batchSize > 0 else { throw FairnessError.invalid("AdversarialDebiasing: epochs and batch_size must be positive") }
        guard learningRate > 0, learningRate.isFinite else { throw FairnessError.invalid("AdversarialDebiasing: lr must be positive, got \(learningRate)") }
        self.classifier = try classifier ?? Sequential([Dense(units: 200, activation: .relu), Dropout(0.2), Dense(units: 1)])
        self.adversaryWeight = adversaryWeight
        self.debias = debias
        self.target = target
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.adversaryLearningRate = adversaryLearningRate ?? learningRate
        guard self.adversaryLearningRate > 0, self.adversaryLearningRate.isFinite else { throw FairnessError.invalid("AdversarialDebiasing: adversary_lr must be positive") }
        self.seed = seed
        includesSensitive = includeSensitive
    }

    /// Trains on `x` (rows × features), 0/1 labels and a protected attribute with exactly two groups.
    /// Seeds the tensor generator with `seed` (initial weights, dropout, batch order).
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex) throws {
        let n = y.count
        guard x.dim == 2, x.shape[0] == n, n > 0 else { throw FairnessError.invalid("AdversarialDebiasing: \(x.shape.first ?? 0) rows of features for \(n) labels") }
        guard y.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw FairnessError.invalid("AdversarialDebiasing: labels must be 0 or 1") }
        guard groups.count == 2, groups.codes.count == n else {
            throw FairnessError.invalid("AdversarialDebiasing: the protected attribute needs exactly two groups, found \(groups.count): \(groups.names.joined(separator: ", "))")
        }
        Tensor.seed(seed)
        let data = try TrainingData(x: x, y: y.map(Float.init), groups: groups.codes)
        var generator = RandomGenerator(seed: seed)
        let inputs = target == .equalizedOdds ? 3 : 1
        // Glorot-uniform adversary weights, c = 1, bias 0 (AIF360's initial values).
        let limit = Float((6.0 / Double(inputs + 1)).squareRoot())
        let adversaryParameters = Tensor([1] + (0..<inputs).map { _ in (2 * generator.uniform() - 1) * limit } + [0])
        let classifierOptimizer = try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: learningRate)
        let adversaryOptimizer = try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: adversaryLearningRate)
        let batches = (n + batchSize - 1) / batchSize
        history = []
        var steps = 0
        let progress = ProgressHook("adversarial debiasing", total: epochs * batches)
        defer { progress.finish() }
        for epoch in 1...epochs {
            let order = generator.permutation(n)
            var classifierLoss = 0.0, adversaryLoss = 0.0
            for b in 0..<batches {
                try Cancellation.check()
                // AIF360: the rate decays by 0.96 every 1,000 steps (staircase).
                let decay = Glibc.pow(0.96, Double(steps / 1000))
                classifierOptimizer.learningRate = learningRate * decay
                adversaryOptimizer.learningRate = adversaryLearningRate * decay
                steps += 1
                let batch = try data.batch(order[(b * batchSize)..<min((b + 1) * batchSize, n)])
                let logit = try GradMode.record { try classifier.forward(batch.x, training: true) }
                guard logit.numel == batch.y.numel else {
                    throw FairnessError.invalid("AdversarialDebiasing: the classifier must output one logit per row, got shape \(logit.shape)")
                }
                let parameters = classifier.parameters.map(\.tensor)
                let step = Step(logit: logit.storage, y: batch.y.storage, a: batch.groups, adversary: adversaryParameters.storage, target: target)
                guard step.classifierLoss.isFinite, step.adversaryLoss.isFinite else {
                    throw FairnessError.invalid("AdversarialDebiasing: the loss diverged (NaN) at epoch \(epoch), batch \(b + 1); lower lr or adversary_loss_weight")
                }
                classifierLoss += step.classifierLoss * Double(step.rows)
                adversaryLoss += step.adversaryLoss * Double(step.rows)
                try logit.backward(Tensor(shape: logit.shape, storage: step.classifierGradient))
                if debias {
                    let own = parameters.map { $0.grad?.storage ?? [Float](repeating: 0, count: $0.numel) }
                    parameters.forEach { $0.zeroGrad() }
                    try logit.backward(Tensor(shape: logit.shape, storage: step.adversaryGradient))
                    for (w, g) in zip(parameters, own) {
                        let against = w.grad?.storage ?? [Float](repeating: 0, count: w.numel)
                        w.zeroGrad()
                        try w.accumulateGrad(try Tensor(shape: w.shape, storage: Self.project(g, away: against, weight: Float(adversaryWeight))))
                    }
                    try adversaryParameters.accumulateGrad(Tensor(step.adversaryParameterGradient))
                    adversaryOptimizer.step([adversaryParameters], scale: 1)
                }
                classifierOptimizer.step(parameters, scale: 1)
                progress.update(steps, status: "epoch \(epoch)/\(epochs)")
            }
            history.append((classifierLoss / Double(n), adversaryLoss / Double(n)))
        }
        adversary = adversaryParameters.storage
    }

    /// g − (g·u)u − α·a with u = a/‖a‖: the classifier's gradient without its component along the adversary's.
    static func project(_ g: [Float], away a: [Float], weight: Float) -> [Float] {
        var dot: Float = 0, norm: Float = 0
        for i in g.indices {
            dot += g[i] * a[i]
            norm += a[i] * a[i]
        }
        let along = norm > 0 ? dot / norm : 0
        return g.indices.map { g[$0] - along * a[$0] - weight * a[$0] }
    }

    /// P(y = 1) for each row: σ(logit) with dropout off.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        guard !classifier.parameters.isEmpty else { throw FairnessError.invalid("AdversarialDebiasing: call fit first") }
        let logit = try GradMode.noGrad { try classifier.forward(x, training: false) }
        return logit.storage.map { 1 / (1 + Glibc.exp(-Double($0))) }
    }

    /// The losses and the gradients of one batch, from the classifier's logits (mean losses over the batch).
    struct Step {
        let rows: Int
        var classifierLoss = 0.0, adversaryLoss = 0.0
        /// ∂(classifier loss)/∂logit and ∂(adversary loss)/∂logit per row.
        var classifierGradient: [Float], adversaryGradient: [Float]
        /// ∂(adversary loss)/∂(c, weights, bias).
        var adversaryParameterGradient: [Float]

        init(logit: [Float], y: [Float], a: [Int32], adversary p: [Float], target: Target) {
            rows = logit.count
            let inv = 1 / Float(rows)
            classifierGradient = [Float](repeating: 0, count: rows)
            adversaryGradient = classifierGradient
            adversaryParameterGradient = [Float](repeating: 0, count: p.count)
            let c = p[0], scale = 1 + abs(c), bias = p[p.count - 1], inputs = target == .equalizedOdds ? 3 : 1
            for i in 0..<rows {
                let l = logit[i], label = y[i], group = Float(a[i] == 1 ? 1 : 0)
                let prob = 1 / (1 + exp(-l))
                classifierLoss += Double(max(l, 0) - l * label + log1p(exp(-abs(l))))
                classifierGradient[i] = (prob - label) * inv
                let s = 1 / (1 + exp(-scale * l))
                // The adversary's inputs u and ∂u/∂s.
                // The adversary's inputs are u_k = s·du_k with du = (1, y, 1 − y), or (1) for demographic parity.
                @inline(__always) func du(_ k: Int) -> Float { k == 0 ? 1 : (k == 1 ? label : 1 - label) }
                var z = bias
                for k in 0..<inputs { z += p[k + 1] * (s * du(k)) }
                adversaryLoss += Double(max(z, 0) - z * group + log1p(exp(-abs(z))))
                let r = (1 / (1 + exp(-z)) - group) * inv
                var wdu: Float = 0
                for k in 0..<inputs {
                    wdu += p[k + 1] * du(k)
                    adversaryParameterGradient[k + 1] += r * (s * du(k))
                }
                adversaryParameterGradient[p.count - 1] += r
                let ds = s * (1 - s)
                adversaryGradient[i] = r * wdu * ds * scale
                adversaryParameterGradient[0] += r * wdu * ds * l * (c >= 0 ? 1 : -1)
            }
            classifierLoss /= Double(rows)
            adversaryLoss /= Double(rows)
        }
    }
}

extension AdversarialDebiasing: InProcessor {
    /// Trains the pair (AIF360's debiasing does not use sample weights).
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex, weights: [Double]?) throws { try fit(x, y, groups: groups) }
}
