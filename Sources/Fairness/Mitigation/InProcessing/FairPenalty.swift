import Learning
import Tensors

/// A network trained with sigmoid cross-entropy plus a fairness penalty (`FairnessConstraint` or `MinDiff`) in its loss,
/// with Adam; the rows' sample weights weigh the cross-entropy.
public final class FairPenalty: InProcessor {
    /// The network (default: logistic, one Dense(1)).
    public let network: Sequential
    /// The penalty.
    public let penalty: any TrainingTerm
    /// Training settings.
    public let epochs: Int, batchSize: Int, learningRate: Double, seed: UInt64

    /// A penalised network.
    public init(network: Sequential? = nil, penalty: any TrainingTerm, epochs: Int = 5, batchSize: Int = 256,
                learningRate: Double = 1e-2, seed: UInt64 = 0) throws {
        self.network = try network ?? Sequential([Dense(units: 1)])
        self.penalty = penalty
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
    }

    /// Trains the network for `epochs` epochs of seeded mini-batches.
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex, weights: [Double]?) throws {
        let data = try TrainingData(x: x, y: y.map(Float.init), groups: groups.codes, weights: weights?.map(Float.init))
        let optimizer = try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: learningRate)
        _ = try Trainer(net: network, loss: .sigmoidBCE, optimizer: optimizer, penalties: [penalty])
            .fit(data, epochs: epochs, batchSize: batchSize, seed: seed)
    }

    /// P(y = 1) per row.
    public func predictProbability(_ x: Tensor) throws -> [Double] { try network.predictProbability(x) }
}
