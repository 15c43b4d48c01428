import Datasets
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Training rows: features (rows × d), labels, optional sensitive-group codes and sample weights.
public struct TrainingData {
    /// Features: rows × features, or rows × any shape (images: rows × channels × height × width).
    public let x: Tensor
    /// Labels (0/1, or class indices).
    public let y: [Float]
    /// 0-based group codes (−1 unknown), for fairness penalties.
    public let groups: [Int32]
    /// Sample weights.
    public let weights: [Float]?
    /// The layout of the encoded columns (numeric columns and one-hot blocks, from the schema), for attacks; nil: all numeric.
    public var blocks: [FeatureBlock]?

    /// Checks that everything has one entry per row.
    public init(x: Tensor, y: [Float], groups: [Int32]? = nil, weights: [Float]? = nil) throws {
        guard x.dim >= 2 else { throw LearningError.shape(layer: "training data", expected: "(rows, features…)", got: x.shape) }
        let n = x.shape[0]
        guard n > 0 else { throw LearningError.invalid("the training data has no rows") }
        guard y.count == n else { throw LearningError.invalid("\(n) rows but \(y.count) labels") }
        if let g = groups, g.count != n { throw LearningError.invalid("\(n) rows but \(g.count) group codes") }
        if let w = weights, w.count != n { throw LearningError.invalid("\(n) rows but \(w.count) weights") }
        self.x = x
        self.y = y
        self.groups = groups ?? [Int32](repeating: -1, count: n)
        self.weights = weights
    }

    /// The number of rows.
    public var count: Int { y.count }

    /// The rows `rows` as a batch: features, labels, group codes and weights.
    public func batch(_ rows: ArraySlice<Int>) throws -> (x: Tensor, y: Tensor, groups: [Int32], weights: Tensor?) {
        let d = x.numel / max(x.shape[0], 1)
        var values = [Float](repeating: 0, count: rows.count * d)
        x.storage.withUnsafeBufferPointer { src in
            for (k, r) in rows.enumerated() { for j in 0..<d { values[k * d + j] = src[r * d + j] } }
        }
        return (try Tensor(shape: [rows.count] + x.shape.dropFirst(), storage: values), Tensor(rows.map { y[$0] }), rows.map { groups[$0] },
                weights.map { w in Tensor(rows.map { w[$0] }) })
    }
}

/// What one epoch of training measured.
public struct EpochStats: Sendable {
    /// 1-based epoch.
    public let epoch: Int
    /// Mean training loss per sample (penalties included).
    public let loss: Double
    /// Training accuracy of the decisions made during the epoch.
    public let accuracy: Double
    /// Wall time of the epoch.
    public let seconds: Double
    /// Validation metrics (accuracy, loss, …) when validation data was given.
    public let validation: [String: Double]
}

/// MXNet Gluon's Trainer: a network, a loss, an optimiser, optional regularisers and fairness penalties;
/// `step(batchSize:)` for hand-written loops and `fit` for whole epochs in Swift.
public final class Trainer {
    /// The network trained.
    public let net: Sequential
    /// The loss.
    public let loss: Loss
    /// The optimiser.
    public let optimizer: Optimizer
    /// Penalties added to the loss: weight penalties (`Regularizer`) and fairness penalties (`FairnessConstraint`).
    public let penalties: [any TrainingTerm]
    /// A learning-rate schedule by epoch.
    public var schedule: Schedule?
    /// Adversarial training: the attack and the share of each batch it replaces (nil: clean batches only).
    public var adversarial: AdversarialTraining?
    private let baseRate: Double

    /// A trainer for `net`; every one of `penalties` must be a penalty, not a loss.
    public init(net: Sequential, loss: Loss, optimizer: Optimizer, penalties: [any TrainingTerm] = []) throws {
        if let k = penalties.firstIndex(where: { !$0.isPenalty }) {
            throw LearningError.invalid("penalty \(k + 1) is a \(penalties[k]), not a penalty: give nn.reg.*, nn.loss.FairnessConstraint or nn.loss.MinDiff")
        }
        self.net = net
        self.loss = loss
        self.optimizer = optimizer
        self.penalties = penalties
        baseRate = optimizer.learningRate
    }

    /// Applies one update from the accumulated gradients, scaled by 1 / `batchSize`.
    public func step(batchSize: Int) throws {
        guard batchSize > 0 else { throw LearningError.invalid("step: batch_size must be positive") }
        optimizer.step(net.parameters.map(\.tensor), scale: 1 / Double(batchSize))
    }

