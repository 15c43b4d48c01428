extension Tensor {
    /// The NumPy broadcast of two shapes (aligned from the right; sizes equal or 1).
    public static func broadcastShape(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
        let n = Swift.max(a.count, b.count)
        let out = try (0..<n).map { k in
            let x = k < n - a.count ? 1 : a[k - (n - a.count)]
            let y = k < n - b.count ? 1 : b[k - (n - b.count)]
            guard x == y || x == 1 || y == 1 else { throw TensorError.shapeMismatch(op: op, a, b) }
            return x == 1 ? y : x
        }
        _ = try Shape.elementCount(out, op: op)      // far larger than either side, or an unchecked target
        return out
    }

    /// The values broadcast to `out` (a copy; `out` must be a broadcast of this shape).
    func materialized(as out: [Int]) -> [Float] {
        if out == shape { return storage }
        let total = Shape.product(out)
        if numel == 1 { return [Float](repeating: storage.first ?? 0, count: total) }
        let pad = out.count - dim
        var sourceStrides = [Int](repeating: 0, count: out.count)
        let own = Shape.strides(shape)
        for k in 0..<dim where shape[k] != 1 { sourceStrides[pad + k] = own[k] }
        var result = [Float](repeating: 0, count: total)
        guard total > 0 else { return result }
        storage.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                var written = 0
                func fill(_ level: Int, _ offset: Int) {
                    let size = out[level], step = sourceStrides[level]
                    if level == out.count - 1 {
                        for i in 0..<size { dst[written + i] = src[offset + i * step] }
                        written += size
                    } else {
                        for i in 0..<size { fill(level + 1, offset + i * step) }
                    }
                }
                fill(0, 0)
            }
        }
        return result
    }

    /// This tensor broadcast to `shape` (NumPy rules), as a new tensor; differentiable.
    public func expand(_ target: [Int]) throws -> Tensor {
        let out = try Tensor.broadcastShape(shape, target, op: "expand")
        guard out == target else { throw TensorError.shapeMismatch(op: "expand", shape, target) }
        let source = shape
        return Tensor(unchecked: out, materialized(as: out)).recorded([self]) { g in [try g.sum(to: source)] }
    }

    /// Sums a broadcast gradient back to `target` (the inverse of broadcasting).
    func sum(to target: [Int]) throws -> Tensor {
        if shape == target { return self }
        var t = self
        while t.dim > target.count { t = try t.sum(dim: 0, keepdim: false) }
        for k in 0..<target.count where target[k] == 1 && t.shape[k] != 1 { t = try t.sum(dim: k, keepdim: true) }
        return try t.reshape(target)
    }
}
