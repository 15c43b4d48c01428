/// One group's confusion counts at every cut of its scores, as sorted cumulative sums: the distinct scores
/// from the highest, and for each k = 0…m the label-1 and label-0 rows whose score is among the top k distinct
/// values (k = 0 selects none, k = m all). Every threshold search reads these m + 1 points, never the rows.
struct GroupScoreCurve: Sendable {
    /// The distinct scores, descending.
    let scores: [Double]
    /// Label-1 and label-0 rows selected at each cut (index k: the top k distinct scores).
    let tp: [Int32], fp: [Int32]
    /// The same cells summed over the rows' weights; nil without weights (the counts are the sums).
    let weighted: (tp: [Double], fp: [Double])?
    /// The group's label-1 and label-0 rows, counted and weighted.
    var positives: Int { Int(tp[tp.count - 1]) }
    var negatives: Int { Int(fp[fp.count - 1]) }
    var weightedPositives: Double { wtp(cuts - 1) }
    var weightedNegatives: Double { wfp(cuts - 1) }
    /// The number of cuts, m + 1.
    var cuts: Int { tp.count }
    /// The weighted label-1 and label-0 rows selected at cut `k`.
    func wtp(_ k: Int) -> Double { weighted?.tp[k] ?? Double(tp[k]) }
    func wfp(_ k: Int) -> Double { weighted?.fp[k] ?? Double(fp[k]) }

    /// The group's confusion matrix at cut `k`.
    func counts(_ k: Int) -> ConfusionCounts {
        var c = ConfusionCounts()
        (c.tp, c.fp, c.tn, c.fn) = (Int(tp[k]), Int(fp[k]), negatives - Int(fp[k]), positives - Int(tp[k]))
        (c.wtp, c.wfp, c.wtn, c.wfn) = (wtp(k), wfp(k), weightedNegatives - wfp(k), weightedPositives - wtp(k))
        return c
    }

    /// `a · wtp + b · wfp` at every cut: the group's part of an objective linear in the pooled counts.
    func values(tp a: Double, fp b: Double) -> [Double] {
        guard let weighted else { return zip(tp, fp).map { a * Double($0) + b * Double($1) } }
        return zip(weighted.tp, weighted.fp).map { a * $0 + b * $1 }
    }

    /// The threshold of cut `k` for the rule `score > threshold`: midway between the k-th and (k+1)-th distinct
    /// scores, +∞ for k = 0 and −∞ for k = m (Fairlearn's convention).
    func threshold(_ k: Int) -> Double {
        if k == 0 { return .infinity }
        if k >= scores.count { return -.infinity }
        return (scores[k - 1] + scores[k]) / 2
    }

    /// The curves of each group of rows (`codes`, 0-based, `groupCount` groups), from finite scores, 0/1 labels
    /// and optional weights. Rows are ordered by sorting 64-bit keys (the Float32 order bits of the score
    /// and the row index, radix-sorted on the score bits; rows were appended in index order and the sort is
    /// stable), then runs equal in Float32 are ordered by their Double scores, so the order is exact.
    static func curves(scores: [Double], labels: [UInt8], weights: [Double]?, codes: [Int32], groupCount: Int) -> [GroupScoreCurve] {
        let n = codes.count
        // Group g's keys are keys[offsets[g]..<offsets[g + 1]], one buffer for every group.
        var offsets = [Int](repeating: 0, count: groupCount + 1)
        for c in codes { offsets[Int(c) + 1] += 1 }
        for g in 0..<groupCount { offsets[g + 1] += offsets[g] }
        var keys = [UInt64](unsafeUninitializedCapacity: n) { keys, count in
            var next = offsets
            scores.withUnsafeBufferPointer { s in
                codes.withUnsafeBufferPointer { codes in
                    for i in 0..<n {
                        // Order-preserving bits of Float(score), complemented so that ascending keys are descending scores.
                        let bits = Float(s[i]).bitPattern
                        let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
                        let g = Int(codes[i])
                        keys[next[g]] = UInt64(~ordered) << 32 | UInt64(UInt32(truncatingIfNeeded: i))
                        next[g] += 1
                    }
                }
            }
            count = n
        }
        var other = [UInt64](repeating: 0, count: n)
        return keys.withUnsafeMutableBufferPointer { k in
            other.withUnsafeMutableBufferPointer { o in
                (0..<groupCount).map { g in
                    let range = offsets[g]..<offsets[g + 1], key = UnsafeMutableBufferPointer(rebasing: k[range])
                    radixSort(key, scratch: UnsafeMutableBufferPointer(rebasing: o[range]))
                    return curve(sorted: key, scores: scores, labels: labels, weights: weights)
                }
            }
        }
    }

