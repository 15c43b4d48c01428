import Tensors

/// Each feature's distinct values, and every row's values as bins of them, computed once per feature matrix and
/// shared by the copies of one tree (`blank()`): a reduction refits the same matrix with new weights dozens of
/// times, and this is the only part of a fit that is not linear in the rows. A row lists only the features where
/// it is off that feature's most common value (one-hot designs: Adult's 97 columns hold about 12 such entries a
/// row), so a node's class-weight histograms cost its rows times those entries, and the most common bin of each
/// feature is the node's total minus the others.
final class DecisionTreeBins {
    /// The bins of one matrix.
    struct Table {
        /// Feature f's distinct values in increasing order are `levels[offsets[f] ..< offsets[f + 1]]`; a bin is
        /// an index into `levels`.
        var levels: [Double] = [], offsets: [Int] = [0]
        /// The bin of each feature's most common value (the lowest such value on ties).
        var defaults: [Int] = []
        /// Row i's bins other than the defaults, feature by feature: `bins[rowStart[i] ..< rowStart[i + 1]]`.
        var rowStart: [Int] = [0], bins: [Int32] = []
        /// The matrix's values feature after feature, `values[f * rows + i]`: a split's partition reads one feature.
        var values: [Float] = []
    }

    /// The matrix the bins were computed for (weak: the cache never keeps training data alive) and its version.
    private weak var source: Tensor?
    private var sourceVersion = -1
    private var table = Table()

    /// Whether the bins of `x`, unchanged since, are kept (its values were then checked already).
    func holds(_ x: Tensor) -> Bool {
        if let s = source, s === x, s.version == sourceVersion, table.rowStart.count == x.shape[0] + 1 { return true }
        return false
    }

    /// The bins of `x` (rows × features, finite, at most Int32.max rows and bins).
    func bins(_ x: Tensor) -> Table {
        if holds(x) { return table }
        let n = x.shape[0], d = x.shape[1]
        var result = Table()
        var codes = [Int32](repeating: 0, count: n * d)     // feature after feature: the local bin of each row
        var keys = [UInt64](repeating: 0, count: n)
        var counts: [Int] = []
        let values = x.storage.withUnsafeBufferPointer { FeatureMajor.transposed($0, rows: n, features: d) }
        values.withUnsafeBufferPointer { xs in
            codes.withUnsafeMutableBufferPointer { out in
                for f in 0..<d {
                    let column = out.baseAddress.map { $0 + f &* n }
                    guard let column else { return }
                    var levels: [Float] = []
                    // Columns of a few values (one-hot, flags) by a short scan; others by one sort of (value, row).
                    var few = true
                    for i in 0..<n {
                        let v = xs[f &* n &+ i]
                        if !levels.contains(v) {
                            if levels.count == 8 { few = false; break }
                            levels.append(v)
                        }
                    }
                    if few {
                        levels.sort()
                        for i in 0..<n {
                            let v = xs[f &* n &+ i]
                            var b = 0
                            while levels[b] != v { b &+= 1 }
                            column[i] = Int32(b)
                        }
                    } else {
                        levels = []
                        for i in 0..<n {
                            // The value's bits made order-preserving, then the row.
                            let bits = xs[f &* n &+ i].bitPattern
                            let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
                            keys[i] = UInt64(ordered) << 32 | UInt64(i)
                        }
                        keys.sort()
                        for key in keys {
                            let row = Int(truncatingIfNeeded: key & 0xFFFF_FFFF), v = xs[f &* n &+ row]
                            if levels.last != v { levels.append(v) }
                            column[row] = Int32(levels.count - 1)
                        }
                    }
                    counts = [Int](repeating: 0, count: levels.count)
                    for i in 0..<n { counts[Int(column[i])] &+= 1 }
                    var common = 0
                    for b in counts.indices where counts[b] > counts[common] { common = b }
                    result.defaults.append(result.levels.count + common)
                    result.levels += levels.map(Double.init)
                    result.offsets.append(result.levels.count)
                }
            }
        }
        let (offsets, defaults) = (result.offsets, result.defaults)
        (result.rowStart, result.bins) = codes.withUnsafeBufferPointer { c in
            FeatureMajor.rowEntries(c, rows: n, features: d, isDefault: { offsets[$0] + Int($1) == defaults[$0] }, slot: { Int32(offsets[$0] + Int($1)) })
        }
        source = x
        sourceVersion = x.version
        result.values = values
        table = result
        return result
    }
}
