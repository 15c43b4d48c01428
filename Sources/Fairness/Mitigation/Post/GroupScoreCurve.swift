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
        var sizes = [Int](repeating: 0, count: groupCount)
        for c in codes { sizes[Int(c)] += 1 }
        var keys = sizes.map { [UInt64](repeating: 0, count: $0) }
        var filled = [Int](repeating: 0, count: groupCount)
        for i in scores.indices {
            // Order-preserving bits of Float(score), complemented so that ascending keys are descending scores.
            let bits = Float(scores[i]).bitPattern
            let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
            let g = Int(codes[i])
            keys[g][filled[g]] = UInt64(~ordered) << 32 | UInt64(UInt32(truncatingIfNeeded: i))
            filled[g] += 1
        }
        return keys.map { key in
            var key = key
            radixSort(&key)
            return curve(sorted: key, scores: scores, labels: labels, weights: weights)
        }
    }

    /// One group's curve from its keys sorted by Float32 score: runs equal in Float32 are ordered by their
    /// Double scores, then the rows are accumulated, one point per distinct score.
    static func curve(sorted key: [UInt64], scores: [Double], labels: [UInt8], weights: [Double]?) -> GroupScoreCurve {
        var distinct: [Double] = [], tp = [0], fp = [0], wtp = [0.0], wfp = [0.0]
        distinct.reserveCapacity(key.count)
        tp.reserveCapacity(key.count + 1); fp.reserveCapacity(key.count + 1)
        wtp.reserveCapacity(key.count + 1); wfp.reserveCapacity(key.count + 1)
        func add(_ i: Int) {
            let s = scores[i], w = weights?[i] ?? 1, positive = labels[i] == 1
            if distinct.last != s {
                distinct.append(s)
                tp.append(tp[tp.count - 1]); fp.append(fp[fp.count - 1]); wtp.append(wtp[wtp.count - 1]); wfp.append(wfp[wfp.count - 1])
            }
            let k = tp.count - 1
            if positive { tp[k] += 1; wtp[k] += w } else { fp[k] += 1; wfp[k] += w }
        }
        var start = 0
        while start < key.count {
            var end = start + 1
            while end < key.count && key[end] >> 32 == key[start] >> 32 { end += 1 }
            if end - start == 1 {
                add(Int(key[start] & 0xFFFF_FFFF))
            } else {
                for i in key[start..<end].map({ Int($0 & 0xFFFF_FFFF) }).sorted(by: { scores[$0] > scores[$1] }) { add(i) }
            }
            start = end
        }
        return GroupScoreCurve(scores: distinct, tp: tp, fp: fp, wtp: wtp, wfp: wfp)
    }

    /// Sorts `keys` stably by their upper 32 bits: an LSD radix sort of three 11-bit digits, whose histograms
    /// are counted in one pass; a digit every key shares is skipped.
    static func radixSort(_ keys: inout [UInt64]) {
        let n = keys.count
        guard n > 1 else { return }
        let digits: [(shift: UInt64, mask: UInt64)] = [(32, 0x7FF), (43, 0x7FF), (54, 0x3FF)]
        var counts = [Int](repeating: 0, count: 3 * 2048)
        keys.withUnsafeBufferPointer { src in
            counts.withUnsafeMutableBufferPointer { c in
                for k in src {
                    c[Int((k >> 32) & 0x7FF)] += 1
                    c[2048 + Int((k >> 43) & 0x7FF)] += 1
                    c[4096 + Int(k >> 54)] += 1
                }
            }
        }
        var other = [UInt64](repeating: 0, count: n)
        for (d, digit) in digits.enumerated() {
            let base = d * 2048
            guard !counts[base..<base + 2048].contains(n) else { continue }
            var next = [Int](repeating: 0, count: 2048)
            var sum = 0
            for b in 0..<2048 { next[b] = sum; sum += counts[base + b] }
            keys.withUnsafeBufferPointer { src in
                other.withUnsafeMutableBufferPointer { dst in
                    next.withUnsafeMutableBufferPointer { next in
                        for k in src {
                            let b = Int((k >> digit.shift) & digit.mask)
                            dst[next[b]] = k
                            next[b] += 1
                        }
                    }
                }
            }
            swap(&keys, &other)
        }
    }
}
