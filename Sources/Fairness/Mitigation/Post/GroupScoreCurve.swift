/// One group's confusion counts at every cut of its scores, as sorted cumulative sums: the distinct scores
/// from the highest, and for each k = 0…m the label-1 and label-0 rows whose score is among the top k distinct
/// values (k = 0 selects none, k = m all). Every threshold search reads these m + 1 points, never the rows.
struct GroupScoreCurve: Sendable {
    /// The distinct scores, descending.
    let scores: [Double]
    /// Label-1 and label-0 rows selected at each cut (index k: the top k distinct scores), counted and weighted.
    let tp: [Int], fp: [Int], wtp: [Double], wfp: [Double]
    /// The group's label-1 and label-0 rows, counted and weighted.
    var positives: Int { tp[tp.count - 1] }
    var negatives: Int { fp[fp.count - 1] }
    var weightedPositives: Double { wtp[wtp.count - 1] }
    var weightedNegatives: Double { wfp[wfp.count - 1] }
    /// The number of cuts, m + 1.
    var cuts: Int { tp.count }

    /// The group's confusion matrix at cut `k`.
    func counts(_ k: Int) -> ConfusionCounts {
        var c = ConfusionCounts()
        (c.tp, c.fp, c.tn, c.fn) = (tp[k], fp[k], negatives - fp[k], positives - tp[k])
        (c.wtp, c.wfp, c.wtn, c.wfn) = (wtp[k], wfp[k], weightedNegatives - wfp[k], weightedPositives - wtp[k])
        return c
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
        var keys = [[UInt64]](repeating: [], count: groupCount)
        var sizes = [Int](repeating: 0, count: groupCount)
        for c in codes { sizes[Int(c)] += 1 }
        for g in 0..<groupCount { keys[g].reserveCapacity(sizes[g]) }
        for i in scores.indices {
            // Order-preserving bits of Float(score), complemented so that ascending keys are descending scores.
            let bits = Float(scores[i]).bitPattern
            let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
            keys[Int(codes[i])].append(UInt64(~ordered) << 32 | UInt64(UInt32(truncatingIfNeeded: i)))
        }
        return keys.map { key in
            let key = radixSorted(key)
            var rows = key.map { Int($0 & 0xFFFF_FFFF) }
            // Runs equal in Float32 may hold distinct Doubles: order them exactly.
            var start = 0
            while start < rows.count {
                var end = start + 1
                while end < rows.count && key[end] >> 32 == key[start] >> 32 { end += 1 }
                if end - start > 1 { rows[start..<end].sort { scores[$0] > scores[$1] } }
                start = end
            }
            var distinct: [Double] = [], tp = [0], fp = [0], wtp = [0.0], wfp = [0.0]
            for i in rows {
                let s = scores[i], w = weights?[i] ?? 1, positive = labels[i] == 1
                if distinct.last != s {
                    distinct.append(s)
                    tp.append(tp[tp.count - 1]); fp.append(fp[fp.count - 1]); wtp.append(wtp[wtp.count - 1]); wfp.append(wfp[wfp.count - 1])
                }
                let k = tp.count - 1
                if positive { tp[k] += 1; wtp[k] += w } else { fp[k] += 1; wfp[k] += w }
            }
            return GroupScoreCurve(scores: distinct, tp: tp, fp: fp, wtp: wtp, wfp: wfp)
        }
    }

    /// `keys` stably sorted by their upper 32 bits: four passes of an 8-bit LSD radix sort.
    static func radixSorted(_ keys: [UInt64]) -> [UInt64] {
        var a = keys, b = [UInt64](repeating: 0, count: keys.count)
        for shift in stride(from: UInt64(32), to: 64, by: 8) {
            var count = [Int](repeating: 0, count: 257)
            a.withUnsafeBufferPointer { src in
                b.withUnsafeMutableBufferPointer { dst in
                    for k in src { count[Int((k >> shift) & 0xFF) + 1] += 1 }
                    for d in 0..<256 { count[d + 1] += count[d] }
                    for k in src {
                        let d = Int((k >> shift) & 0xFF)
                        dst[count[d]] = k
                        count[d] += 1
                    }
                }
            }
            swap(&a, &b)
        }
        return a
    }
}
