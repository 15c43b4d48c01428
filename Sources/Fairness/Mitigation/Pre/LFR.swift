#if canImport(Glibc)
import Glibc
#endif
import Datasets
import Learning
import Tensors

/// Zemel, Wu, Swersky, Pitassi & Dwork's Learned Fair Representations (ICML 2013), as AIF360 0.6.1's `LFR`:
/// k prototypes v_j in feature space and a label weight w_j ∈ [0, 1] each; a row x maps to
/// M_j(x) = softmax_j(−‖x − v_j‖), is reconstructed as x̂ = Σ M_j v_j and predicted as ŷ = clip(Σ M_j w_j, ε, 1 − ε).
/// The parameters minimise A_x·L_x + A_y·L_y + A_z·L_z over the two groups a, b:
/// L_x = mean_a ‖x̂ − x‖²/d + mean_b ‖x̂ − x‖²/d, L_y = mean of the cross-entropy of ŷ, and
/// L_z = (1/k) Σ_j |mean_a M_j − mean_b M_j|, by L-BFGS-B from AIF360's seeded start (NumPy's legacy
/// `uniform(size = k + k·d)` after `seed(seed)`: w first, then the prototypes row by row) with w bounded to
/// [0, 1]. AIF360 differentiates by forward differences (step 10⁻⁵, `gradient = .forward`); by default the gradient is exact. `transform`
/// replaces the features by x̂ (the encoded columns, one-hot levels included, as numeric columns) and the label
/// by ŷ > threshold.
public struct LFR {
    /// Prototypes.
    public let k: Int
    /// Weights of the reconstruction, prediction and fairness terms.
    public let ax: Double, ay: Double, az: Double
    /// `np.random.seed` of the starting point.
    public let seed: UInt32
    /// L-BFGS-B's iteration and evaluation limits (AIF360's maxiter and maxfun, 5000 each).
    public let maxIterations: Int, maxEvaluations: Int
    /// ŷ above it is a positive label.
    public let threshold: Double
    /// How the gradient is taken: exactly, or by AIF360's forward differences (to reproduce its runs).
    public let gradient: Gradient
    /// The sensitive column (default the dataset's first).
    public let sensitive: String?
    /// The group set against all others when the column has more than two.
    public let privileged: String?
    /// The fitted weights w (k).
    public private(set) var weights: [Double] = []
    /// The fitted prototypes (k × d, row-major).
    public private(set) var prototypes: [Double] = []
    /// How the optimisation went.
    public private(set) var optimization: LBFGSB.Result?
    private var encoder: FeatureEncoder?

    /// The gradient L-BFGS-B is given.
    public enum Gradient: String, CaseIterable, Sendable {
        /// The analytic gradient.
        case exact
        /// SciPy's forward differences with step 10⁻⁵, as AIF360 calls `fmin_l_bfgs_b(approx_grad=True, epsilon=1e-5)`.
        case forward
    }

    /// An LFR with AIF360's defaults (k 5, A_x 0.01, A_y 1, A_z 50).
    public init(k: Int = 5, ax: Double = 0.01, ay: Double = 1, az: Double = 50, seed: Int = 0, maxIterations: Int = 5000,
                maxEvaluations: Int = 5000, threshold: Double = 0.5, gradient: Gradient = .exact, sensitive: String? = nil,
                privileged: String? = nil) throws {
        guard k >= 1 && k <= 10_000 else { throw FairnessError.invalid("LFR: k must be in 1…10000, got \(k)") }
        for (name, v) in [("Ax", ax), ("Ay", ay), ("Az", az)] where !(v >= 0 && v.isFinite) {
            throw FairnessError.invalid("LFR: \(name) must be a finite number ≥ 0, got \(v)")
        }
        guard let s = UInt32(exactly: seed) else { throw FairnessError.invalid("LFR: seed must be in 0…4294967295 (NumPy's), got \(seed)") }
        guard maxIterations >= 1, maxEvaluations >= 1 else { throw FairnessError.invalid("LFR: max_iter and max_fun must be at least 1") }
        guard threshold >= 0 && threshold <= 1 else { throw FairnessError.invalid("LFR: threshold must be in [0, 1], got \(threshold)") }
        self.k = k
        self.ax = ax
        self.ay = ay
        self.az = az
        self.seed = s
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations
        self.threshold = threshold
        self.gradient = gradient
        self.sensitive = sensitive
        self.privileged = privileged
    }

