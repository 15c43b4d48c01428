#if canImport(Glibc)
import Glibc
#endif

extension Tensor {
    /// Applies `f` to every element; `derivative(x, y)` gives dy/dx for autograd (nil: not differentiable).
    @inline(__always)
    func map(_ f: (Float) -> Float, derivative: ((Float, Float) -> Float)? = nil) -> Tensor {
        let result = Tensor(unchecked: shape, Tensor.filled(numel) { y in
            storage.withUnsafeBufferPointer { x in for i in 0..<x.count { y[i] = f(x[i]) } }
        })
        guard let derivative, GradMode.enabled && tracked else { return result }
        let input = self, output = result.storage    // the values, not the tensor: a closure holding its own
        return result.recorded([self]) { g in           // result would be a reference cycle (a leak per op)
            var d = [Float](repeating: 0, count: input.numel)
            for i in 0..<d.count { d[i] = g.storage[i] * derivative(input.storage[i], output[i]) }
            return [Tensor(unchecked: input.shape, d)]
        }
    }

    /// A new array of `count` values written by `body` (no zero-filling first). Large buffers are
    /// advised to use transparent huge pages before they are touched, as NumPy does: first-touch page
    /// faults otherwise cost more than the arithmetic.
    @inline(__always)
    static func filled(_ count: Int, _ body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows -> [Float] {
        try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count >= 1 << 20, let base = buffer.baseAddress { adviseHugePages(base, bytes: count * 4) }
            try body(buffer)
            initialized = count
        }
    }

