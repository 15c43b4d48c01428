import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Learning
import Tensors

/// The Lagrangian L(Q, λ) = err(Q) + λᵀ(γ(Q) − c) of the reductions approach (Agarwal et al. 2018, as
/// Fairlearn's `_Lagrangian`), with the best-response oracle that refits the learner on relabelled and
/// reweighted data, and the saddle-point linear program over the learners found so far. ‖λ‖₁ ≤ B.
final class Lagrangian {
    /// The values that decide how good a pair (Q, λ) is.
    struct Gap {
        /// L(Q, λ̂), its lower estimate min_h L(h, λ̂) and the upper one max_λ L(Q, λ).
        var value: Double, low: Double, high: Double
        /// γ(Q) and err(Q).
        let gamma: [Double], error: Double
        /// The duality gap max(L − L_low, L_high − L).
        var gap: Double { max(value - low, high - value) }
    }

    let moment: ReductionMoment
    let x: Tensor
    let estimator: any WeightedFitting
    let b: Double
    /// The learners kept (each better than all earlier ones for the λ that produced it), their training
    /// predictions, errors, constraint values, and the λ each was fitted for.
    private(set) var predictors: [Classifier] = []
    private(set) var predictions: [[Double]] = []
    private(set) var errors: [Double] = []
    private(set) var gammas: [[Double]] = []
    private(set) var lambdas: [[Double]] = []
    /// Oracle calls, and how many of them returned a constant predictor.
    private(set) var oracleCalls = 0, constantCalls = 0
    private var lastProgram: (count: Int, q: [Double], lambda: [Double], gap: Gap)?
    /// The last learner the oracle fitted (not a constant), where the next fit starts.
    private var lastFitted: Classifier?
    let bound: [Double]

    init(moment: ReductionMoment, x: Tensor, estimator: any WeightedFitting, b: Double) {
        self.moment = moment
        self.x = x
        self.estimator = estimator
        self.b = b
        bound = moment.bound
    }

    /// A fitted learner's predictions as the moment scores them: 0/1 decisions or values.
    static func outputs(_ model: Classifier, _ x: Tensor, decisions: Bool) throws -> [Double] {
        let p = try model.predictProbability(x)
        return decisions ? p.map { $0 >= 0.5 ? 1 : 0 } : p
    }

    /// The learner fitted to the cost-sensitive problem: targets 1(cost > 0) and weights |cost|
    /// (classification) or the labels and the costs as weights (regression), the weights scaled to sum to n
    /// when `normalise` (exponentiated gradient; grid search does not); a constant predictor when every
    /// target is the same. The fit starts from `warmStart` (the previous oracle's learner) where the learner can.
    static func fitOracle(_ moment: ReductionMoment, _ estimator: any WeightedFitting, _ x: Tensor, signedWeights: [Double],
                          normalise: Bool = true, warmStart: Classifier? = nil) throws -> (Classifier, constant: Bool) {
        let n = Double(signedWeights.count)
        let targets = moment.isClassification ? signedWeights.map { $0 > 0 ? 1.0 : 0.0 } : moment.labels
        var weights = moment.isClassification || normalise ? signedWeights.map(abs) : signedWeights
        let total = weights.reduce(0, +)
        guard total > 0 else { throw FairnessError.invalid("reductions: every sample weight is zero") }
        if normalise { for i in weights.indices { weights[i] = n * weights[i] / total } }
        if let first = targets.first, targets.allSatisfy({ $0 == first }) { return (ConstantPredictor(first), true) }
        let model = estimator.blank(warmStart: warmStart)
        try model.fit(x, targets, weights: weights)
        return (model, false)
    }