    /// AIF360's starting point for d features: `np.random.seed(seed); np.random.uniform(size = k + k·d)`.
    public func initialParameters(features d: Int) -> [Double] {
        var random = LegacyNumpyRandom(seed: seed)
        return (0..<(k + k * d)).map { _ in random.uniform() }
    }

    /// Fits on a feature matrix (rows × d, row-major), 0/1 labels and each row's group (true for group b),
    /// from `initial` parameters (w then prototypes; default AIF360's seeded start).
    public mutating func fit(features x: [Double], d: Int, labels y: [Double], inGroupB: [Bool], initial: [Double]? = nil) throws {
        let objective = try Objective(x: x, d: d, y: y, inGroupB: inGroupB, k: k, ax: ax, ay: ay, az: az)
        let start = initial ?? initialParameters(features: d)
        guard start.count == k + k * d else { throw FairnessError.invalid("LFR: \(k + k * d) initial parameters expected, got \(start.count)") }
        let lower = Array(repeating: 0, count: k) + Array(repeating: -Double.infinity, count: k * d)
        let upper = Array(repeating: 1, count: k) + Array(repeating: Double.infinity, count: k * d)
        let optimizer = try LBFGSB(maxIterations: maxIterations, maxEvaluations: maxEvaluations)
        let result: LBFGSB.Result
        switch gradient {
        case .exact: result = try optimizer.minimize(start, lower: lower, upper: upper) { objective.valueAndGradient($0) }
        case .forward: result = try optimizer.minimize(start, lower: lower, upper: upper, differenceStep: 1e-5) { objective.value($0) }
        }
        weights = Array(result.x[0..<k])
        prototypes = Array(result.x[k...])
        optimization = result
    }

    /// Each row's reconstruction x̂ (rows × d) and prediction ŷ under the fitted parameters.
    public func represent(_ x: [Double], d: Int) throws -> (features: [Double], scores: [Double]) {
        guard !weights.isEmpty else { throw FairnessError.invalid("LFR: call fit first") }
        guard prototypes.count == k * d, x.count % max(d, 1) == 0 else {
            throw FairnessError.invalid("LFR: fitted on \(prototypes.count / k) features, given \(d)")
        }
        let rows = d == 0 ? 0 : x.count / d
        var features = [Double](repeating: 0, count: x.count), scores = [Double](repeating: 0, count: rows)
        var m = [Double](repeating: 0, count: k), dist = m
        for i in 0..<rows {
            scores[i] = Objective.assign(x, row: i, d: d, prototypes, weights, &m, &dist)
            for j in 0..<k { for f in 0..<d { features[i * d + f] += m[j] * prototypes[j * d + f] } }
        }
        return (features, scores)
    }

    /// The encoded features of `ds` in Double.
    func encoded(_ ds: Dataset, _ encoder: FeatureEncoder) throws -> [Double] { try encoder.transform(ds).values.map(Double.init) }

    /// Learns prototypes and weights from `ds`'s encoded features (sensitive columns excluded) and labels.
    public mutating func fit(_ ds: Dataset) throws {
        let name = sensitive ?? ds.sensitive.first
        guard let name else { throw FairnessError.invalid("LFR: the dataset has no sensitive column") }
        let groups = try GroupIndex(ds, sensitive: name)
        let b: Int
        switch (groups.count, privileged) {
        case (..<2, _):
            throw FairnessError.invalid("LFR: '\(name)' has a single group (\(groups.names.joined(separator: ", "))); LFR needs two")
        case (_, let p?): b = try groups.index(ofPrivileged: p)
        case (2, nil): b = 1
        default:
            throw FairnessError.invalid("LFR: '\(name)' has \(groups.count) groups; say which is set against the others with privileged = (one of \(groups.names.joined(separator: ", ")))")
        }
        let encoder = FeatureEncoder(fitting: ds)
        let d = encoder.names.count
        guard d > 0 else { throw FairnessError.invalid("LFR: the dataset has no feature columns") }
        try fit(features: try encoded(ds, encoder), d: d, labels: try ds.labels().map(Double.init), inGroupB: groups.codes.map { $0 == Int32(b) })
        self.encoder = encoder
    }

