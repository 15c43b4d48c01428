import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Learning
import Tensors

/// Kamishima et al.'s prejudice remover (2012): logistic regression whose loss adds η times the prejudice
/// index — the mutual information between the decision and the sensitive group, estimated from the
/// predicted probabilities — and an L2 penalty ½‖w‖²/C. Trained full-batch with Adam in Swift; larger η
/// trades accuracy for a smaller dependence of the decisions on the group.
public final class PrejudiceRemover: Classifier {
    /// The weight of the prejudice index.
    public let eta: Double
    /// Inverse L2 strength.
    public let c: Double
    /// Optimisation steps.
    public let steps: Int
    /// The fitted weight (features × 1) and bias, after `fit`.
    private(set) var weight: Tensor?
    private(set) var bias: Tensor?

    /// A model; η ≥ 0 and C > 0.
    public init(eta: Double = 1, c: Double = 1, steps: Int = 300) throws {
        guard eta >= 0, c > 0, steps > 0 else { throw FairnessError.invalid("PrejudiceRemover: eta ≥ 0, C > 0 and steps > 0 expected") }
        self.eta = eta
        self.c = c
        self.steps = steps
    }

    /// The prejudice index of probabilities `p` (n) for groups given by `masks` (n × g, one-hot, constant).
    static func prejudiceIndex(_ p: Tensor, masks: Tensor, counts: Tensor) throws -> Tensor {
        let n = Float(p.numel)
        let eps = Tensor(scalar: 1e-9)
        let byGroup = try p.reshape([1, p.numel]).mm(masks).reshape([masks.shape[1]]).dividing(counts)   // P(y=1 | s)
        let overall = try p.mean()                                                                          // P(y=1)
        let q = try p.reshape([1, p.numel])
        // Σ_i Σ_y P(y | x_i) log(P(y | s_i) / P(y)), over n.
        let positive = try byGroup.adding(eps).log().subtracting(overall.adding(eps).log())
        let negative = try Tensor(scalar: 1).subtracting(byGroup).adding(eps).log().subtracting(Tensor(scalar: 1).subtracting(overall).adding(eps).log())
        let perRowPositive = try masks.mm(positive.reshape([masks.shape[1], 1])).reshape([p.numel])
        let perRowNegative = try masks.mm(negative.reshape([masks.shape[1], 1])).reshape([p.numel])
        let total = try q.reshape([p.numel]).multiplying(perRowPositive)
            .adding(Tensor(scalar: 1).subtracting(q.reshape([p.numel])).multiplying(perRowNegative)).sum()
        return try total.dividing(Tensor(scalar: n))
    }

    /// Fits on features, 0/1 labels and 0-based group codes.
    public func fit(_ x: Tensor, _ y: [Double], groups: [Int32]) throws {
        guard x.dim == 2, x.shape[0] == y.count, groups.count == y.count, !y.isEmpty else {
            throw FairnessError.invalid("PrejudiceRemover: X (rows × features), y and groups must have one entry per row")
        }
        let (n, d) = (x.shape[0], x.shape[1])
        let g = Int(groups.max() ?? 0) + 1
        guard groups.allSatisfy({ $0 >= 0 }) else { throw FairnessError.invalid("PrejudiceRemover: every row needs a group") }
        var masks = [Float](repeating: 0, count: n * g)
        var counts = [Float](repeating: 0, count: g)
        for (i, code) in groups.enumerated() { masks[i * g + Int(code)] = 1; counts[Int(code)] += 1 }
        let maskTensor = try Tensor(shape: [n, g], storage: masks), countTensor = Tensor(counts)
        let labels = Tensor(y.map(Float.init))
        let w = try Tensor.zeros([d, 1]).requireGrad(), b = try Tensor.zeros([1]).requireGrad()
        let optimizer = try Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: 0.05)
        let progress = ProgressHook("prejudice remover", total: steps)
        defer { progress.finish() }
        for step in 0..<steps {
            try Cancellation.check()
            progress.update(step)
            let loss = try GradMode.record { () throws -> Tensor in
                let logits = try x.mm(w).adding(b).reshape([n])
                let nll = try Loss.sigmoidBCE(logits, labels).mean()
                let l2 = try w.multiplying(w).sum().multiplying(Tensor(scalar: Float(0.5 / (c * Double(n)))))
                let pi = try Self.prejudiceIndex(logits.sigmoid(), masks: maskTensor, counts: countTensor)
                return try nll.adding(l2).adding(pi.multiplying(Tensor(scalar: Float(eta))))
            }
            guard try loss.item().isFinite else { throw FairnessError.invalid("PrejudiceRemover: the loss became NaN (scale the features)") }
            try loss.backward()
            optimizer.step([w, b], scale: 1)
        }
        weight = w.detach()
        bias = b.detach()
    }

    /// P(y = 1) per row.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        guard let weight, let bias else { throw FairnessError.invalid("PrejudiceRemover: call fit first") }
        guard x.dim == 2, x.shape[1] == weight.shape[0] else { throw FairnessError.invalid("PrejudiceRemover: expected \(weight.shape[0]) features, got shape \(x.shape)") }
        return try GradMode.noGrad { try x.mm(weight).adding(bias).reshape([x.shape[0]]).sigmoid().storage.map(Double.init) }
    }
}

extension PrejudiceRemover: InProcessor {
    /// Fits on the groups' codes (the prejudice index does not use sample weights).
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex, weights: [Double]?) throws { try fit(x, y, groups: groups.codes) }
}

extension PrejudiceRemover: ArchivableEstimator {
    /// The settings, and the fitted weight (features × 1) and bias in Float32 (bit-exact).
    public func archive() throws -> EstimatorArchive {
        guard let weight, let bias else { throw FairnessError.invalid("save: the PrejudiceRemover is not fitted (call fit first)") }
        return EstimatorArchive(kind: "PrejudiceRemover", settings: ["eta": .number(eta), "C": .number(c), "steps": .number(Double(steps))],
                                tensors: ["weight": .float32(weight), "bias": .float32(bias)])
    }

    /// The fitted model of `archive`.
    @Sendable public static func unarchive(_ archive: EstimatorArchive, _: EstimatorLoader) throws -> Classifier {
        let model = try PrejudiceRemover(eta: try archive.number("eta"), c: try archive.number("C"),
                                         steps: Int(exactly: try archive.number("steps")) ?? 0)
        guard case let .float32(weight) = try archive.tensor("weight"), case let .float32(bias) = try archive.tensor("bias"),
              weight.dim == 2, weight.shape[1] == 1, weight.shape[0] > 0, bias.numel == 1 else {
            throw FairnessError.invalid("PrejudiceRemover: a Float32 weight (features × 1) and bias expected")
        }
        (model.weight, model.bias) = (weight, bias)
        return model
    }
}
