import Tensors

/// A network as a weighted learner (for the fairness reductions): each fit trains a freshly initialised copy of
/// the template's architecture with sample-weighted sigmoid cross-entropy and Adam; the template is untouched.
/// The tensor generator is seeded with `seed` before each fit, so refits are reproducible.
public final class NetworkEstimator: WeightedFitting {
    /// The architecture (one logit output).
    public let template: Sequential
    /// Training settings of every fit.
    public let epochs: Int, batchSize: Int, learningRate: Double, seed: UInt64
    /// The network of the last fit.
    public private(set) var network: Sequential?

    /// An estimator; epochs, batch size and learning rate must be positive.
    public init(template: Sequential, epochs: Int = 5, batchSize: Int = 256, learningRate: Double = 1e-2, seed: UInt64 = 0) throws {
        guard epochs > 0, batchSize > 0, learningRate > 0, learningRate.isFinite else {
            throw LearningError.invalid("network estimator: epochs, batch_size and lr must be positive")
        }
        _ = try LayerFactory.blankCopy(of: template)   // every layer must be rebuildable
        self.template = template
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
    }

    /// Trains a fresh copy on `x`, 0/1 labels `y` and optional sample weights.
    public func fit(_ x: Tensor, _ y: [Double], weights: [Double]?) throws {
        let net = try LayerFactory.blankCopy(of: template)
        Tensor.seed(seed)
        let trainer = try Trainer(net: net, loss: .sigmoidBCE, optimizer: try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: learningRate))
        _ = try trainer.fit(try TrainingData(x: x, y: y.map(Float.init), weights: weights?.map(Float.init)),
                            epochs: epochs, batchSize: batchSize, seed: seed)
        net.training = false
        network = net
    }

    /// P(y = 1) per row from the last fit.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        guard let network else { throw LearningError.invalid("network estimator: call fit first") }
        return try network.predictProbability(x)
    }

    /// An unfitted estimator with the same template and settings.
    public func blank() -> NetworkEstimator {
        // The settings were validated when self was made.
        (try? NetworkEstimator(template: template, epochs: epochs, batchSize: batchSize, learningRate: learningRate, seed: seed)) ?? self
    }
}

extension NetworkEstimator: ArchivableEstimator {
    /// Saved as the network of its last fit.
    public func archive() throws -> EstimatorArchive {
        guard let network else { throw LearningError.invalid("save: the network estimator is not fitted") }
        return try network.archive()
    }
}