    /// `ds` with its feature columns replaced by the reconstructions x̂ (one numeric column per encoded feature)
    /// and its label by ŷ > threshold.
    public func transform(_ ds: Dataset) throws -> Dataset {
        guard let encoder else { throw FairnessError.invalid("LFR: call fit first") }
        let names = encoder.names
        let (features, scores) = try represent(try encoded(ds, encoder), d: names.count)
        var out = try ds.dropping(encoder.schema.features(includeSensitive: false).map(\.name).filter { ds.table.names.contains($0) })
        for (f, name) in names.enumerated() {
            out = try out.adding(name, .numeric((0..<ds.count).map { features[$0 * names.count + f] }))
        }
        return ds.label == nil ? out : try out.relabeled(scores.map { $0 > threshold })
    }

    /// ŷ for each row of `ds`.
    public func scores(_ ds: Dataset) throws -> [Double] {
        guard let encoder else { throw FairnessError.invalid("LFR: call fit first") }
        return try represent(try encoded(ds, encoder), d: encoder.names.count).scores
    }
}

extension LFR: RepresentingPreprocessor {
    /// The features are replaced by their representations.
    public var changesFeatures: Bool { true }

    /// The model reading the original rows (LFR's encoding of them), representing each as its prototypes' mixture,
    /// then applying `retrained`, which must read exactly the representation's columns.
    public func model(over retrained: FittedModel) throws -> FittedModel {
        guard let encoder, !weights.isEmpty else { throw FairnessError.invalid("LFR: call fit first") }
        guard let reads = retrained.encoder?.names, reads == encoder.names else {
            throw FairnessError.invalid("LFR: the model trained on the representations reads other columns than the representation's \(encoder.names.count)")
        }
        return FittedModel(RepresentedModel(representation: self, base: retrained.estimator), encoder: encoder)
    }

    /// Settings: k and the features' count d; tensors: the prototypes' weights w (k) and the prototypes v (k × d).
    func archive() -> EstimatorArchive {
        EstimatorArchive(kind: "LFR", settings: ["k": .number(Double(k)), "threshold": .number(threshold)],
                         tensors: ["weights": .float64(weights), "prototypes": .float64(prototypes)])
    }

    /// The fitted representation of `archive` (it represents encoded rows; it has no encoder).
    static func unarchive(_ archive: EstimatorArchive) throws -> LFR {
        guard let k = Int(exactly: try archive.number("k")) else { throw FairnessError.invalid("LFR: k is not an integer") }
        var lfr = try LFR(k: k, threshold: try archive.number("threshold"))
        let (w, v) = (try archive.tensor("weights").doubles, try archive.tensor("prototypes").doubles)
        guard w.count == k, !v.isEmpty, v.count % k == 0, !(w + v).contains(where: { !$0.isFinite }) else {
            throw FairnessError.invalid("LFR: \(k) finite weights and k × d finite prototype values expected")
        }
        (lfr.weights, lfr.prototypes) = (w, v)
        return lfr
    }
}

/// A model of encoded rows that represents them with a fitted LFR (each row the mixture of its prototypes), then
/// applies the model trained on the representations: what `fair.mitigate` with `lfr` hands back, and saves.
public final class RepresentedModel: Classifier, ArchivableEstimator, NamedEstimator {
    /// The fitted representation.
    public let representation: LFR
    /// The model trained on the representations.
    public let base: Classifier

    /// `base` applied to `representation`'s output.
    public init(representation: LFR, base: Classifier) {
        self.representation = representation
        self.base = base
    }

