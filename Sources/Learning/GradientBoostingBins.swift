import Dispatch
import Tensors

/// Each feature's values cut into at most `maxBins` bins once, before boosting (LightGBM's bin mappers):
/// with few distinct values each is its own bin; otherwise bins of about equal row counts, never splitting a
/// value. A bin's upper bound is the midpoint to the next distinct value, so `x ≤ bound` is the split rule on
/// raw values; the last bound is +∞. Codes are stored feature after feature, and each row's non-default ones also row
/// after row (`sparseSlots`), which a histogram pass over every feature reads; each feature's most frequent bin is
/// its default, which histograms fill by subtraction.
struct GradientBoostingBins {
    /// Rows and features.
    let rows: Int, features: Int
    /// Each feature's bin upper bounds, increasing.
    let bounds: [[Double]]
    /// Bin codes, feature after feature: `columns[f * rows + i]` (a split's partition reads one feature of many rows).
    let columns: [UInt8]
    /// Each feature's most frequent bin (the lowest on a tie).
    let defaultBin: [UInt8]
    /// The first histogram slot of each feature, and the slots in all (Σ bins).
    let offsets: [Int]
    let slots: Int
    /// Each row's codes other than its features' defaults, as histogram slots (offsets[f] + bin), row after row: row
    /// i's are `sparseSlots[sparseStart[i]..<sparseStart[i + 1]]` (one-hot columns are mostly at their default, so a
    /// histogram over every feature reads a few entries per row instead of every feature's code).
    let sparseStart: [Int], sparseSlots: [Int32]

    /// A feature's distinct values (`xs`, one per row) when there are at most `limit` (nil beyond): the values sorted,
    /// each row's index into the values in order of first appearance, and that index's rank in the sorted values (0 and
    /// −0 are one value).
    static func fewValues(_ xs: UnsafeBufferPointer<Float>, atMost limit: Int)
        -> (values: [Float], codes: [UInt8], rank: [UInt8])? {
        let n = xs.count
        var codes = [UInt8](repeating: 0, count: n)
        // A 0/1 column (a one-hot level), the usual case, in one pass without a lookup.
        var binary = true, ones = 0
        for i in 0..<n {
            let v = xs[i]
            guard v == 0 || v == 1 else { binary = false; break }
            codes[i] = v == 1 ? 1 : 0
            ones &+= Int(codes[i])
        }
        if binary {
            let values: [Float] = ones == 0 ? [0] : ones == n ? [1] : [0, 1]
            return (values, ones == n ? [UInt8](repeating: 0, count: n) : codes, values.count == 2 ? [0, 1] : [0])
        }
        var seen: [Float] = [], index: [UInt32: UInt8] = [:]
        for i in 0..<n {
            let v = xs[i]
            // A scan of the few values seen so far, else a hash of the value's bits (−0 as 0).
            if let k = seen.count <= 8 ? seen.firstIndex(of: v) : index[(v == 0 ? 0 : v).bitPattern].map(Int.init) {
                codes[i] = UInt8(k)
                continue
            }
            guard seen.count < limit else { return nil }
            index[(v == 0 ? 0 : v).bitPattern] = UInt8(seen.count)
            codes[i] = UInt8(seen.count)
            seen.append(v)
        }
        let order = seen.indices.sorted { seen[$0] < seen[$1] }
        var rank = [UInt8](repeating: 0, count: seen.count)
        for (r, k) in order.enumerated() { rank[k] = UInt8(r) }
        return (order.map { seen[$0] }, codes, rank)
    }

