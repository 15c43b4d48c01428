import Learning

/// An in-processor whose predictions are its trained network's alone (a fairness penalty, MinDiff, adversarial
/// debiasing's classifier, SenSR, SenSeI): it saves as that network, and `nn.load` gives the network back.
public protocol TrainedNetwork: ArchivableEstimator {
    /// The trained network.
    var trainedNetwork: Sequential { get }
}

extension TrainedNetwork {
    /// The network's archive (an error before `fit`).
    public func archive() throws -> EstimatorArchive { try trainedNetwork.archive() }
}

extension FairPenalty: TrainedNetwork {
    /// The penalised network.
    public var trainedNetwork: Sequential { network }
}

extension AdversarialDebiasing: TrainedNetwork {
    /// The debiased classifier (the adversary only trains it).
    public var trainedNetwork: Sequential { classifier }
}

extension SenSR: TrainedNetwork {
    /// The network trained against sensitive-subspace perturbations.
    public var trainedNetwork: Sequential { training.network }
}

extension SenSeI: TrainedNetwork {
    /// The network trained for transport-based individual fairness.
    public var trainedNetwork: Sequential { training.network }
}
