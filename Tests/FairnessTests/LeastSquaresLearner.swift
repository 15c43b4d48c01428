import Learning
import Tensors

/// Fairlearn's test learners (test/unit/reductions/exponentiated_gradient/simple_learners.py): weighted least
/// squares, as a classifier (1 where x·w > ½) or as a regressor (x·w).
final class LeastSquaresLearner: WeightedFitting {
    let regression: Bool
    private(set) var coefficients: [Double] = []

    init(regression: Bool = false) { self.regression = regression }

    func blank() -> LeastSquaresLearner { LeastSquaresLearner(regression: regression) }

    /// Solves (XᵀWX) w = XᵀWy; a 1e-8 ridge picks (nearly) the minimum-norm solution when the columns are dependent.
    func fit(_ x: Tensor, _ y: [Double], weights: [Double]?) throws {
        let n = x.shape[0], d = x.shape[1]
        var a = [Double](repeating: 0, count: d * (d + 1))
        for i in 0..<n {
            let w = weights?[i] ?? 1
            for j in 0..<d {
                let xj = Double(x.storage[i * d + j])
                for k in 0..<d { a[j * (d + 1) + k] += w * xj * Double(x.storage[i * d + k]) }
                a[j * (d + 1) + d] += w * xj * y[i]
            }
        }
        for j in 0..<d { a[j * (d + 1) + j] += 1e-8 }
        for col in 0..<d {
            let pivot = (col..<d).max { abs(a[$0 * (d + 1) + col]) < abs(a[$1 * (d + 1) + col]) } ?? col
            for k in 0...d { a.swapAt(col * (d + 1) + k, pivot * (d + 1) + k) }
            for r in 0..<d where r != col {
                let f = a[r * (d + 1) + col] / a[col * (d + 1) + col]
                for k in 0...d { a[r * (d + 1) + k] -= f * a[col * (d + 1) + k] }
            }
        }
        coefficients = (0..<d).map { a[$0 * (d + 1) + d] / a[$0 * (d + 1) + $0] }
    }

    func predictProbability(_ x: Tensor) throws -> [Double] {
        let d = coefficients.count
        return (0..<x.shape[0]).map { i in
            let v = (0..<d).reduce(0) { $0 + Double(x.storage[i * d + $1]) * coefficients[$1] }
            return regression ? v : (v > 0.5 ? 1 : 0)
        }
    }
}
