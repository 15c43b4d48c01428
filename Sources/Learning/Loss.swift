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

/// Weight penalties added to the loss: λ Σ|w| or λ/2 Σ w² over every weight matrix (biases excluded).
public enum Regularizer: Sendable, Equatable {
    case l1(Double)
    case l2(Double)

    /// The penalty for `parameters` (names ending in "bias" are skipped).
    public func penalty(_ parameters: [(name: String, tensor: Tensor)]) throws -> Tensor {
        var total = Tensor(scalar: 0)
        for (name, w) in parameters where !name.hasSuffix("bias") {
            switch self {
            case let .l1(lambda): total = try total.adding(w.abs().sum().multiplying(Tensor(scalar: Float(lambda))))
            case let .l2(lambda): total = try total.adding(w.multiplying(w).sum().multiplying(Tensor(scalar: Float(lambda / 2))))
            }
        }
        return total
    }
}

/// A differentiable fairness penalty on logits: the spread of the groups' mean predicted probability
/// (overall for demographic parity, among label-1 rows for equal opportunity, among each label for
/// equalized odds), as Σ_g (mean_g − mean)² ("squared") or Σ_g |mean_g − mean| ("absolute"), times `weight`.
public struct FairnessConstraint: Sendable, Equatable {
    /// Which rates are equalised.
    public enum Kind: String, Sendable, CaseIterable {
        case demographicParity = "demographic_parity"
        case equalOpportunity = "equal_opportunity"
        case equalizedOdds = "equalized_odds"
    }
    /// Which rates are equalised.
    public let kind: Kind
    /// The multiplier λ.
    public let weight: Double
    /// Squared or absolute deviations.
    public let squared: Bool

    /// A penalty of `kind` with multiplier `weight`.
    public init(_ kind: Kind, weight: Double, squared: Bool = true) throws {
        guard weight >= 0 else { throw LearningError.invalid("FairnessConstraint: weight must be ≥ 0, got \(weight)") }
        self.kind = kind
        self.weight = weight
        self.squared = squared
    }

    /// The penalty for logits `output` (n), labels (n) and 0-based group codes (n; −1 rows ignored).
    public func callAsFunction(_ output: Tensor, labels: Tensor, groups: [Int32]) throws -> Tensor {
        let n = labels.numel
        guard output.numel == n, groups.count == n else {
            throw LearningError.invalid("FairnessConstraint: \(output.numel) outputs, \(n) labels, \(groups.count) group codes")
        }
        let p = try output.reshape([1, n]).sigmoid()
        let strata: [Float?] = kind == .demographicParity ? [nil] : kind == .equalOpportunity ? [1] : [0, 1]
        let groupCount = Int(groups.max() ?? -1) + 1
        var total = Tensor(scalar: 0)
        guard groupCount >= 2 else { return total }
        for stratum in strata {
            // Averaging matrix: column g averages the rows of group g (in the stratum); the last column all of them.
            var m = [Float](repeating: 0, count: n * (groupCount + 1))
            var counts = [Float](repeating: 0, count: groupCount + 1)
            for i in 0..<n where groups[i] >= 0 && (stratum == nil || labels.storage[i] == stratum) {
                counts[Int(groups[i])] += 1
                counts[groupCount] += 1
            }
            for i in 0..<n where groups[i] >= 0 && (stratum == nil || labels.storage[i] == stratum) {
                let g = Int(groups[i])
                m[i * (groupCount + 1) + g] = 1 / counts[g]
                m[i * (groupCount + 1) + groupCount] = 1 / counts[groupCount]
            }
            let present = (0..<groupCount).filter { counts[$0] > 0 }
            guard present.count >= 2 else { continue }
            let means = try p.mm(Tensor(shape: [n, groupCount + 1], storage: m)).reshape([groupCount + 1])
            let overall = try means.narrow(dim: 0, start: groupCount, length: 1)
            let gaps = try means.index(dim: 0, Tensor(present.map(Float.init))).subtracting(overall)
            total = try total.adding(squared ? gaps.multiplying(gaps).sum() : gaps.abs().sum())
        }
        return try total.multiplying(Tensor(scalar: Float(weight)))
    }
}
