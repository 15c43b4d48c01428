import Datasets
import Tensors

/// Losses from raw outputs (logits), one value per sample as in MXNet Gluon, optionally weighted per
/// sample. `backward()` on the vector differentiates its sum; `Trainer.step(batchSize)` divides by the batch.
public enum Loss: Sendable, Equatable {
    case sigmoidBCE
    case softmaxCrossEntropy
    case l2
    case l1
    case huber(rho: Double)
    case hinge(margin: Double)

    /// The loss's name, as in scripts and model files.
    public var name: String {
        switch self {
        case .sigmoidBCE: return "SigmoidBCE"
        case .softmaxCrossEntropy: return "SoftmaxCrossEntropy"
        case .l2: return "L2"
        case .l1: return "L1"
        case .huber: return "Huber"
        case .hinge: return "Hinge"
        }
    }

    /// Whether the loss is for binary classification with a single output column.
    public var isBinary: Bool { self == .sigmoidBCE || { if case .hinge = self { return true } else { return false } }() }

    /// Per-sample losses of `output` ((n) or (n, 1); (n, classes) for softmax) against `label` (n).
    public func callAsFunction(_ output: Tensor, _ label: Tensor, weights: Tensor? = nil) throws -> Tensor {
        let n = label.numel
        let z: Tensor
        if self == .softmaxCrossEntropy {
            guard output.dim == 2, output.shape[0] == n else {
                throw LearningError.shape(layer: "SoftmaxCrossEntropy", expected: "(\(n), classes)", got: output.shape)
            }
            z = output
        } else {
            guard output.numel == n, output.dim <= 2 else {
                throw LearningError.shape(layer: "loss \(name)", expected: "(\(n)) or (\(n), 1)", got: output.shape)
            }
            z = try output.reshape([n])
        }
        let y = try label.reshape([n])
        var loss: Tensor
        switch self {
        case .sigmoidBCE:
            if let bad = y.storage.first(where: { $0 != 0 && $0 != 1 }) { throw LearningError.invalid("SigmoidBCE: labels must be 0 or 1, found \(formatNumber(Double(bad)))") }
            // max(z, 0) − z·y + log(1 + e^−|z|): no overflow for any z.
            loss = try z.relu().subtracting(z.multiplying(y)).adding(z.abs().negated().exp().log1p())
        case .softmaxCrossEntropy:
            let classes = z.shape[1]
            var onehot = [Float](repeating: 0, count: n * classes)
            for (i, v) in y.storage.enumerated() {
                guard v >= 0, v < Float(classes), v == v.rounded() else {
                    throw LearningError.invalid("SoftmaxCrossEntropy: label \(formatNumber(Double(v))) at row \(i + 1) is outside 0…\(classes - 1)")
                }
                onehot[i * classes + Int(v)] = 1
            }
            let m = try z.max(dim: 1, keepdim: true).detach()
            let logSumExp = try z.subtracting(m).exp().sum(dim: 1).log().adding(m.reshape([n]))
            loss = try logSumExp.subtracting(z.multiplying(Tensor(shape: [n, classes], storage: onehot)).sum(dim: 1))
        case .l2:
            let e = try z.subtracting(y)
            loss = try e.multiplying(e).multiplying(Tensor(scalar: 0.5))
        case .l1:
            loss = try z.subtracting(y).abs()
        case let .huber(rho):
            let e = try z.subtracting(y).abs()
            let r = Tensor(scalar: Float(rho))
            let quadratic = try e.multiplying(e).multiplying(Tensor(scalar: Float(0.5 / rho)))
            loss = try Tensor.where(e.le(r), quadratic, e.subtracting(Tensor(scalar: Float(rho / 2))))
        case let .hinge(margin):
            let sign = try y.multiplying(Tensor(scalar: 2)).subtracting(Tensor(scalar: 1))
            loss = try Tensor(scalar: Float(margin)).subtracting(z.multiplying(sign)).relu()
        }
        if let weights {
            guard weights.numel == n else { throw LearningError.invalid("loss \(name): \(n) samples but \(weights.numel) weights") }
            loss = try loss.multiplying(weights.reshape([n]))
        }
        return loss
    }
}
