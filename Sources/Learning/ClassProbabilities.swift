#if canImport(Glibc)
import Glibc
#endif
import Tensors

extension Sequential {
    /// P(class c | x) for each row of `x`: the softmax of the outputs, or (1 − p, p) with p = sigmoid of a single output.
    public func classProbabilities(_ x: Tensor) throws -> [[Double]] {
        try GradMode.noGrad {
            let out = try forward(x, training: false)
            let n = x.dim > 0 ? x.shape[0] : 0
            guard n > 0, out.numel % n == 0, out.numel / n > 0 else {
                throw LearningError.invalid("class probabilities: the network gives no output per row (output shape \(Tensor.format(shape: out.shape)))")
            }
            let width = out.numel / n
            return (0..<n).map { i in
                if width == 1 {
                    let p = 1 / (1 + Glibc.exp(-Double(out.storage[i])))
                    return [1 - p, p]
                }
                let row = (0..<width).map { Double(out.storage[i * width + $0]) }
                let m = row.max() ?? 0
                let e = row.map { Glibc.exp($0 - m) }
                let total = e.reduce(0, +)
                return e.map { $0 / total }
            }
        }
    }
}

extension Tensor {
    /// The softmax of each row of an (n, classes) tensor, differentiable: e^(z − max) / Σ e^(z − max), the max detached.
    public func softmaxRows() throws -> Tensor {
        let e = try subtracting(try max(dim: 1, keepdim: true).detach()).exp()
        return try e.dividing(try e.sum(dim: 1, keepdim: true))
    }
}
