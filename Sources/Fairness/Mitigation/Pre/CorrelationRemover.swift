import Datasets
import Learning
import Tensors

/// Fairlearn's CorrelationRemover: removes the linear dependence of every numeric feature on the
/// sensitive columns. The sensitive columns are coded as indicators of every level but the first
/// (sorted), centred on their training means; each feature is replaced by α·(x − S_c β) + (1 − α)·x,
/// β the least-squares fit of the feature on S_c. Categorical features are left as they are.
public struct CorrelationRemover {
    /// How much of the dependence is removed (1: all).
    public let alpha: Double
    private var levels: [(name: String, levels: [String])] = []
    private var means: [Double] = []
    private var beta: [String: [Double]] = [:]
    /// The schema of the rows fitted on (the model of original rows reads them in its scale).
    private var schema: Schema?

    /// A remover with strength `alpha` in [0, 1].
    public init(alpha: Double = 1) throws {
        guard alpha >= 0 && alpha <= 1 else { throw FairnessError.invalid("CorrelationRemover: alpha must be in [0, 1], got \(alpha)") }
        self.alpha = alpha
    }

    /// Indicator columns of the sensitive levels (all but the first), row-major n × k.
    func indicators(_ ds: Dataset) throws -> [Double] {
        var out = [Double](repeating: 0, count: ds.count * means.count)
        var offset = 0
        for (name, levels) in levels {
            let c = try ds.sensitiveColumn(name)
            for i in 0..<ds.count {
                guard let value = c.value(i) else { throw FairnessError.invalid("CorrelationRemover: '\(name)' is missing at row \(i + 1)") }
                guard let level = levels.firstIndex(of: value) else {
                    throw FairnessError.invalid("CorrelationRemover: '\(name)' has the value '\(value)', unseen when fitting")
                }
                if level > 0 { out[i * means.count + offset + level - 1] = 1 }
            }
            offset += levels.count - 1
        }
        return out
    }

    /// Learns the means and the regression of every numeric feature on the sensitive indicators.
    public mutating func fit(_ ds: Dataset) throws {
        guard !ds.sensitive.isEmpty else { throw FairnessError.invalid("CorrelationRemover: the dataset has no sensitive column") }
        levels = try ds.sensitive.map { name in (name, try ds.sensitiveColumn(name).levels.sorted()) }
        schema = ds.schema
        let k = levels.reduce(0) { $0 + $1.levels.count - 1 }
        guard k > 0 else { throw FairnessError.invalid("CorrelationRemover: the sensitive columns have one level only") }
        means = [Double](repeating: 0, count: k)
        var s = try indicators(ds)
        let n = ds.count
        for j in 0..<k { means[j] = (0..<n).reduce(0) { $0 + s[$1 * k + j] } / Double(n) }
        for i in 0..<n { for j in 0..<k { s[i * k + j] -= means[j] } }
        var gram = [Double](repeating: 0, count: k * k)
        for i in 0..<n { for a in 0..<k { for b in 0..<k { gram[a * k + b] += s[i * k + a] * s[i * k + b] } } }
        beta = [:]
        for (name, column) in zip(ds.table.names, ds.table.columns) where name != ds.label && !ds.sensitive.contains(name) {
            guard case let .numeric(x) = column else { continue }
            if let row = x.firstIndex(where: \.isNaN) { throw FairnessError.invalid("CorrelationRemover: '\(name)' is missing at row \(row + 1) (impute first)") }
            var rhs = [Double](repeating: 0, count: k)
            for i in 0..<n { for a in 0..<k { rhs[a] += s[i * k + a] * x[i] } }
            beta[name] = try Cholesky.solve(gram, rhs, k)
        }
    }

    /// `ds` with its numeric features decorrelated from the sensitive columns.
    public func transform(_ ds: Dataset) throws -> Dataset {
        guard !levels.isEmpty else { throw FairnessError.invalid("CorrelationRemover: call fit first") }
        let k = means.count
        let s = try indicators(ds)
        var out = ds
        for (name, b) in beta.sorted(by: { $0.key < $1.key }) {
            guard case let .numeric(x) = try ds.column(name) else { continue }
            let filtered = (0..<ds.count).map { i -> Double in
                var fit = 0.0
                for j in 0..<k { fit += (s[i * k + j] - means[j]) * b[j] }
                return alpha * (x[i] - fit) + (1 - alpha) * x[i]
            }
            out = try out.adding(name, .numeric(filtered))
        }
        return out
    }
}

extension CorrelationRemover: RepresentingPreprocessor {
    /// The numeric features are rewritten.
    public var changesFeatures: Bool { true }

    /// The model of original rows (encoded with the sensitive columns, in the fitted rows' scale): each numeric
    /// feature corrected as the transform does, x − α (S − mean) β, then `retrained`, which must read the
    /// transform's columns (those of the fitted rows).
    public func model(over retrained: FittedModel) throws -> FittedModel {
        guard let schema, !levels.isEmpty else { throw FairnessError.invalid("CorrelationRemover: call fit first") }
        guard let reads = retrained.encoder else { throw FairnessError.invalid("CorrelationRemover: the retrained model has not seen a dataset") }
        let full = FeatureEncoder(schema: schema, includeSensitive: true)
        let blocks = Dictionary(full.blocks.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // The indicator columns of the sensitive levels (all but the first, sorted), in the fit's order.
        let indicators = try levels.flatMap { name, levels -> [Int] in
            guard let block = blocks[name], block.oneHot, let order = schema.column(name)?.levels else {
                throw FairnessError.invalid("CorrelationRemover: the sensitive column '\(name)' is not one-hot encoded")
            }
            return try levels.dropFirst().map { level in
                guard let k = order.firstIndex(of: level) else { throw FairnessError.invalid("CorrelationRemover: '\(name)' has no level '\(level)'") }
                return block.columns.lowerBound + k
            }
        }
        var sources: [Int] = [], correction: [Double] = []
        for b in reads.blocks {
            guard let from = blocks[b.name], from.columns.count == b.columns.count else {
                throw FairnessError.invalid("CorrelationRemover: the retrained model reads '\(b.name)', which the fitted rows do not have")
            }
            for c in from.columns {
                sources.append(c)
                correction += beta[b.name].map { $0.map { alpha * $0 } } ?? [Double](repeating: 0, count: means.count)
            }
        }
        let base = try LinearCorrection(sources: sources, indicators: indicators, means: means, correction: correction, width: full.names.count)
        return FittedModel(try CorrectedModel(correction: base, base: retrained.estimator), encoder: full)
    }
}