    /// P(y = 1) of each row's representation.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        let d = representation.prototypes.count / max(representation.k, 1)
        guard x.dim == 2, x.shape[1] == d else { throw FairnessError.invalid("LFR model: rows of \(d) encoded features expected, got shape \(x.shape)") }
        let features = try representation.represent(x.storage.map(Double.init), d: d).features
        return try base.predictProbability(try Tensor(shape: x.shape, storage: features.map(Float.init)))
    }

    /// `LogisticRegression on LFR representations`.
    public var estimatorName: String { "\((base as? NamedEstimator)?.estimatorName ?? "\(type(of: base))") on LFR representations (k = \(representation.k))" }

    /// Parts: the representation, then the model.
    public func archive() throws -> EstimatorArchive {
        guard let archivable = base as? ArchivableEstimator else { throw FairnessError.invalid("save: a \(type(of: base)) cannot be saved") }
        return EstimatorArchive(kind: "Represented", parts: [representation.archive(), try archivable.archive()])
    }

    /// The model of `archive`, its base decoded by `loader`.
    @Sendable public static func unarchive(_ archive: EstimatorArchive, _ loader: EstimatorLoader) throws -> Classifier {
        guard archive.parts.count == 2, archive.parts[0].kind == "LFR" else { throw FairnessError.invalid("Represented: an LFR and a model expected as parts") }
        return RepresentedModel(representation: try LFR.unarchive(archive.parts[0]), base: try loader.estimator(archive.parts[1]))
    }
}

extension LFR {
    /// LFR's objective and its exact gradient over rows of two groups.
    struct Objective {
        let x: [Double], d: Int, y: [Double], inGroupB: [Bool], k: Int, ax: Double, ay: Double, az: Double
        let countA: Double, countB: Double

        init(x: [Double], d: Int, y: [Double], inGroupB: [Bool], k: Int, ax: Double, ay: Double, az: Double) throws {
            guard d > 0, x.count == y.count * d, inGroupB.count == y.count else {
                throw FairnessError.invalid("LFR: \(x.count) feature values, \(y.count) labels and \(inGroupB.count) groups do not make rows of \(d)")
            }
            guard !x.contains(where: { !$0.isFinite }) else { throw FairnessError.invalid("LFR: the features hold missing or infinite values (impute first)") }
            guard y.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw FairnessError.invalid("LFR: labels must be 0 or 1") }
            let b = inGroupB.filter { $0 }.count
            guard b > 0, b < y.count else { throw FairnessError.invalid("LFR: both groups need rows (\(y.count - b) and \(b))") }
            self.x = x; self.d = d; self.y = y; self.inGroupB = inGroupB; self.k = k; self.ax = ax; self.ay = ay; self.az = az
            countA = Double(y.count - b)
            countB = Double(b)
        }

        /// Fills `m` with row i's softmax(−‖x − v_j‖) and `dist` with the distances; returns ŷ (clipped).
        static func assign(_ x: [Double], row i: Int, d: Int, _ v: [Double], _ w: [Double], _ m: inout [Double], _ dist: inout [Double]) -> Double {
            let k = w.count
            var top = -Double.infinity
            x.withUnsafeBufferPointer { x in
                v.withUnsafeBufferPointer { v in
                    for j in 0..<k {
                        var s = 0.0
                        for f in 0..<d { let e = x[i * d + f] - v[j * d + f]; s += e * e }
                        dist[j] = s.squareRoot()
                        top = max(top, -dist[j])
                    }
                }
            }
            var total = 0.0, yhat = 0.0
            for j in 0..<k { m[j] = exp(-dist[j] - top); total += m[j] }
            for j in 0..<k { m[j] /= total; yhat += m[j] * w[j] }
            return min(max(yhat, Double.ulpOfOne), 1 - Double.ulpOfOne)
        }

