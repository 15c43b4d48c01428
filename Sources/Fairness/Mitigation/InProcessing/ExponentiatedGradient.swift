import Datasets
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Learning
import Tensors

/// Agarwal et al.'s exponentiated-gradient reduction (2018), as Fairlearn 0.15's `ExponentiatedGradient`:
/// a two-player game in which λ (‖λ‖₁ ≤ B = 1/ε) follows exponentiated-gradient steps on the constraint
/// violations while the learner best-responds by refitting on relabelled, reweighted data. Each step may be
/// followed by the saddle-point LP over the learners found so far. The result is a randomised classifier: a
/// mixture of the learners with weights Q whose error is within 2·gap of the best under the constraint.
public final class ExponentiatedGradient: RandomizedClassifier, ArchivableEstimator {
    /// The learner refitted at each oracle call.
    public let estimator: any WeightedFitting
    /// The constraint.
    public let constraint: ReductionConstraint
    /// ε: the L1 bound on λ is 1/ε.
    public let eps: Double
    /// Iterations at most.
    public let maxIterations: Int
    /// The duality-gap threshold ν (nil: ½·sd(|h₀(x) − y|)/√n from the first learner, as Fairlearn).
    public let requestedNu: Double?
    /// The initial learning rate η₀ (η = η₀/B).
    public let eta0: Double
    /// Whether each step is followed by the saddle-point linear program.
    public let runLinearProgram: Bool

    /// The learners kept, in the order found.
    public private(set) var predictors: [Classifier] = []
    /// The mixture's weight for each learner.
    public private(set) var weights: [Double] = []
    /// The λ each learner was fitted for (Fairlearn's `lambda_vecs_`), one array per learner.
    public private(set) var lambdaVectors: [[Double]] = []
    /// The exponentiated-gradient λ of each iteration (`lambda_vecs_EG_`).
    public private(set) var iterationLambdas: [[Double]] = []
    /// The constraints' names, in the order of each λ.
    public private(set) var constraintNames: [String] = []
    /// The smallest duality gap reached, and the iteration that reached it (0-based).
    public private(set) var bestGap = Double.nan, bestIteration = -1
    /// The last iteration run (0-based).
    public private(set) var lastIteration = -1
    /// ν as used.
    public private(set) var nu = Double.nan
    /// Oracle calls, and those that returned a constant predictor.
    public private(set) var oracleCalls = 0, constantOracleCalls = 0
    /// The learners' constraint values γ and objective values on the training data.
    public private(set) var gammas: [[Double]] = [], errors: [Double] = []
    private var decisions = true, classification = true

    /// A reduction; ε > 0, at least one iteration, ν > 0 when given, η₀ > 0.
    public init(estimator: any WeightedFitting, constraint: ReductionConstraint, eps: Double = 0.01, maxIterations: Int = 50,
                nu: Double? = nil, eta0: Double = 2, runLinearProgram: Bool = true) throws {
        guard eps > 0, eps.isFinite else { throw FairnessError.invalid("ExponentiatedGradient: eps must be positive, got \(eps)") }
        guard maxIterations > 0 else { throw FairnessError.invalid("ExponentiatedGradient: max_iter must be positive, got \(maxIterations)") }
        if let nu, !(nu > 0) { throw FairnessError.invalid("ExponentiatedGradient: nu must be positive, got \(nu)") }
        guard eta0 > 0, eta0.isFinite else { throw FairnessError.invalid("ExponentiatedGradient: eta0 must be positive, got \(eta0)") }
        self.estimator = estimator
        self.constraint = constraint
        self.eps = eps
        self.maxIterations = maxIterations
        requestedNu = nu
        self.eta0 = eta0
        self.runLinearProgram = runLinearProgram
    }