    /// madvise(MADV_HUGEPAGE) on the whole 2 MiB pages inside the buffer (a hint; failures are ignored).
    static func adviseHugePages(_ base: UnsafeMutablePointer<Float>, bytes: Int) {
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, 14)    // MADV_HUGEPAGE
    }

    /// Combines two tensors element-wise with NumPy broadcasting (no autograd; callers record).
    /// Same shapes and scalar operands run as single contiguous loops; other shapes broadcast first.
    @inline(__always)
    func combine(_ other: Tensor, op: String, _ f: (Float, Float) -> Float) throws -> Tensor {
        let out = shape == other.shape ? shape : try Tensor.broadcastShape(shape, other.shape, op: op)
        let n = Shape.product(out)
        let a = numel == n || numel == 1 ? storage : materialized(as: out)
        let b = other.numel == n || other.numel == 1 ? other.storage : other.materialized(as: out)
        let values = Tensor.filled(n) { z in
            a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { y in
                    if x.count == n && y.count == n {
                        for i in 0..<n { z[i] = f(x[i], y[i]) }
                    } else if y.count == n {
                        let s = x.first ?? 0
                        for i in 0..<n { z[i] = f(s, y[i]) }
                    } else if x.count == n {
                        let s = y.first ?? 0
                        for i in 0..<n { z[i] = f(x[i], s) }
                    } else {
                        for i in 0..<n { z[i] = f(x.first ?? 0, y.first ?? 0) }
                    }
                }
            }
        }
        return Tensor(unchecked: out, values)
    }

    /// Whether an op on `a` and `b` must be recorded.
    @inline(__always)
    static func recording(_ a: Tensor, _ b: Tensor) -> Bool { GradMode.enabled && (a.tracked || b.tracked) }

    // MARK: arithmetic (each with its backward rule beside it)

    /// `self + other`, broadcasting.
    public func adding(_ other: Tensor) throws -> Tensor {
        let (a, b) = (self, other)
        let r = try combine(other, op: "+", +)
        guard Tensor.recording(a, b) else { return r }
        return r.recorded([a, b]) { g in [try g.sum(to: a.shape), try g.sum(to: b.shape)] }
    }

    /// `self - other`, broadcasting.
    public func subtracting(_ other: Tensor) throws -> Tensor {
        let (a, b) = (self, other)
        let r = try combine(other, op: "-", -)
        guard Tensor.recording(a, b) else { return r }
        return r.recorded([a, b]) { g in [try g.sum(to: a.shape), try g.negated().sum(to: b.shape)] }
    }

    /// `self * other`, element-wise with broadcasting.
    public func multiplying(_ other: Tensor) throws -> Tensor {
        let (a, b) = (self, other)
        let r = try combine(other, op: "*", *)
        guard Tensor.recording(a, b) else { return r }
        return r.recorded([a, b]) { g in
            [try g.multiplying(b).sum(to: a.shape), try g.multiplying(a).sum(to: b.shape)]
        }
    }

    /// `self / other`, element-wise with broadcasting.
    public func dividing(_ other: Tensor) throws -> Tensor {
        let (a, b) = (self, other)
        let r = try combine(other, op: "/", /)
        guard Tensor.recording(a, b) else { return r }
        return r.recorded([a, b]) { g in
            [try g.dividing(b).sum(to: a.shape),
             try g.multiplying(a).dividing(b.multiplying(b)).negated().sum(to: b.shape)]
        }
    }

    /// `self ^ other`, element-wise with broadcasting.
    public func power(_ other: Tensor) throws -> Tensor {
        let (a, b) = (self, other)
        let y = try combine(other, op: "pow") { powf($0, $1) }
        let value = y.detach()                          // not `y`: its own closure would keep it alive
        return y.recorded([a, b]) { g in
            let da = try b.multiplying(a.power(b.subtracting(Tensor(scalar: 1))))
            let db = try value.multiplying(a.map { $0 > 0 ? logf($0) : 0 })
            return [try g.multiplying(da).sum(to: a.shape), try g.multiplying(db).sum(to: b.shape)]
        }
    }

    /// Element-wise maximum, broadcasting (the gradient goes to the larger operand; ties to `self`).
    public func maximum(_ other: Tensor) throws -> Tensor {
        let (a, b) = (self, other)
        return try combine(other, op: "maximum") { Swift.max($0, $1) }.recorded([a, b]) { g in
            let mask = try a.combine(b, op: "maximum") { $0 >= $1 ? 1 : 0 }
            return [try g.multiplying(mask).sum(to: a.shape), try g.multiplying(mask.map { 1 - $0 }).sum(to: b.shape)]
        }
    }

    /// Element-wise minimum, broadcasting (the gradient goes to the smaller operand; ties to `self`).
    public func minimum(_ other: Tensor) throws -> Tensor {
        let (a, b) = (self, other)
        return try combine(other, op: "minimum") { Swift.min($0, $1) }.recorded([a, b]) { g in
            let mask = try a.combine(b, op: "minimum") { $0 <= $1 ? 1 : 0 }
            return [try g.multiplying(mask).sum(to: a.shape), try g.multiplying(mask.map { 1 - $0 }).sum(to: b.shape)]
        }
    }

    /// `-self`.
    public func negated() -> Tensor { map({ -$0 }, derivative: { _, _ in -1 }) }

    // MARK: unary math

    /// e^x (vectorised).
    public func exp() -> Tensor {
        let result = Tensor(unchecked: shape, Tensor.filled(numel) { y in
            storage.withUnsafeBufferPointer { VectorMath.exp($0, into: y) }
        })
        guard GradMode.enabled && tracked else { return result }
        let output = result.detach()                    // not `result`: its own closure would keep it alive
        return result.recorded([self]) { g in [try g.multiplying(output)] }
    }
    /// Natural logarithm.
    public func log() -> Tensor { map({ logf($0) }, derivative: { x, _ in 1 / x }) }
    /// log(1 + x), accurate near 0.
    public func log1p() -> Tensor { map({ log1pf($0) }, derivative: { x, _ in 1 / (1 + x) }) }
    /// Square root.
    public func sqrt() -> Tensor { map({ sqrtf($0) }, derivative: { _, y in 0.5 / y }) }
    /// Absolute value.
    public func abs() -> Tensor { map({ Swift.abs($0) }, derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }) }
    /// -1, 0 or 1.
    public func sign() -> Tensor { map({ $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, derivative: { _, _ in 0 }) }
    /// 1 / (1 + e^-x) (vectorised; e^-x overflowing to infinity gives exactly 0).
    public func sigmoid() -> Tensor {
        let result = Tensor(unchecked: shape, Tensor.filled(numel) { y in
            storage.withUnsafeBufferPointer { VectorMath.exp($0, into: y, scale: -1) }
            for i in 0..<y.count { y[i] = 1 / (1 + y[i]) }
        })
        guard GradMode.enabled && tracked else { return result }
        let output = result.detach()                    // not `result`: its own closure would keep it alive
        return result.recorded([self]) { g in [try g.multiplying(output.map { $0 * (1 - $0) })] }
    }
    /// Hyperbolic tangent.
    public func tanh() -> Tensor { map({ tanhf($0) }, derivative: { _, y in 1 - y * y }) }
    /// max(x, 0).
    public func relu() -> Tensor {
        let result = Tensor(unchecked: shape, Tensor.filled(numel) { y in
            storage.withUnsafeBufferPointer { x in for i in 0..<x.count { y[i] = Swift.max(x[i], 0) } }
        })
        guard GradMode.enabled && tracked else { return result }
        let input = storage                             // the gradient is g·[x > 0], in one loop the compiler vectorises
        return result.recorded([self]) { g in
            [Tensor(unchecked: g.shape, Tensor.filled(g.numel) { d in
                g.storage.withUnsafeBufferPointer { gb in
                    input.withUnsafeBufferPointer { x in for i in 0..<d.count { d[i] = gb[i] * (x[i] > 0 ? 1 : 0) } }
                }
            })]
        }
    }
    /// x^p for a number p.
    public func pow(_ p: Float) -> Tensor { map({ powf($0, p) }, derivative: { x, _ in p * powf(x, p - 1) }) }
    /// Values limited to [low, high] (either bound may be nil).
    public func clamp(_ low: Float?, _ high: Float?) -> Tensor {
        let lo = low ?? -.infinity, hi = high ?? .infinity
        return map({ Swift.min(Swift.max($0, lo), hi) }, derivative: { x, _ in x >= lo && x <= hi ? 1 : 0 })
    }
    /// Rounded down.
    public func floor() -> Tensor { map({ floorf($0) }, derivative: { _, _ in 0 }) }
    /// Rounded to nearest, halves to even (as NumPy).
    public func round() -> Tensor { map({ $0.rounded(.toNearestOrEven) }, derivative: { _, _ in 0 }) }

    // MARK: comparisons (0/1 results, not differentiable)

    /// 1 where self > other.
    public func gt(_ other: Tensor) throws -> Tensor { try combine(other, op: "gt") { $0 > $1 ? 1 : 0 } }
    /// 1 where self ≥ other.
    public func ge(_ other: Tensor) throws -> Tensor { try combine(other, op: "ge") { $0 >= $1 ? 1 : 0 } }
    /// 1 where self < other.
    public func lt(_ other: Tensor) throws -> Tensor { try combine(other, op: "lt") { $0 < $1 ? 1 : 0 } }
    /// 1 where self ≤ other.
    public func le(_ other: Tensor) throws -> Tensor { try combine(other, op: "le") { $0 <= $1 ? 1 : 0 } }
    /// 1 where self == other.
    public func eq(_ other: Tensor) throws -> Tensor { try combine(other, op: "eq") { $0 == $1 ? 1 : 0 } }
    /// 1 where self ≠ other.
    public func ne(_ other: Tensor) throws -> Tensor { try combine(other, op: "ne") { $0 != $1 ? 1 : 0 } }

    /// `a` where `condition` is non-zero, else `b` (all three broadcast together); differentiable in a and b.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let out = try broadcastShape(broadcastShape(condition.shape, a.shape, op: "where"), b.shape, op: "where")
        let c = condition.materialized(as: out), x = a.materialized(as: out), y = b.materialized(as: out)
        let values = (0..<c.count).map { c[$0] != 0 ? x[$0] : y[$0] }
        return Tensor(unchecked: out, values).recorded([a, b]) { g in
            let mask = Tensor(unchecked: out, c.map { $0 != 0 ? 1 : 0 })
            return [try g.multiplying(mask).sum(to: a.shape), try g.multiplying(mask.map { 1 - $0 }).sum(to: b.shape)]
        }
    }

    // MARK: in place (method forms that mutate, Torch7's rule)

    /// Sets every element to `value`; returns self.
    @discardableResult
    public func fill(_ value: Float) -> Tensor {
        storage.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] = value } }
        return self
    }

    /// Copies `other`'s values (broadcast to this shape) into self; returns self.
    @discardableResult
    public func copy(from other: Tensor) throws -> Tensor {
        let out = try Tensor.broadcastShape(shape, other.shape, op: "copy")
        guard out == shape else { throw TensorError.shapeMismatch(op: "copy", shape, other.shape) }
        storage = other.materialized(as: shape)
        return self
    }

    /// Adds `other` (broadcast to this shape) into self; returns self.
    @discardableResult
    public func addInPlace(_ other: Tensor) throws -> Tensor {
        let out = try Tensor.broadcastShape(shape, other.shape, op: "add")
        guard out == shape else { throw TensorError.shapeMismatch(op: "add", shape, other.shape) }
        let b = other.materialized(as: shape)
        storage.withUnsafeMutableBufferPointer { a in for i in 0..<a.count { a[i] += b[i] } }
        return self
    }
}
