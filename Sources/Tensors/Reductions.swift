extension Tensor {
    /// The scalar value of a one-element tensor.
    public func item() throws -> Float {
        guard numel == 1 else {
            throw TensorError.invalid("'item': the tensor has \(numel) elements (shape \(Tensor.format(shape: shape))); only one-element tensors convert to a number")
        }
        return storage[0]
    }

    /// Splits the shape around dimension `d`: (product before, size of d, product after).
    func around(_ d: Int) -> (outer: Int, size: Int, inner: Int) {
        (Shape.product(shape[..<d]), shape[d], Shape.product(shape[(d + 1)...]))
    }

    /// Shape after reducing dimension `d`.
    func reducedShape(_ d: Int, keepdim: Bool) -> [Int] {
        var s = shape
        if keepdim { s[d] = 1 } else { s.remove(at: d) }
        return s
    }

    /// Folds dimension `d` with `f(values along d) -> result`, one result per (outer, inner) position.
    func fold(_ d: Int, keepdim: Bool, _ f: (UnsafeBufferPointer<Float>, Int) -> Float) -> Tensor {
        let (outer, size, inner) = around(d)
        var out = [Float](repeating: 0, count: outer * inner)
        var line = [Float](repeating: 0, count: size)
        storage.withUnsafeBufferPointer { x in
            line.withUnsafeMutableBufferPointer { l in
                for o in 0..<outer {
                    for i in 0..<inner {
                        let base = o * size * inner + i
                        for k in 0..<size { l[k] = x[base + k * inner] }
                        out[o * inner + i] = f(UnsafeBufferPointer(l), size)
                    }
                }
            }
        }
        return Tensor(unchecked: reducedShape(d, keepdim: keepdim), out)
    }

    /// Sum of a buffer: blocks of 4096 values summed with 16 SIMD lanes, block totals added in Double
    /// (as accurate as NumPy's pairwise summation for practical sizes, and as fast).
    static func sum(_ p: UnsafeBufferPointer<Float>) -> Float {
        guard let base = p.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var total = 0.0
        var start = 0
        while start < p.count {
            let end = Swift.min(start + 4096, p.count)
            var acc = SIMD16<Float>(repeating: 0)
            var i = start
            while i + 16 <= end {
                acc += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
                i += 16
            }
            var block = acc.sum()
            while i < end { block += p[i]; i += 1 }
            total += Double(block)
            start = end
        }
        return Float(total)
    }

    /// Sum of all elements (a 0-d tensor), or along 0-based `dim`.
    public func sum(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        let source = shape
        guard let dim else {
            let s = storage.withUnsafeBufferPointer { Tensor.sum($0) }
            return Tensor(unchecked: [], [s]).recorded([self]) { g in [try g.expand(source)] }
        }
        let d = try checkDim(dim, op: "sum")
        let kept = reducedShape(d, keepdim: true)
        return fold(d, keepdim: keepdim) { p, _ in Tensor.sum(p) }.recorded([self]) { g in
            [try g.reshape(kept).expand(source)]
        }
    }

    /// Mean of all elements, or along `dim`.
    public func mean(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        let n = try dim.map { shape[try checkDim($0, op: "mean")] } ?? numel
        guard n > 0 else { throw TensorError.invalid("'mean': the tensor is empty") }
        return try sum(dim: dim, keepdim: keepdim).multiplying(Tensor(scalar: 1 / Float(n)))
    }

    /// Variance (unbiased: divides by n − 1 unless `unbiased` is false), of all elements or along `dim`.
    public func variance(dim: Int? = nil, keepdim: Bool = false, unbiased: Bool = true) throws -> Tensor {
        let n = try dim.map { shape[try checkDim($0, op: "var")] } ?? numel
        let denominator = unbiased ? n - 1 : n
        guard denominator > 0 else { throw TensorError.invalid("'var': needs at least \(unbiased ? 2 : 1) values") }
        let centred = try subtracting(mean(dim: dim, keepdim: true))
        return try centred.multiplying(centred).sum(dim: dim, keepdim: keepdim)
            .multiplying(Tensor(scalar: 1 / Float(denominator)))
    }

    /// Standard deviation (unbiased by default).
    public func std(dim: Int? = nil, keepdim: Bool = false, unbiased: Bool = true) throws -> Tensor {
        try variance(dim: dim, keepdim: keepdim, unbiased: unbiased).sqrt()
    }

    /// Product of all elements, or along `dim`. The gradient of each element is the product of the
    /// others in its slice (computed directly, so zeros are handled).
    public func prod(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        let input = self
        guard let dim else {
            return Tensor(unchecked: [], [storage.reduce(1, *)]).recorded([self]) { g in
                [Tensor(unchecked: input.shape, Tensor.productsOfOthers(input.storage).map { $0 * g.storage[0] })]
            }
        }
        let d = try checkDim(dim, op: "prod")
        let kept = reducedShape(d, keepdim: true)
        return fold(d, keepdim: keepdim) { p, _ in p.reduce(1, *) }.recorded([self]) { g in
            let (outer, size, inner) = input.around(d)
            let expanded = try g.reshape(kept).expand(input.shape)
            var out = [Float](repeating: 0, count: input.numel)
            for o in 0..<outer {
                for i in 0..<inner {
                    let positions = (0..<size).map { o * size * inner + $0 * inner + i }
                    for (k, q) in Tensor.productsOfOthers(positions.map { input.storage[$0] }).enumerated() {
                        out[positions[k]] = q * expanded.storage[positions[k]]
                    }
                }
            }
            return [Tensor(unchecked: input.shape, out)]
        }
    }

    /// For each value, the product of all the others (prefix and suffix products, no division).
    static func productsOfOthers(_ values: [Float]) -> [Float] {
        var out = [Float](repeating: 1, count: values.count)
        var prefix: Float = 1
        for k in values.indices { out[k] = prefix; prefix *= values[k] }
        var suffix: Float = 1
        for k in values.indices.reversed() { out[k] *= suffix; suffix *= values[k] }
        return out
    }

    /// Index of the extreme (first one on ties) along `dim`, or over all elements (flat index); 0-based.
    func argExtreme(dim: Int?, keepdim: Bool, op: String, _ better: (Float, Float) -> Bool) throws -> Tensor {
        guard numel > 0 else { throw TensorError.invalid("'\(op)': the tensor is empty") }
        func best(_ p: UnsafeBufferPointer<Float>) -> Int {
            var k = 0
            for i in 1..<Swift.max(p.count, 1) where better(p[i], p[k]) || (p[i].isNaN && !p[k].isNaN) { k = i }
            return k
        }
        guard let dim else { return Tensor(unchecked: [], [Float(storage.withUnsafeBufferPointer(best))]) }
        let d = try checkDim(dim, op: op)
        guard shape[d] > 0 else { throw TensorError.invalid("'\(op)': dimension \(d + 1) is empty") }
        return fold(d, keepdim: keepdim) { p, _ in Float(best(p)) }
    }

    /// 0-based index of the maximum.
    public func argmax(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try argExtreme(dim: dim, keepdim: keepdim, op: "argmax", >)
    }

    /// 0-based index of the minimum.
    public func argmin(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try argExtreme(dim: dim, keepdim: keepdim, op: "argmin", <)
    }

    /// Maximum of all elements or along `dim` (the gradient flows to the first maximum).
    public func max(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try extreme(dim: dim, keepdim: keepdim, arg: argmax(dim: dim, keepdim: true))
    }

    /// Minimum of all elements or along `dim`.
    public func min(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try extreme(dim: dim, keepdim: keepdim, arg: argmin(dim: dim, keepdim: true))
    }

    private func extreme(dim: Int?, keepdim: Bool, arg: Tensor) throws -> Tensor {
        guard let dim else {
            let k = Int(arg.storage[0])
            let source = shape
            return Tensor(unchecked: [], [storage[k]]).recorded([self]) { g in
                var d = [Float](repeating: 0, count: Shape.product(source))
                d[k] = g.storage[0]
                return [Tensor(unchecked: source, d)]
            }
        }
        let d = try checkDim(dim, op: "max")
        let picked = try index(dim: d, arg).squeezedIf(!keepdim, d)
        return picked
    }

    private func squeezedIf(_ flag: Bool, _ d: Int) throws -> Tensor { flag ? try squeeze(dim: d) : self }

    /// Running sum along `dim`.
    public func cumsum(dim: Int) throws -> Tensor {
        let d = try checkDim(dim, op: "cumsum")
        let (outer, size, inner) = around(d)
        var out = storage
        for o in 0..<outer {
            for i in 0..<inner {
                var acc: Float = 0
                for k in 0..<size {
                    let j = o * size * inner + k * inner + i
                    acc += out[j]
                    out[j] = acc
                }
            }
        }
        return Tensor(unchecked: shape, out).recorded([self]) { g in
            // d(cumsum)/dx: each input receives the sum of the gradients at and after its position.
            var back = g.storage
            for o in 0..<outer {
                for i in 0..<inner {
                    var acc: Float = 0
                    for k in stride(from: size - 1, through: 0, by: -1) {
                        let j = o * size * inner + k * inner + i
                        acc += back[j]
                        back[j] = acc
                    }
                }
            }
            return [Tensor(unchecked: g.shape, back)]
        }
    }

    /// Values sorted along `dim` (stable) and their 0-based source indices; values are differentiable.
    public func sort(dim: Int = -1, descending: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        guard dim != -1 || self.dim > 0 else { return (self, Tensor(unchecked: [], [0])) }
        let d = try checkDim(dim, op: "sort")
        let (outer, size, inner) = around(d)
        var indices = [Float](repeating: 0, count: numel)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * size * inner + i
                let order = (0..<size).sorted { a, b in
                    let x = storage[base + a * inner], y = storage[base + b * inner]
                    if x == y { return a < b }
                    return descending ? x > y : x < y
                }
                for (k, src) in order.enumerated() { indices[base + k * inner] = Float(src) }
            }
        }
        let order = Tensor(unchecked: shape, indices)
        return (try index(dim: d, order), order)
    }

    /// The `k` largest (or smallest) values along `dim` and their 0-based indices.
    public func topk(_ k: Int, dim: Int = -1, largest: Bool = true) throws -> (values: Tensor, indices: Tensor) {
        let d = try checkDim(dim, op: "topk")
        guard k >= 0 && k <= shape[d] else {
            throw TensorError.invalid("'topk': k = \(k) but dimension \(d + 1) has size \(shape[d])")
        }
        let (values, indices) = try sort(dim: d, descending: largest)
        return (try values.narrow(dim: d, start: 0, length: k), try indices.narrow(dim: d, start: 0, length: k))
    }

    /// Distinct values (sorted; NaN counted once, last) and how often each occurs.
    public func unique() -> (values: Tensor, counts: Tensor) {
        // Sorted, then runs counted. NaNs count as one value, last, as in NumPy: NaN equals nothing, so in a
        // dictionary each would be a key of its own (all with one hash: quadratic), and it breaks sorting.
        let sorted = storage.filter { !$0.isNaN }.sorted()
        var values: [Float] = [], counts: [Int] = []
        for v in sorted {
            if values.last == v { counts[counts.count - 1] += 1 } else { values.append(v); counts.append(1) }
        }
        if sorted.count < numel { values.append(.nan); counts.append(numel - sorted.count) }
        return (Tensor(values), Tensor(counts.map(Float.init)))
    }
}