    /// One group's curve from its keys sorted by Float32 score: runs equal in Float32 are ordered by their
    /// Double scores (rarely needed: most such runs are one score repeated), then the rows are accumulated in one
    /// pass into the five arrays, one point per distinct score.
    static func curve(sorted key: UnsafeMutableBufferPointer<UInt64>, scores: [Double], labels: [UInt8], weights: [Double]?) -> GroupScoreCurve {
        let n = key.count
        scores.withUnsafeBufferPointer { s in
            var start = 0
            while start < n {
                var end = start + 1, ordered = true
                while end < n && key[end] >> 32 == key[start] >> 32 {
                    ordered = ordered && s[Int(key[end - 1] & 0xFFFF_FFFF)] >= s[Int(key[end] & 0xFFFF_FFFF)]
                    end += 1
                }
                if !ordered { key[start..<end].sort { s[Int($0 & 0xFFFF_FFFF)] > s[Int($1 & 0xFFFF_FFFF)] } }
                start = end
            }
        }
        var m = 0
        var distinct: [Double] = [], fp: [Int32] = []
        let tp = [Int32](unsafeUninitializedCapacity: n + 1) { tp, tpCount in
        fp = [Int32](unsafeUninitializedCapacity: n + 1) { fp, fpCount in
        distinct = [Double](unsafeUninitializedCapacity: n) { d, dCount in
            scores.withUnsafeBufferPointer { s in
            labels.withUnsafeBufferPointer { y in
                var (a, b): (Int32, Int32) = (0, 0)
                (tp[0], fp[0]) = (0, 0)
                var last = Double.nan
                for e in key {
                    let i = Int(e & 0xFFFF_FFFF), score = s[i]
                    if score != last {
                        if m > 0 { (tp[m], fp[m]) = (a, b) }
                        d[m] = score
                        m += 1
                        last = score
                    }
                    if y[i] == 1 { a += 1 } else { b += 1 }
                }
                if m > 0 { (tp[m], fp[m]) = (a, b) }
            }}
            dCount = m
        }
            fpCount = m + 1
        }
            tpCount = m + 1
        }
        return GroupScoreCurve(scores: distinct, tp: tp, fp: fp, weighted: weights.map { sums(sorted: key, scores: scores, labels: labels, weights: $0, points: m + 1) })
    }

    /// The weighted label-1 and label-0 sums at each of the `points` cuts, from the keys in curve order.
    static func sums(sorted key: UnsafeMutableBufferPointer<UInt64>, scores: [Double], labels: [UInt8], weights: [Double], points: Int) -> (tp: [Double], fp: [Double]) {
        var tp = [Double](repeating: 0, count: points), fp = tp
        var k = 0, last = Double.nan, a = 0.0, b = 0.0
        for e in key {
            let i = Int(e & 0xFFFF_FFFF)
            if scores[i] != last {
                if k > 0 { (tp[k], fp[k]) = (a, b) }
                (k, last) = (k + 1, scores[i])
            }
            if labels[i] == 1 { a += weights[i] } else { b += weights[i] }
        }
        if k > 0 { (tp[k], fp[k]) = (a, b) }
        return (tp, fp)
    }

    /// Sorts `keys` stably by their upper 32 bits: an LSD radix sort of three 11-bit digits, whose histograms
    /// are counted in one pass; a digit every key shares is skipped. `scratch` has the keys' length; the sorted
    /// keys end in `keys`.
    static func radixSort(_ keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>) {
        let n = keys.count
        guard n > 1 else { return }
        let digits: [(shift: UInt64, mask: UInt64)] = [(32, 0x7FF), (43, 0x7FF), (54, 0x3FF)]
        var counts = [Int](repeating: 0, count: 3 * 2048)
        counts.withUnsafeMutableBufferPointer { c in
            for k in keys {
                c[Int((k >> 32) & 0x7FF)] += 1
                c[2048 + Int((k >> 43) & 0x7FF)] += 1
                c[4096 + Int(k >> 54)] += 1
            }
        }
        var (src, dst) = (keys, scratch)
        var next = [Int](repeating: 0, count: 2048)
        for (d, digit) in digits.enumerated() {
            let base = d * 2048
            guard !counts[base..<base + 2048].contains(n) else { continue }
            var sum = 0
            for b in 0..<2048 { next[b] = sum; sum += counts[base + b] }
            next.withUnsafeMutableBufferPointer { next in
                for k in src {
                    let b = Int((k >> digit.shift) & digit.mask)
                    dst[next[b]] = k
                    next[b] += 1
                }
            }
            swap(&src, &dst)
        }
        if src.baseAddress != keys.baseAddress { _ = keys.update(fromContentsOf: src) }
    }
}