    /// One feature's bins from its values `xs` (one per row): the upper bounds and the default (most frequent; the
    /// lowest on a tie); each row's code is written to `codes`.
    static func binned(_ xs: UnsafeBufferPointer<Float>, maxBins: Int,
                       into codes: UnsafeMutableBufferPointer<UInt8>) -> (bounds: [Double], defaultBin: UInt8) {
        let n = xs.count
        func mostFrequent(_ inBins: [Int]) -> UInt8 {
            UInt8(inBins.indices.max { inBins[$0] < inBins[$1] || (inBins[$0] == inBins[$1] && $0 > $1) } ?? 0)
        }
        // A feature of at most maxBins distinct values (one-hot columns, small integers) needs no sort: each value
        // is its own bin, in increasing order.
        if let few = fewValues(xs, atMost: maxBins) {
            var inBins = [Int](repeating: 0, count: few.values.count)
            for i in 0..<n {
                let bin = few.rank[Int(few.codes[i])]
                codes[i] = bin
                inBins[Int(bin)] += 1
            }
            let bounds = few.values.indices.map { j in j + 1 < few.values.count ? Double(few.values[j]) / 2 + Double(few.values[j + 1]) / 2 : .infinity }
            return (bounds, mostFrequent(inBins))
        }
        var keys = [UInt64](repeating: 0, count: n)
        for i in 0..<n {
            let bits = xs[i].bitPattern
            keys[i] = UInt64(bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000) << 32 | UInt64(i)
        }
        keys.sort()
        // Distinct values and their row counts, in increasing order.
        var values: [Float] = [], counts: [Int] = []
        for k in 0..<n {
            let v = xs[Int(keys[k] & 0xFFFF_FFFF)]
            if let last = values.last, last == v { counts[counts.count - 1] += 1 } else {
                values.append(v)
                counts.append(1)
            }
        }
        // Close a bin after value j when it holds its share of the remaining rows.
        var upper: [Double] = [], lastOfBin: [Int] = []
        if values.count <= maxBins {
            lastOfBin = Array(values.indices)
        } else {
            var remaining = n, inBin = 0
            for j in values.indices {
                inBin += counts[j]
                let binsLeft = maxBins - lastOfBin.count
                let valuesLeft = values.count - j - 1
                if j == values.count - 1 || valuesLeft < binsLeft || (binsLeft > 1 && Double(inBin) >= Double(remaining) / Double(binsLeft)) {
                    lastOfBin.append(j)
                    remaining -= inBin
                    inBin = 0
                }
            }
        }
        for j in lastOfBin {
            upper.append(j + 1 < values.count ? Double(values[j]) / 2 + Double(values[j + 1]) / 2 : .infinity)
        }
        // Codes by walking the sorted rows.
        var bin = 0, inBins = [Int](repeating: 0, count: upper.count)
        for k in 0..<n {
            let row = Int(keys[k] & 0xFFFF_FFFF)
            while Double(xs[row]) > upper[bin] { bin += 1 }
            codes[row] = UInt8(bin)
            inBins[bin] += 1
        }
        return (upper, mostFrequent(inBins))
    }

    /// The bins of `x` (rows × features, finite values), at most `maxBins` (2…255) per feature; the features are
    /// binned on both cores.
    init(_ x: Tensor, maxBins: Int) {
        let n = x.shape[0], d = x.shape[1]
        rows = n
        features = d
        var binned = [(bounds: [Double], defaultBin: UInt8)](repeating: ([], 0), count: d)
        var columns = [UInt8](repeating: 0, count: n * d)
        // Each thread bins half of the features, 16 at a time gathered into its own feature-major buffer (so that each
        // feature is read contiguously, without a copy of the whole matrix).
        x.storage.withUnsafeBufferPointer { xs in
            binned.withUnsafeMutableBufferPointer { out in
                columns.withUnsafeMutableBufferPointer { columns in
                    nonisolated(unsafe) let (xs, out, columns) = (xs, out, columns)   // each feature is written by one thread
                    let half = (d + 1) / 2
                    DispatchQueue.concurrentPerform(iterations: d > 1 ? 2 : 1) { part in
                        let features = d > 1 ? (part == 0 ? 0..<half : half..<d) : 0..<d
                        var buffer = [Float](repeating: 0, count: n * 16)
                        buffer.withUnsafeMutableBufferPointer { buffer in
                            for first in stride(from: features.lowerBound, to: features.upperBound, by: 16) {
                                let block = first..<min(first + 16, features.upperBound)
                                FeatureMajor.gather(xs, rows: n, features: d, block, into: buffer)
                                for (j, f) in block.enumerated() {
                                    out[f] = Self.binned(UnsafeBufferPointer(rebasing: buffer[(j * n)..<(j * n + n)]), maxBins: maxBins,
                                                         into: UnsafeMutableBufferPointer(rebasing: columns[(f * n)..<(f * n + n)]))
                                }
                            }
                        }
                    }
                }
            }
        }
        let bounds = binned.map(\.bounds), defaults = binned.map(\.defaultBin)
        self.bounds = bounds
        self.columns = columns
        defaultBin = defaults
        var offsets: [Int] = [], total = 0
        for b in bounds {
            offsets.append(total)
            total += b.count
        }
        self.offsets = offsets
        slots = total
        let (start, entries) = columns.withUnsafeBufferPointer { c in
            FeatureMajor.rowEntries(c, rows: n, features: d, isDefault: { defaults[$0] == $1 }, slot: { Int32(offsets[$0] &+ Int($1)) })
        }
        (sparseStart, sparseSlots) = (start, entries)
    }
}
