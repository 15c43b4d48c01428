/// Overflow-checked shape arithmetic: the one place element counts, strides and byte sizes are computed
/// from sizes a script or a file can set.
///
/// A valid shape has non-negative sizes whose product, counting a 0 as a 1, fits in the memory the
/// process may use. Counting zeros as ones keeps an empty tensor such as `[2^62, 0]` from turning into a
/// huge one when a reduction removes its empty dimension; every sub-product of a valid shape is then
/// safe to compute without checks.
public enum Shape {
    /// The element count of `shape`, or an error naming `op` when a size is negative, the product
    /// overflows, or the values cannot fit in memory (see `MemoryLimit`).
    public static func elementCount(_ shape: [Int], op: String, elementSize: Int = 4) throws -> Int {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.badShape(op: op, reason: "negative size in \(Tensor.format(shape: shape))")
        }
        let capacity = try product(shape.map { Swift.max($0, 1) }, op: op, shape: shape)
        _ = try byteCount(capacity, elementSize: elementSize, op: op, shape: shape)
        return shape.contains(0) ? 0 : capacity
    }

    /// `a × b` for sizes, or an error naming `op` when it overflows.
    public static func multiply(_ a: Int, _ b: Int, op: String) throws -> Int {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw TensorError.badShape(op: op, reason: "\(a) × \(b) is too large") }
        return p
    }

    /// `a + b` for sizes, or an error naming `op` when it overflows.
    public static func add(_ a: Int, _ b: Int, op: String) throws -> Int {
        let (s, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw TensorError.badShape(op: op, reason: "\(a) + \(b) is too large") }
        return s
    }

    /// Bytes for `count` values of `elementSize` bytes, refused when they overflow or cannot fit in memory.
    public static func byteCount(_ count: Int, elementSize: Int, op: String, shape: [Int]? = nil) throws -> Int {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
        let what = shape.map(Tensor.format(shape:)) ?? "\(count) values"
        guard !overflow else { throw TensorError.badShape(op: op, reason: "\(what) has too many elements") }
        try MemoryLimit.check(bytes: bytes, op: op, what: what)
        return bytes
    }

    /// Product of sizes already known to be valid (a sub-shape of a valid shape).
    static func product<C: Collection>(_ sizes: C) -> Int where C.Element == Int { sizes.reduce(1, &*) }

    /// Row-major strides of a valid shape.
    static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for k in stride(from: shape.count - 1, through: 0, by: -1) {
            s[k] = acc
            acc = acc &* Swift.max(shape[k], 1)
        }
        return s
    }

    private static func product(_ sizes: [Int], op: String, shape: [Int]) throws -> Int {
        var n = 1
        for size in sizes {
            let (p, overflow) = n.multipliedReportingOverflow(by: size)
            guard !overflow else { throw TensorError.badShape(op: op, reason: "\(Tensor.format(shape: shape)) has too many elements") }
            n = p
        }
        return n
    }
}
