extension Tensor {
    /// The same values with another shape (one size may be -1, inferred). Storage is always contiguous,
    /// so `view` is this too (a copy, never an alias).
    public func reshape(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        let unknown = target.indices.filter { target[$0] == -1 }
        guard unknown.count <= 1, target.allSatisfy({ $0 >= -1 }) else {
            throw TensorError.badShape(op: "reshape", reason: "invalid shape \(Tensor.format(shape: newShape))")
        }
        if let u = unknown.first {
            let known = try Shape.elementCount(target.filter { $0 != -1 }, op: "reshape")
            guard known > 0, numel % known == 0 else {
                throw TensorError.badShape(op: "reshape", reason: "cannot reshape \(Tensor.format(shape: shape)) (\(numel) elements) to \(Tensor.format(shape: newShape))")
            }
            target[u] = numel / known
        }
        guard try Shape.elementCount(target, op: "reshape") == numel else {
            throw TensorError.badShape(op: "reshape", reason: "cannot reshape \(Tensor.format(shape: shape)) (\(numel) elements) to \(Tensor.format(shape: newShape))")
        }
        let source = shape
        return Tensor(unchecked: target, storage).recorded([self]) { g in [try g.reshape(source)] }
    }

    /// All elements as a 1-d tensor.
    public func flatten() throws -> Tensor { try reshape([numel]) }

    /// Without size-1 dimensions (or only `dim`, which must have size 1 to be removed).
    public func squeeze(dim: Int? = nil) throws -> Tensor {
        guard let dim else { return try reshape(shape.filter { $0 != 1 }) }
        let d = try checkDim(dim, op: "squeeze")
        guard shape[d] == 1 else { return self }
        var s = shape
        s.remove(at: d)
        return try reshape(s)
    }

    /// With a size-1 dimension inserted at `dim` (0…dim).
    public func unsqueeze(dim: Int) throws -> Tensor {
        let d = dim < 0 ? dim + self.dim + 1 : dim
        guard d >= 0 && d <= self.dim else { throw TensorError.dimOutOfRange(op: "unsqueeze", dim: dim, rank: self.dim + 1) }
        var s = shape
        s.insert(1, at: d)
        return try reshape(s)
    }

    /// `length` slices of dimension `dim` starting at 0-based `start`.
    public func narrow(dim: Int, start: Int, length: Int) throws -> Tensor {
        let d = try checkDim(dim, op: "narrow")
        guard start >= 0, length >= 0, start + length <= shape[d] else {
            throw TensorError.invalid("'narrow': \(length) slices from \(start + 1) do not fit dimension \(d + 1) of size \(shape[d]) (valid starts: 1..\(shape[d]))")
        }
        let (outer, size, inner) = around(d)
        var out: [Float] = []
        out.reserveCapacity(outer * length * inner)
        for o in 0..<outer {
            let base = (o * size + start) * inner
            out.append(contentsOf: storage[base..<(base + length * inner)])
        }
        var s = shape
        s[d] = length
        let source = shape
        return Tensor(unchecked: s, out).recorded([self]) { g in
            let full = try Tensor.zeros(source)
            for o in 0..<outer {
                let base = (o * size + start) * inner
                for k in 0..<(length * inner) { full.storage[base + k] = g.storage[o * length * inner + k] }
            }
            return [full]
        }
    }

    /// The slice at 0-based `index` of `dim`, with that dimension removed.
    public func select(dim: Int, _ index: Int) throws -> Tensor {
        let d = try checkDim(dim, op: "select")
        guard index >= 0 && index < shape[d] else {
            throw TensorError.indexOutOfRange(op: "select", index: index, dim: d, size: shape[d])
        }
        return try narrow(dim: d, start: index, length: 1).squeeze(dim: d)
    }

    /// Flat offset of a 0-based multi-index, validated.
    func offset(_ index: [Int], op: String) throws -> Int {
        guard index.count == dim else {
            throw TensorError.invalid("'\(op)': \(index.count) indices for a \(dim)-d tensor")
        }
        var offset = 0
        for (k, i) in index.enumerated() {
            guard i >= 0 && i < shape[k] else { throw TensorError.indexOutOfRange(op: op, index: i, dim: k, size: shape[k]) }
            offset = offset * shape[k] + i
        }
        return offset
    }

    /// The element at a 0-based multi-index.
    public func get(_ index: [Int]) throws -> Float { storage[try offset(index, op: "get")] }

    /// Sets the element at a 0-based multi-index.
    public func set(_ index: [Int], _ value: Float) throws { storage[try offset(index, op: "set")] = value }

    /// Gather along `dim`: `out[…i…] = self[…index[…i…]…]`, with `index` holding 0-based positions and the
    /// same rank as self (other dimensions no larger than self's). Differentiable (scatter-add backward).
    public func index(dim: Int, _ index: Tensor) throws -> Tensor {
        let d = try checkDim(dim, op: "index")
        guard index.dim == self.dim, (0..<self.dim).allSatisfy({ $0 == d || index.shape[$0] <= shape[$0] }) else {
            throw TensorError.badShape(op: "index", reason: "index of shape \(Tensor.format(shape: index.shape)) does not fit \(Tensor.format(shape: shape)) along dimension \(d + 1)")
        }
        let positions = try positionsOf(index, along: d, op: "index")
        let values = positions.map { storage[$0] }
        let source = shape
        return Tensor(unchecked: index.shape, values).recorded([self]) { g in
            var full = [Float](repeating: 0, count: Shape.product(source))
            for (k, p) in positions.enumerated() { full[p] += g.storage[k] }
            return [Tensor(unchecked: source, full)]
        }
    }

