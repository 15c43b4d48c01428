import Datasets
import Learning
import Tensors

/// What SenSR and SenSeI share (inFairness 0.2, which AIF360 0.6's `SenSR` / `SenSeI` wrap): the network, the
/// fair metric learned at fit time, the auditor that finds each batch's worst-case rows, and a cancellable
/// epoch loop over seeded mini-batches with Adam.
public final class IndividualFairnessTraining {
    /// The network (one logit per row; default as inFairness's Adult example: Dense(100, relu), Dense(100, relu), Dense(1)).
    public let network: Sequential
    /// Passes over the data, rows per step, the network's Adam rate and the seed (batches, auditor noise).
    public let epochs: Int, batchSize: Int, learningRate: Double, seed: UInt64
    /// The auditor's Adam steps and rate.
    public let auditorSteps: Int, auditorRate: Double
    /// The fair metric, learned by `fit` from the training rows.
    public private(set) var metric: SensitiveSubspace?
    /// Called after every epoch with (epoch, epochs).
    public var progress: ((Int, Int) -> Void)?

    /// Settings, checked: positive counts and finite positive rates.
    public init(network: Sequential?, epochs: Int, batchSize: Int, learningRate: Double, seed: UInt64, auditorSteps: Int, auditorRate: Double, method: String) throws {
        guard (1...100_000).contains(epochs), (1...10_000_000).contains(batchSize) else { throw FairnessError.invalid("\(method): epochs and batch_size must be positive") }
        guard (1...10_000).contains(auditorSteps) else { throw FairnessError.invalid("\(method): auditor_nsteps must be in 1…10000, got \(auditorSteps)") }
        for (name, rate) in [("lr", learningRate), ("auditor_lr", auditorRate)] where !(rate > 0 && rate.isFinite) {
            throw FairnessError.invalid("\(method): \(name) must be a positive number, got \(rate)")
        }
        self.network = try network ?? Sequential([Dense(units: 100, activation: .relu), Dense(units: 100, activation: .relu), Dense(units: 1)])
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
        self.auditorSteps = auditorSteps
        self.auditorRate = auditorRate
    }

    /// Learns the metric from `x` and the groups, then runs `epochs` epochs; `step(x, y, metric, noise)` computes
    /// one batch's loss (recorded, for backward) from which Adam updates the network.
    func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex, method: String,
             step: (Tensor, Tensor, SensitiveSubspace, inout RandomGenerator) throws -> Tensor) throws {
        guard y.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw FairnessError.invalid("\(method): labels must be 0 or 1") }
        let metric = try SensitiveSubspace.fit(x, groups: groups)
        self.metric = metric
        Tensor.seed(seed)
        let data = try TrainingData(x: x, y: y.map(Float.init))
        var generator = RandomGenerator(seed: seed)
        let optimizer = try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: learningRate)
        let n = data.count, batches = (n + batchSize - 1) / batchSize
        for epoch in 1...epochs {
            let order = generator.permutation(n)
            for b in 0..<batches {
                try Cancellation.check()
                let batch = try data.batch(order[(b * batchSize)..<min((b + 1) * batchSize, n)])
                let loss = try step(batch.x, batch.y, metric, &generator)
                guard let value = try? loss.item(), value.isFinite else {
                    throw FairnessError.invalid("\(method): the loss diverged (NaN) at epoch \(epoch), batch \(b + 1); lower lr or auditor_lr")
                }
                network.parameters.forEach { $0.tensor.zeroGrad() }     // each step starts from zero, as PyTorch's zero_grad
                try loss.backward()
                optimizer.step(network.parameters.map(\.tensor), scale: 1)
            }
            progress?(epoch, epochs)
        }
    }

    /// inFairness's auditor: δ from U(−0.1, 0.1), then `auditorSteps` Adam steps (rate `auditorRate`) that
    /// ascend Σᵢ objectiveᵢ(x + δ) − λ·Σᵢ d_x(xᵢ, xᵢ + δᵢ) — divided by the rows when `mean` — and x + δ.
    /// `objective` maps the network's output at x + δ to the per-row values summed.
    func worstCase(_ x: Tensor, metric: SensitiveSubspace, lambda: Double, mean: Bool, generator: inout RandomGenerator,
                   objective: @escaping (Tensor) throws -> Tensor) throws -> Tensor {
        var start = [Float](repeating: 0, count: x.numel)
        for i in start.indices { start[i] = 0.2 * generator.uniform() - 0.1 }
        let delta = try Tensor(shape: x.shape, storage: start)
        let adam = try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: auditorRate)
        let scale = Float(mean ? 1 / Double(Swift.max(x.shape[0], 1)) : 1)
        for _ in 0..<auditorSteps {
            try Cancellation.check()
            let moved = try x.adding(delta)
            let gain = try network.inputGradient(moved) { try objective($0).sum() }.storage
            let cost = metric.complement(delta.storage)
            // Adam descends: the gradient of −(gain − λ·cost), with ∇_δ δᵀ(I − P)δ = 2(I − P)δ.
            try delta.accumulateGrad(try Tensor(shape: x.shape, storage: gain.indices.map { -(gain[$0] - Float(2 * lambda) * cost[$0]) * scale }))
            adam.step([delta], scale: 1)
        }
        return try x.adding(delta)
    }

    /// Checks that each named setting is finite and ≥ `atLeast` (or > `above`), naming the first that is not.
    static func require(_ values: KeyValuePairs<String, Double>, atLeast: Double? = nil, above: Double? = nil, method: String) throws {
        for (name, v) in values where !v.isFinite || atLeast.map({ v < $0 }) == true || above.map({ v <= $0 }) == true {
            let bound = atLeast.map { "≥ \(formatNumber($0))" } ?? above.map { "> \(formatNumber($0))" } ?? "finite"
            throw FairnessError.invalid("\(method): \(name) must be a finite number \(bound), got \(v)")
        }
    }

    /// The settings as text: `10 epochs, auditor 100 × 0.001`.
    var settings: String { "\(epochs) epochs, auditor \(auditorSteps) × \(formatNumber(auditorRate))" }

    /// P(y = 1) per row: σ(logit).
    public func predictProbability(_ x: Tensor, method: String) throws -> [Double] {
        guard metric != nil else { throw FairnessError.invalid("\(method): call fit first") }
        return try network.predictProbability(x)
    }
}

/// A mitigator that trains for a number of epochs and reports each one (SenSR, SenSeI), for progress bars.
public protocol ReportsEpochs: AnyObject {
    /// The epochs `fit` runs.
    var epochs: Int { get }
    /// Called after every epoch with (epoch, epochs).
    var epochProgress: ((Int, Int) -> Void)? { get set }
}

/// An in-processor trained by `IndividualFairnessTraining` (SenSR, SenSeI): epochs, progress and prediction come from it.
public protocol IndividualFairnessMethod: InProcessor, ReportsEpochs {
    /// The network, the fair metric and the training settings.
    var training: IndividualFairnessTraining { get }
}

extension IndividualFairnessMethod {
    public var epochs: Int { training.epochs }
    public var epochProgress: ((Int, Int) -> Void)? {
        get { training.progress }
        set { training.progress = newValue }
    }

    /// P(y = 1) per row.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        try training.predictProbability(x, method: String(describing: Self.self))
    }
}