    /// Calls the oracle for λ and returns the index of the best learner so far for λ (the new one when it
    /// lowers err + λᵀγ by more than 1e-8).
    func bestResponse(_ lambda: [Double]) throws -> Int {
        let signed = zip(moment.objectiveSignedWeights(), moment.signedWeights(lambda)).map { $0 + $1 }
        let (model, constant) = try Self.fitOracle(moment, estimator, x, signedWeights: signed, warmStart: lastFitted)
        oracleCalls += 1
        if constant { constantCalls += 1 } else { lastFitted = model }
        let h = try Self.outputs(model, x, decisions: moment.predictsDecisions)
        let error = moment.objective(h), gamma = moment.gamma(h)
        let value = error + dot(gamma, lambda)
        var bestIndex = -1, bestValue = Double.infinity
        for j in predictors.indices {
            let v = errors[j] + dot(gammas[j], lambda)
            if v < bestValue { bestValue = v; bestIndex = j }
        }
        if value < bestValue - 1e-8 {
            predictors.append(model)
            predictions.append(h)
            errors.append(error)
            gammas.append(gamma)
            lambdas.append(lambda)
            bestIndex = predictors.count - 1
        }
        return bestIndex
    }

    /// (L, L_high, γ, err) of the mixture `q` (weights over the learners, missing ones 0) at λ.
    func evaluate(_ q: [Double], _ lambda: [Double]) -> (value: Double, high: Double, gamma: [Double], error: Double) {
        var error = 0.0, gamma = [Double](repeating: 0, count: bound.count)
        for (j, w) in q.enumerated() where w != 0 {
            error += errors[j] * w
            for k in gamma.indices { gamma[k] += gammas[j][k] * w }
        }
        let projected = moment.projectLambda(lambda)
        var value = error, worst = -Double.infinity
        for k in gamma.indices {
            value += projected[k] * (gamma[k] - bound[k])
            worst = max(worst, gamma[k] - bound[k])
        }
        return (value, worst > 0 ? error + b * worst : error, gamma, error)
    }

    /// The duality gap of (q, λ̂): L_low is the best single learner's L against λ̂, found by calling the oracle
    /// for λ̂ scaled by 1, 2, 5 and 10 until the gap exceeds ν.
    func gap(_ q: [Double], _ lambda: [Double], nu: Double) throws -> Gap {
        let e = evaluate(q, lambda)
        var result = Gap(value: e.value, low: e.value, high: e.high, gamma: e.gamma, error: e.error)
        for scale in [1.0, 2, 5, 10] {
            let j = try bestResponse(lambda.map { $0 * scale })
            var single = [Double](repeating: 0, count: j + 1)
            single[j] = 1
            let low = evaluate(single, lambda).value
            if low < result.low { result.low = low }
            if result.gap > nu + 1e-8 { break }
        }
        return result
    }

    /// The saddle point over the learners found so far: the primal LP min err·Q + Bζ subject to
    /// (γ − c)Q ≤ ζ, ΣQ = 1, and its dual for λ (Fairlearn solves both with HiGHS). Cached per learner count.
    func solveLinearProgram(nu: Double) throws -> (q: [Double], lambda: [Double], gap: Gap) {
        let count = predictors.count, k = bound.count
        if let last = lastProgram, last.count == count { return (last.q, last.lambda, last.gap) }
        var rows: [LinearProgram.Row] = (0..<k).map { c in
            LinearProgram.Row((0..<count).map { gammas[$0][c] - bound[c] } + [-1], .lessOrEqual, 0)
        }
        rows.append(LinearProgram.Row([Double](repeating: 1, count: count) + [0], .equal, 1))
        let primal = try LinearProgram(minimise: errors + [b], rows: rows).solveFromSlackBasis()
        // Dual: max μ subject to μ − Σ_c λ_c(γ_cj − c_c) ≤ err_j for each learner j, Σ λ ≤ B, λ ≥ 0, μ free.
        var dualRows: [LinearProgram.Row] = (0..<count).map { j in
            LinearProgram.Row((0..<k).map { -(gammas[j][$0] - bound[$0]) } + [1], .lessOrEqual, errors[j])
        }
        dualRows.append(LinearProgram.Row([Double](repeating: 1, count: k) + [0], .lessOrEqual, b))
        let dual = try LinearProgram(minimise: [Double](repeating: 0, count: k) + [-1], rows: dualRows, free: [k]).solve()
        let q = Array(primal.x.prefix(count)), lambda = Array(dual.x.prefix(k))
        let result = (q: q, lambda: lambda, gap: try gap(q, lambda, nu: nu))
        lastProgram = (count, result.q, result.lambda, result.gap)
        return result
    }
}

/// Σ aᵢbᵢ.
func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
    return s
}
