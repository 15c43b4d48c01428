extension Tensor {
    /// Matrix product of 2-d tensors through `cblas_sgemm` (`sgemv` for a 1-d right operand).
    public func mm(_ other: Tensor) throws -> Tensor {
        guard dim == 2, other.dim == 2 || other.dim == 1, shape[1] == other.shape[0] else {
            throw TensorError.badShape(op: "mm", reason: "cannot multiply \(Tensor.format(shape: shape)) by \(Tensor.format(shape: other.shape))")
        }
        let (m, k) = (shape[0], shape[1])
        let (a, b) = (self, other)
        // A single right-hand column is a matrix–vector product: sgemv, with no packing of the matrix.
        if other.dim == 2 && other.shape[1] == 1 && m > 1 { return try mm(other.reshape([k])).reshape([m, 1]) }
        if other.dim == 1 {
            var y = [Float](repeating: 0, count: m)
            if m > 0 && k > 0 {
                try BLAS.load(work: m * k).sgemv(BLAS.rowMajor, BLAS.noTranspose, Int32(m), Int32(k), 1, storage, Int32(k),
                                      other.storage, 1, 0, &y, 1)
            }
            return Tensor(unchecked: [m], y).recorded([a, b]) { g in
                var db = [Float](repeating: 0, count: k)   // Aᵀ·g by a transposed sgemv
                if m > 0 && k > 0 {
                    try BLAS.load(work: m * k).sgemv(BLAS.rowMajor, BLAS.transpose, Int32(m), Int32(k), 1, a.storage, Int32(k), g.storage, 1, 0, &db, 1)
                }
                // Inputs that need no gradient (a batch of features, say) get none: it would be an outer product of m × k.
                return [a.tracked ? try g.reshape([m, 1]).mm(b.reshape([1, k])) : nil, Tensor(unchecked: [k], db)]
            }
        }
        let n = other.shape[1]
        _ = try Shape.elementCount([m, n], op: "mm")
        let blas = try BLAS.load(work: m * n * k)
        let c = Tensor.filled(m * n) { out in                  // beta = 0: sgemm overwrites every entry
            if k == 0 { out.initialize(repeating: 0); return }
            blas.sgemm(BLAS.rowMajor, BLAS.noTranspose, BLAS.noTranspose, Int32(m), Int32(n), Int32(k),
                       1, storage, Int32(k), other.storage, Int32(n), 0, out.baseAddress, Int32(n))
        }
        return Tensor(unchecked: [m, n], c).recorded([a, b]) { g in
            let blas = try BLAS.load(work: m * n * k)   // other products may have changed the thread count since
            // dA = G·Bᵀ and dB = Aᵀ·G with transposed sgemm operands: no transposed copies.
            let da = !a.tracked ? [] : Tensor.filled(m * k) { out in
                guard m > 0, k > 0, n > 0, let o = out.baseAddress else { out.initialize(repeating: 0); return }
                g.storage.withUnsafeBufferPointer { gb in
                    b.storage.withUnsafeBufferPointer { bb in
                        blas.sgemm(BLAS.rowMajor, BLAS.noTranspose, BLAS.transpose, Int32(m), Int32(k), Int32(n),
                                   1, gb.baseAddress, Int32(n), bb.baseAddress, Int32(n), 0, o, Int32(k))
                    }
                }
            }
            let db = Tensor.filled(k * n) { out in
                guard m > 0, k > 0, n > 0, let o = out.baseAddress else { out.initialize(repeating: 0); return }
                a.storage.withUnsafeBufferPointer { ab in
                    g.storage.withUnsafeBufferPointer { gb in
                        blas.sgemm(BLAS.rowMajor, BLAS.transpose, BLAS.noTranspose, Int32(k), Int32(n), Int32(m),
                                   1, ab.baseAddress, Int32(k), gb.baseAddress, Int32(n), 0, o, Int32(n))
                    }
                }
            }
            return [a.tracked ? Tensor(unchecked: [m, k], da) : nil, Tensor(unchecked: [k, n], db)]
        }
    }

    /// NumPy's matmul: 1-d and 2-d operands as `mm`/`dot`, and batched products over leading dimensions.
    public func matmul(_ other: Tensor) throws -> Tensor {
        switch (dim, other.dim) {
        case (1, 1): return try dot(other)
        case (2, _) where other.dim <= 2: return try mm(other)
        case (1, 2): return try reshape([1, shape[0]]).mm(other).reshape([other.shape[1]])
        default:
            guard dim == 3, other.dim == 3, shape[0] == other.shape[0] else {
                throw TensorError.badShape(op: "matmul", reason: "cannot multiply \(Tensor.format(shape: shape)) by \(Tensor.format(shape: other.shape)) (batched products need two 3-d tensors with the same batch size)")
            }
            let parts = try (0..<shape[0]).map { try select(dim: 0, $0).mm(other.select(dim: 0, $0)) }
            return try Tensor.stack(parts, dim: 0)
        }
    }

    /// Transpose of a 2-d tensor (1-d and 0-d are returned unchanged).
    public func t() throws -> Tensor {
        guard dim == 2 else {
            guard dim < 2 else { throw TensorError.badShape(op: "t", reason: "expects a 2-d tensor, got \(Tensor.format(shape: shape))") }
            return self
        }
        return try permute([1, 0])
    }

    /// Reorders the dimensions (`order` is a permutation of 0..<dim).
    public func permute(_ order: [Int]) throws -> Tensor {
        guard order.count == dim, Set(order) == Set(0..<dim) else {
            throw TensorError.invalid("'permute': \(order.map { $0 + 1 }) is not a permutation of 1..\(dim)")
        }
        let outShape = order.map { shape[$0] }
        let own = Shape.strides(shape)
        let steps = order.map { own[$0] }
        var out = [Float](repeating: 0, count: numel)
        var written = 0
        storage.withUnsafeBufferPointer { src in
            func fill(_ level: Int, _ offset: Int) {
                if level == outShape.count {
                    out[written] = src[offset]
                    written += 1
                    return
                }
                for i in 0..<outShape[level] { fill(level + 1, offset + i * steps[level]) }
            }
            if numel > 0 { fill(0, 0) }
        }
        var inverse = [Int](repeating: 0, count: dim)
        for (k, o) in order.enumerated() { inverse[o] = k }
        return Tensor(unchecked: outShape, out).recorded([self]) { g in [try g.permute(inverse)] }
    }

    /// Inner product of two 1-d tensors (a 0-d tensor).
    public func dot(_ other: Tensor) throws -> Tensor {
        guard dim == 1, other.dim == 1, numel == other.numel else {
            throw TensorError.badShape(op: "dot", reason: "expects two 1-d tensors of equal length, got \(Tensor.format(shape: shape)) and \(Tensor.format(shape: other.shape))")
        }
        return try multiplying(other).sum()
    }

    /// Outer product of two 1-d tensors.
    public func outer(_ other: Tensor) throws -> Tensor {
        guard dim == 1, other.dim == 1 else {
            throw TensorError.badShape(op: "outer", reason: "expects two 1-d tensors, got \(Tensor.format(shape: shape)) and \(Tensor.format(shape: other.shape))")
        }
        return try reshape([numel, 1]).multiplying(other.reshape([1, other.numel]))
    }

    /// Solves `self · x = b` for a square matrix (Gaussian elimination with partial pivoting, in Double).
    public func solve(_ b: Tensor) throws -> Tensor {
        guard dim == 2, shape[0] == shape[1], b.dim >= 1, b.shape[0] == shape[0], b.dim <= 2 else {
            throw TensorError.badShape(op: "solve", reason: "needs a square matrix and a right-hand side with as many rows, got \(Tensor.format(shape: shape)) and \(Tensor.format(shape: b.shape))")
        }
        let n = shape[0], m = b.dim == 1 ? 1 : b.shape[1]
        var a = storage.map(Double.init), x = b.storage.map(Double.init)
        for col in 0..<n {
            var pivot = col
            for r in col..<n where Swift.abs(a[r * n + col]) > Swift.abs(a[pivot * n + col]) { pivot = r }
            guard Swift.abs(a[pivot * n + col]) > 1e-12 else { throw TensorError.invalid("'solve': the matrix is singular") }
            if pivot != col {
                for j in 0..<n { a.swapAt(col * n + j, pivot * n + j) }
                for j in 0..<m { x.swapAt(col * m + j, pivot * m + j) }
            }
            for r in (col + 1)..<Swift.max(n, col + 1) {
                let f = a[r * n + col] / a[col * n + col]
                if f == 0 { continue }
                for j in col..<n { a[r * n + j] -= f * a[col * n + j] }
                for j in 0..<m { x[r * m + j] -= f * x[col * m + j] }
            }
        }
        for col in stride(from: n - 1, through: 0, by: -1) {
            for j in 0..<m {
                var s = x[col * m + j]
                for k in (col + 1)..<Swift.max(n, col + 1) { s -= a[col * n + k] * x[k * m + j] }
                x[col * m + j] = s / a[col * n + col]
            }
        }
        let matrix = self
        let solution = Tensor(unchecked: b.shape, x.map(Float.init))
        let value = solution.detach()                   // not `solution`: its own closure would keep it alive
        return solution.recorded([matrix, b]) { g in
            // x = A⁻¹b: ḃ = A⁻ᵀ g, Ā = −ḃ xᵀ.
            let gb = try matrix.t().solve(g)
            let column = { (t: Tensor) in t.dim == 1 ? try t.reshape([n, 1]) : t }
            return [try column(gb).mm(column(value).t()).negated(), gb]
        }
    }

    /// Lower-triangular L with L·Lᵀ = self, for a symmetric positive-definite matrix (computed in Double).
    public func cholesky() throws -> Tensor {
        guard dim == 2, shape[0] == shape[1] else {
            throw TensorError.badShape(op: "cholesky", reason: "needs a square matrix, got \(Tensor.format(shape: shape))")
        }
        let n = shape[0]
        let l: [Double]
        do { l = try Cholesky(storage.map(Double.init), n).l } catch {
            throw TensorError.invalid("'cholesky': the matrix is not positive definite")
        }
        let result = Tensor(unchecked: shape, l.map(Float.init))
        let factor = result.detach()                    // not `result`: its own closure would keep it alive
        return result.recorded([self]) { g in
            // Murray (2016): S = L⁻ᵀ Φ(Lᵀ Ḡ) L⁻¹ with Φ = lower triangle, diagonal halved. Only A's lower
            // triangle is read, so it receives S + Sᵀ off the diagonal and S on it; the upper triangle gets 0.
            let phi = try factor.t().mm(g)
            for i in 0..<n { for j in 0..<n { if j > i { phi.storage[i * n + j] = 0 } else if i == j { phi.storage[i * n + j] *= 0.5 } } }
            let left = try factor.t().solve(phi)                 // L⁻ᵀ Φ
            let s = try factor.t().solve(left.t()).t()           // (L⁻ᵀ (L⁻ᵀ Φ)ᵀ)ᵀ = L⁻ᵀ Φ L⁻¹
            var out = [Float](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0...i {
                    out[i * n + j] = i == j ? s.storage[i * n + i] : s.storage[i * n + j] + s.storage[j * n + i]
                }
            }
            return [Tensor(unchecked: [n, n], out)]
        }
    }
}