    /// Fits on features `x` (rows × features), labels `y` and the rows' groups.
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex) throws {
        try fit(x, moment: try constraint.load(x: x, labels: y, groups: groups, method: "ExponentiatedGradient"))
    }

    /// Fits on features `x` (one row per row of the moment) under a loaded moment (`FairRegression` passes its
    /// augmented problem).
    func fit(_ x: Tensor, moment: ReductionMoment) throws {
        let y = moment.labels
        let b = 1 / eps
        let lagrangian = Lagrangian(moment: moment, x: x, estimator: estimator, b: b)
        let k = moment.bound.count, bound = moment.bound
        var theta = [Double](repeating: 0, count: k), lambdaSum = theta
        var counts: [Double] = [], gapsEG: [Double] = [], gaps: [Double] = [], mixtures: [[Double]] = []
        var lastChecked = 5, lastGap = Double.infinity, eta = eta0 / b, nu = requestedNu ?? .nan
        iterationLambdas = []
        let progress = ProgressHook("exponentiated gradient", total: maxIterations)   // may stop early at a small gap
        defer { progress.finish() }
        for t in 0..<maxIterations {
            try Cancellation.check()
            progress.update(t, status: "oracle calls \(lagrangian.oracleCalls), gap \(TextTable.format(gaps.last ?? .nan))")
            let e = theta.map { Glibc.exp($0) }
            let denominator = 1 + e.reduce(0, +)
            let lambda = e.map { b * $0 / denominator }
            iterationLambdas.append(lambda)
            for c in 0..<k { lambdaSum[c] += lambda[c] }
            let lambdaEG = lambdaSum.map { $0 / Double(t + 1) }
            let h = try lagrangian.bestResponse(lambda)
            if t == 0 && requestedNu == nil {
                nu = 0.5 * Self.sampleDeviation(zip(lagrangian.predictions[h], y).map { abs($0 - $1) }) / Double(y.count).squareRoot()
            }
            if counts.count <= h { counts += [Double](repeating: 0, count: h + 1 - counts.count) }
            counts[h] += 1
            let gamma = lagrangian.gammas[h]
            let total = counts.reduce(0, +)
            let qEG = counts.map { $0 / total }
            let resultEG = try lagrangian.gap(qEG, lambdaEG, nu: nu)
            gapsEG.append(resultEG.gap)
            var gapLP = Double.infinity, qLP: [Double] = []
            if t > 0 && runLinearProgram {
                let lp = try lagrangian.solveLinearProgram(nu: nu)
                gapLP = lp.gap.gap
                qLP = lp.q
            }
            if resultEG.gap < gapLP {
                mixtures.append(qEG)
                gaps.append(resultEG.gap)
            } else {
                mixtures.append(qLP)
                gaps.append(gapLP)
            }
            if gaps[t] < nu && t >= 5 { break }
            if Double(t) >= Double(lastChecked) * 1.6 {
                let best = gapsEG.min() ?? .infinity
                if best > lastGap * 0.8 { eta *= 0.8 }
                lastChecked = t
                lastGap = best
            }
            for c in 0..<k { theta[c] += eta * (gamma[c] - bound[c]) }
        }
        let smallest = gaps.min() ?? .nan
        bestIteration = gaps.lastIndex(where: { $0 <= smallest + 1e-8 }) ?? 0
        bestGap = gaps[bestIteration]
        lastIteration = gaps.count - 1
        var w = mixtures[bestIteration]
        w += [Double](repeating: 0, count: max(0, lagrangian.predictors.count - w.count))
        weights = w
        predictors = lagrangian.predictors
        lambdaVectors = lagrangian.lambdas
        gammas = lagrangian.gammas
        errors = lagrangian.errors
        constraintNames = moment.constraintNames
        oracleCalls = lagrangian.oracleCalls
        constantOracleCalls = lagrangian.constantCalls
        self.nu = nu
        decisions = moment.predictsDecisions
        classification = moment.isClassification
    }

    /// The standard deviation with n − 1 in the denominator (pandas' `std`).
    static func sampleDeviation(_ v: [Double]) -> Double {
        guard v.count > 1 else { return .nan }
        let mean = v.reduce(0, +) / Double(v.count)
        return (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot()
    }

    /// The fitted mixture, or an error before `fit`.
    public func mixture() throws -> RandomizedMixture {
        guard !predictors.isEmpty else { throw FairnessError.invalid("ExponentiatedGradient: call fit first") }
        return try RandomizedMixture(predictors: predictors, weights: weights, decisions: decisions, classification: classification)
    }

    /// The mixture's probability of predicting 1 per row, Σ_t Q_t h_t(x) (Fairlearn's `_pmf_predict`).
    public func predictProbability(_ x: Tensor) throws -> [Double] { try mixture().predictProbability(x) }

    /// Randomised predictions drawn from the mixture with `seed` (see `RandomizedMixture.predict`).
    public func predict(_ x: Tensor, seed: UInt64) throws -> [Double] { try mixture().predict(x, seed: seed) }

    /// Saved as its mixture.
    public func archive() throws -> EstimatorArchive { try mixture().archive() }
}

extension ExponentiatedGradient: InProcessor {
    /// Fits the mixture (sample weights are the reduction's own).
    public func fit(_ x: Tensor, _ y: [Double], groups: GroupIndex, weights: [Double]?) throws { try fit(x, y, groups: groups) }
}
