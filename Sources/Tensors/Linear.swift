extension Tensor {
    /// The affine map `x·W + b` of a batch x (m × k) with weight W (k × n) and optional bias b (n), and with
    /// `relu` max(x·W + b, 0): one sgemm, then the bias and the ReLU in one pass over the result. The backward
    /// pass masks the gradient once, sums it for the bias, and runs the two transposed sgemms (the input's only
    /// when the input takes part in autograd). Equal to `x.mm(W).adding(b).relu()`, with fewer passes and
    /// no graph nodes between the three.
    public func linear(_ weight: Tensor, bias: Tensor?, relu: Bool = false) throws -> Tensor {
        guard dim == 2, weight.dim == 2, shape[1] == weight.shape[0] else {
            throw TensorError.badShape(op: "linear", reason: "cannot multiply \(Tensor.format(shape: shape)) by \(Tensor.format(shape: weight.shape))")
        }
        let (m, k, n) = (shape[0], shape[1], weight.shape[1])
        if let bias, bias.shape != [n] { throw TensorError.shapeMismatch(op: "linear bias", bias.shape, [n]) }
        _ = try Shape.elementCount([m, n], op: "linear")
        let blas = try BLAS.load(work: m * n * k)
        let y = Tensor.filled(m * n) { out in
            guard let o = out.baseAddress, m > 0, n > 0 else { return }
            if k == 0 { out.initialize(repeating: 0) } else {
                blas.sgemm(BLAS.rowMajor, BLAS.noTranspose, BLAS.noTranspose, Int32(m), Int32(n), Int32(k),
                           1, storage, Int32(k), weight.storage, Int32(n), 0, o, Int32(n))
            }
            guard bias != nil || relu else { return }
            let b = bias?.storage ?? [Float](repeating: 0, count: n)
            b.withUnsafeBufferPointer { bb in
                for i in 0..<m {
                    let row = o + i * n
                    if relu {
                        for j in 0..<n { row[j] = Swift.max(row[j] + bb[j], 0) }
                    } else {
                        for j in 0..<n { row[j] += bb[j] }
                    }
                }
            }
        }
        let (x, inputs) = (self, bias.map { [self, weight, $0] } ?? [self, weight])
        let result = Tensor(unchecked: [m, n], y)
        guard GradMode.enabled && inputs.contains(where: { $0.tracked }) else { return result }
        let hasBias = bias != nil
        return result.recorded(inputs) { g in
            let blas = try BLAS.load(work: m * n * k)   // other products may have changed the thread count since
            // The ReLU's mask, applied once (multiplied, so that a NaN gradient stays NaN as in `relu()`).
            let gm = !relu ? g.storage : Tensor.filled(m * n) { d in
                g.storage.withUnsafeBufferPointer { gb in
                    y.withUnsafeBufferPointer { yb in for i in 0..<d.count { d[i] = gb[i] * (yb[i] > 0 ? 1 : 0) } }
                }
            }
            var dBias = [Float](repeating: 0, count: hasBias ? n : 0)
            if hasBias {
                gm.withUnsafeBufferPointer { gb in
                    dBias.withUnsafeMutableBufferPointer { db in
                        for i in 0..<m { for j in 0..<n { db[j] += gb[i * n + j] } }
                    }
                }
            }
            let dWeight = Tensor.filled(k * n) { out in      // Xᵀ·G
                guard m > 0, k > 0, n > 0, let o = out.baseAddress else { out.initialize(repeating: 0); return }
                blas.sgemm(BLAS.rowMajor, BLAS.transpose, BLAS.noTranspose, Int32(k), Int32(n), Int32(m),
                           1, x.storage, Int32(k), gm, Int32(n), 0, o, Int32(n))
            }
            // G·Wᵀ, only for an input that needs it (not a batch of features).
            let dInput: Tensor? = !x.tracked ? nil : Tensor(unchecked: [m, k], Tensor.filled(m * k) { out in
                guard m > 0, k > 0, n > 0, let o = out.baseAddress else { out.initialize(repeating: 0); return }
                blas.sgemm(BLAS.rowMajor, BLAS.noTranspose, BLAS.transpose, Int32(m), Int32(k), Int32(n),
                           1, gm, Int32(n), weight.storage, Int32(n), 0, o, Int32(k))
            })
            var grads: [Tensor?] = [dInput, Tensor(unchecked: [k, n], dWeight)]
            if hasBias { grads.append(Tensor(unchecked: [n], dBias)) }
            return grads
        }
    }
}
