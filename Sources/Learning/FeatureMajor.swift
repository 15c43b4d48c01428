/// Layouts the histogram trees read: a row-major matrix's values feature after feature, and the feature-major
/// codes' non-default entries row after row.
enum FeatureMajor {
    /// The values of a row-major matrix (`rows` × `features`) feature after feature, by a blocked transpose (reading
    /// a column straight from the rows misses the cache on every value).
    static func transposed(_ xs: UnsafeBufferPointer<Float>, rows n: Int, features d: Int) -> [Float] {
        var out = [Float](repeating: 0, count: n * d)
        out.withUnsafeMutableBufferPointer { gather(xs, rows: n, features: d, 0..<d, into: $0) }
        return out
    }

    /// Features `range` of a row-major matrix (`rows` × `features`) into `out`, feature after feature, by blocks of
    /// rows (each block's rows read once, while their cache lines are loaded).
    static func gather(_ xs: UnsafeBufferPointer<Float>, rows n: Int, features d: Int, _ range: Range<Int>, into out: UnsafeMutableBufferPointer<Float>) {
        for block in stride(from: 0, to: n, by: 256) {
            let end = min(block + 256, n)
            for (j, f) in range.enumerated() { for i in block..<end { out[j &* n &+ i] = xs[i &* d &+ f] } }
        }
    }

    /// Each row's entries `slot(f, code)` for the codes (feature after feature, `rows` per feature) that are not their
    /// feature's default, row after row: row i's are `entries[start[i]..<start[i + 1]]`, in feature order. Read
    /// feature by feature (a count per row, then the entries), never across the features of one row.
    static func rowEntries<Code: FixedWidthInteger>(_ codes: UnsafeBufferPointer<Code>, rows n: Int, features d: Int,
                                                   isDefault: (Int, Code) -> Bool, slot: (Int, Code) -> Int32) -> (start: [Int], entries: [Int32]) {
        var start = [Int](repeating: 0, count: n + 1)
        for f in 0..<d { for i in 0..<n where !isDefault(f, codes[f &* n &+ i]) { start[i &+ 1] &+= 1 } }
        for i in 0..<n { start[i + 1] += start[i] }
        var entries = [Int32](repeating: 0, count: start[n]), next = Array(start[0..<n])
        entries.withUnsafeMutableBufferPointer { e in
            for f in 0..<d {
                for i in 0..<n {
                    let code = codes[f &* n &+ i]
                    if isDefault(f, code) { continue }
                    e[next[i]] = slot(f, code)
                    next[i] &+= 1
                }
            }
        }
        return (start, entries)
    }
}
