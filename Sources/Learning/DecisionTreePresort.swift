import Tensors

/// Each feature's rows in increasing order of its values, computed once per feature matrix and shared by the
/// copies of one tree (`blank()`): a reduction refits the same matrix with new weights dozens of times, and the
/// sort is the only part of a fit that is not linear in the rows.
final class DecisionTreePresort {
    /// The matrix the order was computed for (weak: the cache never keeps training data alive) and its version.
    private weak var source: Tensor?
    private var sourceVersion = -1
    /// Row indices, feature after feature: `order[f * n ..< (f + 1) * n]` sorts column f (ties by row).
    private var order: [Int32] = []

    /// The sorted rows of every column of `x` (rows × features, at most Int32.max rows).
    func sorted(_ x: Tensor) -> [Int32] {
        if let s = source, s === x, s.version == sourceVersion, order.count == x.storage.count { return order }
        let n = x.shape[0], d = x.shape[1]
        var result = [Int32](repeating: 0, count: n * d)
        var keys = [UInt64](repeating: 0, count: n)
        x.storage.withUnsafeBufferPointer { xs in
            result.withUnsafeMutableBufferPointer { out in
                for f in 0..<d {
                    // One 64-bit key per row: the value's bits made order-preserving, then the row.
                    for i in 0..<n {
                        let bits = xs[i &* d &+ f].bitPattern
                        let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
                        keys[i] = UInt64(ordered) << 32 | UInt64(i)
                    }
                    keys.sort()
                    for i in 0..<n { out[f &* n &+ i] = Int32(truncatingIfNeeded: keys[i]) }
                }
            }
        }
        source = x
        sourceVersion = x.version
        order = result
        return result
    }
}