    /// Trains for `epochs` epochs over seeded mini-batches. `progress(batch, batches, meanLoss)` is called
    /// after every batch; `onEpoch` after every epoch (return false to stop). Early stopping watches the
    /// validation `monitor` ("loss" or "accuracy") and restores nothing: it stops after `patience` epochs
    /// without improvement.
    public func fit(_ data: TrainingData, epochs: Int, batchSize: Int, shuffle: Bool = true, seed: UInt64 = 0,
                    validation: TrainingData? = nil, patience: Int? = nil, monitor: String = "loss",
                    progress: ((Int, Int, Double) -> Void)? = nil, onEpoch: ((EpochStats) throws -> Bool)? = nil) throws -> [EpochStats] {
        guard epochs > 0 else { throw LearningError.invalid("fit: epochs must be positive, got \(epochs)") }
        guard batchSize > 0 else { throw LearningError.invalid("fit: batch_size must be positive, got \(batchSize)") }
        guard monitor == "loss" || monitor == "accuracy" else { throw LearningError.invalid("early_stopping: metric must be 'loss' or 'accuracy'") }
        if patience != nil && validation == nil { throw LearningError.invalid("early_stopping needs validation data") }
        if let patience, patience < 1 { throw LearningError.invalid("early_stopping: patience must be at least 1, got \(patience)") }
        net.recipe = TrainingRecipe(loss: loss, rule: optimizer.rule, learningRate: baseRate, weightDecay: optimizer.weightDecay,
                                    penalties: penalties, schedule: schedule, adversarial: adversarial, epochs: epochs,
                                    batchSize: batchSize, shuffle: shuffle, seed: seed)
        HeapRetention.enable()                          // each step then reuses the previous step's pages
        var generator = RandomGenerator(seed: seed)
        var history: [EpochStats] = []
        var best = Double.nan, sinceBest = 0
        let n = data.count
        let batches = (n + batchSize - 1) / batchSize
        for epoch in 1...epochs {
            if let schedule { optimizer.learningRate = schedule.rate(base: baseRate, epoch: epoch - 1) }
            let start = Date()
            let order = shuffle ? generator.permutation(n) : Array(0..<n)
            var lossSum = 0.0, correct = 0
            net.training = true
            for b in 0..<batches {
                try Cancellation.check()
                let rows = order[(b * batchSize)..<min((b + 1) * batchSize, n)]
                let batch = try data.batch(rows)
                let inputs = try adversarial?.mix(net, batch.x, batch.y, loss: loss, blocks: data.blocks) ?? batch.x
                let (value, output) = try GradMode.record { () throws -> (Tensor, Tensor) in
                    let out = try net.forward(inputs, training: true)
                    var total = try loss(out, batch.y, weights: batch.weights).sum()
                    let scale = Tensor(scalar: Float(rows.count))
                    if !penalties.isEmpty {
                        let terms = TermBatch(output: out, labels: batch.y, weights: batch.weights, groups: batch.groups, parameters: net.parameters)
                        for p in penalties { total = try total.adding(p.value(on: terms).multiplying(scale)) }
                    }
                    return (total, out)
                }
                let l = Double(try value.item())
                guard l.isFinite else { throw LearningError.divergence(epoch: epoch, batch: b + 1) }
                try value.backward()
                try step(batchSize: rows.count)
                lossSum += l
                correct += Self.correct(output, batch.y)
                progress?(b + 1, batches, lossSum / Double(min((b + 1) * batchSize, n)))
            }
            net.training = false
            var validationStats: [String: Double] = [:]
            if let validation { validationStats = try evaluate(validation) }
            let stats = EpochStats(epoch: epoch, loss: lossSum / Double(n), accuracy: Double(correct) / Double(n),
                                   seconds: Date().timeIntervalSince(start), validation: validationStats)
            history.append(stats)
            if let onEpoch, try !onEpoch(stats) { break }
            if let patience, let current = validationStats[monitor] {
                let improved = best.isNaN || (monitor == "loss" ? current < best : current > best)
                if improved { best = current; sinceBest = 0 } else {
                    sinceBest += 1
                    if sinceBest >= patience { break }
                }
            }
        }
        net.training = true
        return history
    }

    /// Mean loss and accuracy on `data` (evaluation mode, no gradients).
    public func evaluate(_ data: TrainingData) throws -> [String: Double] {
        try GradMode.noGrad {
            let out = try net.forward(data.x, training: false)
            let l = try loss(out, Tensor(data.y), weights: data.weights.map { Tensor($0) }).mean().item()
            return ["loss": Double(l), "accuracy": Double(Self.correct(out, Tensor(data.y))) / Double(data.count)]
        }
    }

    /// Correct decisions: logit ≥ 0 for one output column, the arg-max otherwise.
    static func correct(_ output: Tensor, _ y: Tensor) -> Int {
        let n = y.numel
        guard n > 0, output.numel % n == 0 else { return 0 }
        let width = output.numel / n
        var count = 0
        for i in 0..<n {
            let predicted: Float
            if width == 1 { predicted = output.storage[i] >= 0 ? 1 : 0 } else {
                var best = 0
                for c in 1..<width where output.storage[i * width + c] > output.storage[i * width + best] { best = c }
                predicted = Float(best)
            }
            if predicted == y.storage[i] { count += 1 }
        }
        return count
    }
}

extension Sequential: Classifier {
    /// P(class 1): the sigmoid of a single output, or the softmax's second column.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        try GradMode.noGrad {
            let out = try forward(x, training: false)
            let n = x.dim > 0 ? x.shape[0] : 0
            guard n > 0, out.numel % n == 0 else { return [] }
            let width = out.numel / n
            guard width > 0 else { throw LearningError.invalid("'predict': the network gives no output per row (output shape \(Tensor.format(shape: out.shape)))") }
            if width == 1 { return out.storage.map { 1 / (1 + Glibc.exp(-Double($0))) } }
            return (0..<n).map { i in
                let row = (0..<width).map { Double(out.storage[i * width + $0]) }
                let m = row.max() ?? 0
                let e = row.map { Glibc.exp($0 - m) }
                return e[1] / e.reduce(0, +)
            }
        }
    }
}

extension Trainer: CustomStringConvertible {
    /// `Trainer(Sequential(2 layers, 40 parameters), loss SigmoidBCE, Adam(lr = 0.001, …), regularizer L2(λ = 0.0001))`.
    public var description: String {
        var parts = [String(net.description.prefix { $0 != "\n" }), loss.description, optimizer.description]
        parts += penalties.map(\.description)
        if let adversarial { parts.append("adversarial \(adversarial.attack) on \(formatNumber(adversarial.ratio * 100)) % of each batch") }
        return "Trainer(" + parts.joined(separator: ", ") + ")"
    }
}