        /// The forward pass at parameters p: the objective, each row's M and distances (rows × k), ŷ, and the
        /// signs of mean_a M_j − mean_b M_j.
        func forward(_ p: [Double]) -> (value: Double, m: [Double], dist: [Double], yhat: [Double], sign: [Double]) {
            let n = y.count
            let w = Array(p[0..<k]), v = Array(p[k...])
            var mAll = [Double](repeating: 0, count: n * k), distAll = mAll, yhat = [Double](repeating: 0, count: n)
            var meanA = [Double](repeating: 0, count: k), meanB = meanA
            var m = [Double](repeating: 0, count: k), dist = m
            var lx = 0.0, ly = 0.0
            for i in 0..<n {
                yhat[i] = Objective.assign(x, row: i, d: d, v, w, &m, &dist)
                var err = 0.0
                for f in 0..<d {
                    var xhat = 0.0
                    for j in 0..<k { xhat += m[j] * v[j * d + f] }
                    let e = xhat - x[i * d + f]
                    err += e * e
                }
                lx += err / (Double(d) * (inGroupB[i] ? countB : countA))
                ly -= y[i] * log(yhat[i]) + (1 - y[i]) * log(1 - yhat[i])
                for j in 0..<k {
                    mAll[i * k + j] = m[j]
                    distAll[i * k + j] = dist[j]
                    if inGroupB[i] { meanB[j] += m[j] / countB } else { meanA[j] += m[j] / countA }
                }
            }
            ly /= Double(n)
            var lz = 0.0
            var sign = [Double](repeating: 0, count: k)
            for j in 0..<k {
                lz += abs(meanA[j] - meanB[j]) / Double(k)
                sign[j] = meanA[j] > meanB[j] ? 1 : (meanA[j] < meanB[j] ? -1 : 0)
            }
            return (ax * lx + ay * ly + az * lz, mAll, distAll, yhat, sign)
        }

        /// The objective at parameters p.
        func value(_ p: [Double]) -> Double { forward(p).value }

        /// The objective and its gradient at parameters p (w, then the prototypes row by row).
        func valueAndGradient(_ p: [Double]) -> (value: Double, gradient: [Double]) {
            let n = y.count
            let w = Array(p[0..<k]), v = Array(p[k...])
            let (value, mAll, distAll, yhat, sign) = forward(p)
            var gw = [Double](repeating: 0, count: k), gv = [Double](repeating: 0, count: k * d)
            var residual = [Double](repeating: 0, count: d), upstream = [Double](repeating: 0, count: k)
            for i in 0..<n {
                let size = inGroupB[i] ? countB : countA
                let rowM = i * k
                // ∂L/∂x̂ = 2A_x(x̂ − x)/(n_g d); x̂ = Σ M_j v_j gives ∂L/∂v_j += M_j ∂L/∂x̂ and ∂L/∂M_j = v_j·∂L/∂x̂.
                for f in 0..<d {
                    var xhat = 0.0
                    for j in 0..<k { xhat += mAll[rowM + j] * v[j * d + f] }
                    residual[f] = 2 * ax * (xhat - x[i * d + f]) / (size * Double(d))
                }
                let raw = (0..<k).reduce(0.0) { $0 + mAll[rowM + $1] * w[$1] }
                let clipped = raw <= Double.ulpOfOne || raw >= 1 - Double.ulpOfOne
                let q = clipped ? 0 : -ay / Double(n) * (y[i] / yhat[i] - (1 - y[i]) / (1 - yhat[i]))
                var mean = 0.0
                for j in 0..<k {
                    var g = q * w[j] + az * sign[j] * (inGroupB[i] ? -1 : 1) / (Double(k) * size)
                    for f in 0..<d {
                        g += residual[f] * v[j * d + f]
                        gv[j * d + f] += mAll[rowM + j] * residual[f]
                    }
                    gw[j] += q * mAll[rowM + j]
                    upstream[j] = g
                    mean += mAll[rowM + j] * g
                }
                // Through the softmax of a_j = −‖x − v_j‖: ∂a_j/∂v_j = (x − v_j)/‖x − v_j‖.
                for j in 0..<k where distAll[rowM + j] > 0 {
                    let da = mAll[rowM + j] * (upstream[j] - mean) / distAll[rowM + j]
                    for f in 0..<d { gv[j * d + f] += da * (x[i * d + f] - v[j * d + f]) }
                }
            }
            return (value, gw + gv)
        }
    }
}
