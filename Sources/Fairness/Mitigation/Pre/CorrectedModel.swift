import Learning
import Tensors

/// A linear correction of encoded rows: output column j is x[sources[j]] − Σ_k (x[indicators[k]] − means[k]) ·
/// correction[j·K + k] (Fairlearn's CorrelationRemover applied to one row, α folded into the correction).
public struct LinearCorrection: Sendable {
    /// The input column of each output column, the indicator columns and their training means, the correction
    /// (outputs × indicators, row after row) and the input width.
    public let sources: [Int], indicators: [Int], means: [Double], correction: [Double], width: Int

    /// A correction; every index must lie in the input width and the correction fit the outputs × indicators.
    public init(sources: [Int], indicators: [Int], means: [Double], correction: [Double], width: Int) throws {
        let fits = { (c: Int) in c >= 0 && c < width }
        guard sources.allSatisfy(fits), indicators.allSatisfy(fits), means.count == indicators.count,
              correction.count == sources.count * indicators.count, !(means + correction).contains(where: { !$0.isFinite }) else {
            throw FairnessError.invalid("linear correction: its columns do not fit rows of \(width) encoded features")
        }
        (self.sources, self.indicators, self.means, self.correction, self.width) = (sources, indicators, means, correction, width)
    }

    /// The corrected rows of `x` (rows × width).
    func apply(_ x: Tensor) throws -> Tensor {
        guard x.dim == 2, x.shape[1] == width else { throw FairnessError.invalid("linear correction: rows of \(width) encoded features expected, got shape \(x.shape)") }
        let (n, k, m) = (x.shape[0], indicators.count, sources.count)
        var out = [Float](repeating: 0, count: n * m)
        var centred = [Double](repeating: 0, count: k)
        x.storage.withUnsafeBufferPointer { xs in
            for i in 0..<n {
                for (a, c) in indicators.enumerated() { centred[a] = Double(xs[i * width + c]) - means[a] }
                for j in 0..<m {
                    var fit = 0.0
                    for a in 0..<k { fit += centred[a] * correction[j * k + a] }
                    out[i * m + j] = Float(Double(xs[i * width + sources[j]]) - fit)
                }
            }
        }
        return try Tensor(shape: [n, m], storage: out)
    }
}

/// A model of encoded rows that corrects them (`LinearCorrection`, a CorrelationRemover's map) and applies the
/// model trained on the corrected rows: what `fair.mitigate` with `correlation_remover` hands back, and saves.
public final class CorrectedModel: Classifier, ArchivableEstimator, NamedEstimator {
    /// The correction.
    public let correction: LinearCorrection
    /// The model trained on corrected rows.
    public let base: Classifier

    /// `base` after `correction`.
    public init(correction: LinearCorrection, base: Classifier) throws {
        (self.correction, self.base) = (correction, base)
    }

    /// P(y = 1) of each corrected row.
    public func predictProbability(_ x: Tensor) throws -> [Double] { try base.predictProbability(try correction.apply(x)) }

    /// `LogisticRegression on rows decorrelated from the sensitive columns`.
    public var estimatorName: String { "\((base as? NamedEstimator)?.estimatorName ?? "\(type(of: base))") on rows decorrelated from the sensitive columns" }

    /// Settings: the columns and the input width; tensors: the means and the correction; part: the model.
    public func archive() throws -> EstimatorArchive {
        guard let archivable = base as? ArchivableEstimator else { throw FairnessError.invalid("save: a \(type(of: base)) cannot be saved") }
        let c = correction
        return EstimatorArchive(kind: "Corrected", settings: ["sources": .list(c.sources.map { .number(Double($0)) }),
                                                              "indicators": .list(c.indicators.map { .number(Double($0)) }), "width": .number(Double(c.width))],
                                parts: [try archivable.archive()], tensors: ["means": .float64(c.means), "correction": .float64(c.correction)])
    }

    /// The model of `archive`, its base decoded by `loader`.
    @Sendable public static func unarchive(_ archive: EstimatorArchive, _ loader: EstimatorLoader) throws -> Classifier {
        guard archive.parts.count == 1, let width = Int(exactly: try archive.number("width")) else { throw FairnessError.invalid("Corrected: a model part and an integer width expected") }
        let correction = try LinearCorrection(sources: try archive.indices("sources"), indicators: try archive.indices("indicators"), means: try archive.tensor("means").doubles,
                                              correction: try archive.tensor("correction").doubles, width: width)
        return try CorrectedModel(correction: correction, base: try loader.estimator(archive.parts[0]))
    }
}