    /// Flat positions in self addressed by `index` along `d` (shared by gather and scatter-add).
    func positionsOf(_ index: Tensor, along d: Int, op: String) throws -> [Int] {
        let strides = Shape.strides(shape), indexStrides = Shape.strides(index.shape)
        return try (0..<index.numel).map { flat in
            var rest = flat, position = 0
            for k in 0..<index.dim {
                let coordinate = rest / indexStrides[k]
                rest %= indexStrides[k]
                if k == d {
                    let v = index.storage[flat]
                    guard v == v.rounded(), v >= 0, Int(v) < shape[d] else {
                        throw TensorError.indexOutOfRange(op: op, index: v.isFinite ? Int(v) : -1, dim: d, size: shape[d])
                    }
                    position += Int(v) * strides[k]
                } else {
                    position += coordinate * strides[k]
                }
            }
            return position
        }
    }

    /// A copy of self with `source` added at the positions `index` gives along `dim` (scatter-add).
    public func scatterAdd(dim: Int, _ index: Tensor, _ source: Tensor) throws -> Tensor {
        let d = try checkDim(dim, op: "scatter_add")
        guard index.shape == source.shape, index.dim == self.dim else {
            throw TensorError.badShape(op: "scatter_add", reason: "index \(Tensor.format(shape: index.shape)) and source \(Tensor.format(shape: source.shape)) must have the same shape and rank as the tensor \(Tensor.format(shape: shape))")
        }
        let positions = try positionsOf(index, along: d, op: "scatter_add")
        var out = storage
        for (k, p) in positions.enumerated() { out[p] += source.storage[k] }
        let sourceShape = source.shape
        return Tensor(unchecked: shape, out).recorded([self, source]) { g in
            [g, Tensor(unchecked: sourceShape, positions.map { g.storage[$0] })]
        }
    }

    /// The elements where `mask` (broadcast to this shape) is non-zero, as a 1-d tensor.
    public func masked(_ mask: Tensor) throws -> Tensor {
        let out = try Tensor.broadcastShape(shape, mask.shape, op: "masked")
        guard out == shape else { throw TensorError.shapeMismatch(op: "masked", shape, mask.shape) }
        let m = mask.materialized(as: shape)
        let kept = (0..<numel).filter { m[$0] != 0 }
        let source = shape
        return Tensor(unchecked: [kept.count], kept.map { storage[$0] }).recorded([self]) { g in
            var full = [Float](repeating: 0, count: Shape.product(source))
            for (k, p) in kept.enumerated() { full[p] = g.storage[k] }
            return [Tensor(unchecked: source, full)]
        }
    }

    /// Concatenation along an existing dimension.
    public static func cat(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.invalid("'cat': no tensors given") }
        let d = try first.checkDim(dim, op: "cat")
        for t in tensors where t.dim != first.dim || (0..<first.dim).contains(where: { $0 != d && t.shape[$0] != first.shape[$0] }) {
            throw TensorError.shapeMismatch(op: "cat", first.shape, t.shape)
        }
        let (outer, _, inner) = first.around(d)
        var out: [Float] = []
        out.reserveCapacity(tensors.reduce(0) { $0 + $1.numel })
        for o in 0..<outer {
            for t in tensors {
                let chunk = t.shape[d] * inner
                out.append(contentsOf: t.storage[(o * chunk)..<((o + 1) * chunk)])
            }
        }
        var s = first.shape
        s[d] = tensors.reduce(0) { $0 + $1.shape[d] }
        let sizes = tensors.map { $0.shape[d] }
        return Tensor(unchecked: s, out).recorded(tensors) { g in
            var start = 0
            return try sizes.map { size in
                defer { start += size }
                return try g.narrow(dim: d, start: start, length: size)
            }
        }
    }

    /// Stacks equal-shaped tensors along a new dimension.
    public static func stack(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.invalid("'stack': no tensors given") }
        for t in tensors where t.shape != first.shape { throw TensorError.shapeMismatch(op: "stack", first.shape, t.shape) }
        return try cat(tensors.map { try $0.unsqueeze(dim: dim) }, dim: dim)
    }

    /// Pieces of at most `size` slices along `dim`.
    public func split(_ size: Int, dim: Int = 0) throws -> [Tensor] {
        let d = try checkDim(dim, op: "split")
        guard size > 0 else { throw TensorError.invalid("'split': size must be positive, got \(size)") }
        return try stride(from: 0, to: shape[d], by: size).map {
            try narrow(dim: d, start: $0, length: Swift.min(size, shape[d] - $0))
        }
    }

    /// A copy (not recorded).
    public func clone() -> Tensor { Tensor(unchecked: shape, storage) }

    /// The values as nested arrays (rows of rows …); a 0-d tensor gives its number.
    public func nestedValues() -> NestedValues {
        func build(_ level: Int, _ offset: Int) -> NestedValues {
            if level == dim { return .number(storage[offset]) }
            let step = Shape.product(shape[(level + 1)...])
            return .list((0..<shape[level]).map { build(level + 1, offset + $0 * step) })
        }
        return build(0, 0)
    }
}
