import Datasets
import Learning
import Tensors

/// An in-processor that reads the layout of the encoded rows (which columns are one-hot blocks) before training:
/// `FittedInProcessor` gives it the encoder's blocks.
public protocol ReadsFeatureLayout: AnyObject {
    /// The encoded columns' blocks (nil: every column is numeric).
    var blocks: [FeatureBlock]? { get set }
}

/// Adversarial training as a mitigation (Madry et al., "Towards Deep Learning Models Resistant to Adversarial
/// Attacks", ICLR 2018): a network trained with sigmoid cross-entropy on batches whose first share `ratio` of rows
/// is replaced by their adversarial rows, min_θ E[max_{‖δ‖ ≤ ε} ℓ(h_θ(x + δ), y)] approximated by the attack (PGD-7
/// by default). Only the columns the attack's features select move; one-hot blocks never take invalid codes.
public final class AdversarialRobustness: InProcessor, ReadsFeatureLayout {
    /// The network (default: logistic, one Dense(1)).
    public let network: Sequential
    /// The attack and the share of each batch it replaces.
    public let adversarial: AdversarialTraining
    /// Training settings.
    public let epochs: Int, batchSize: Int, learningRate: Double, seed: UInt64
    /// The encoded rows' blocks, set before `fit` (nil: every column numeric).
    public var blocks: [FeatureBlock]?

    /// An adversarially trained network.
    public init(network: Sequential? = nil, adversarial: AdversarialTraining, epochs: Int = 5, batchSize: Int = 256,
                learningRate: Double = 1e-2, seed: UInt64 = 0) throws {
        self.network = try network ?? Sequential([Dense(units: 1)])
        self.adversarial = adversarial
        (self.epochs, self.batchSize, self.learningRate, self.seed) = (epochs, batchSize, learningRate, seed)
    }

    /// Trains the network for `epochs` epochs of seeded mini-batches, each mixed with its adversarial rows.
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex, weights: [Double]?) throws {
        var data = try TrainingData(x: x, y: y.map(Float.init), groups: groups.codes, weights: weights?.map(Float.init))
        data.blocks = blocks
        let optimizer = try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: learningRate)
        let trainer = try Trainer(net: network, loss: .sigmoidBCE, optimizer: optimizer)
        trainer.adversarial = adversarial
        _ = try trainer.fit(data, epochs: epochs, batchSize: batchSize, seed: seed)
    }

    /// P(y = 1) per row.
    public func predictProbability(_ x: Tensor) throws -> [Double] { try network.predictProbability(x) }
}

extension AdversarialRobustness: TrainedNetwork {
    /// The adversarially trained network.
    public var trainedNetwork: Sequential { network }
}

extension AdversarialRobustness: NamedEstimator {
    /// Its description: `Model(AdversarialTraining(PGD(…) on 50 % of each batch, 5 epochs), 97 features)`.
    public var estimatorName: String { description }
}

extension AdversarialRobustness: CustomStringConvertible {
    /// `AdversarialTraining(PGD(eps=0.1, …) on 50 % of each batch, 5 epochs)`.
    public var description: String {
        "AdversarialTraining(\(adversarial.attack) on \(formatNumber(adversarial.ratio * 100)) % of each batch, \(epochs) epochs)"
    }
}
