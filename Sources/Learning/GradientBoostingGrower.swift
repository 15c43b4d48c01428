import Dispatch

/// One boosted tree grown leaf-wise as LightGBM grows it: gradient/hessian histograms per leaf (the smaller
/// child's built from its rows, the larger's as parent − smaller), the leaf of largest gain split next until
/// `num_leaves`; a split's gain is G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ), each side with at least
/// `min_child_samples` rows and `min_child_weight` hessian; a leaf's output is −η·G/(H + λ).
struct GradientBoostingGrower {
    let bins: GradientBoostingBins
    let numLeaves: Int, maxDepth: Int, minChildSamples: Int
    let minChildWeight: Double, lambda: Double, learningRate: Double

    /// A candidate split of a leaf.
    struct Split {
        var feature = -1, bin = 0, gain = 0.0
        var leftG = 0.0, leftH = 0.0, leftCount = 0
    }

    /// A leaf being grown: its rows `start..<end` of the index array, its node, sums and histogram.
    struct Leaf {
        var start: Int, end: Int, depth: Int, node: Int
        var g: Double, h: Double
        var histogram: [Double]
        var split: Split?
    }

    /// Σg, Σh and the row count of each (feature, bin) slot over `rows[start..<end]`, whose sums are `total`: each row's
    /// codes read once, only bins other than a feature's default added (one-hot columns are mostly at their default),
    /// the default bin then total − the others; the rows in two halves on both cores.
    func histogram(_ rows: [Int32], _ start: Int, _ end: Int, features: [Int], g: [Double], h: [Double],
                   total: (g: Double, h: Double, count: Int)) -> [Double] {
        let d = bins.features, n = bins.rows, columns = bins.columns, offsets = bins.offsets, defaults = bins.defaultBin, slots = bins.slots
        let everyFeature = features.count == d, sparseStart = bins.sparseStart, sparseSlots = bins.sparseSlots
        let work: @Sendable (Int, Int) -> [Double] = { from, to in
            var out = [Double](repeating: 0, count: slots * 3)
            // Over every feature, each row's non-default slots; over a sample of features, each feature's code.
            if everyFeature {
                sparseSlots.withUnsafeBufferPointer { slot in
                    sparseStart.withUnsafeBufferPointer { first in
                        rows.withUnsafeBufferPointer { r in
                            g.withUnsafeBufferPointer { gs in
                                h.withUnsafeBufferPointer { hs in
                                    out.withUnsafeMutableBufferPointer { histogram in
                                        for k in from..<to {
                                            let row = Int(r[k]), gr = gs[row], hr = hs[row]
                                            for e in first[row]..<first[row &+ 1] {
                                                let b = Int(slot[e]) &* 3
                                                histogram[b] += gr
                                                histogram[b &+ 1] += hr
                                                histogram[b &+ 2] += 1
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                return out
            }
            // Feature by feature (each slot still sums its rows in row order).
            columns.withUnsafeBufferPointer { c in
                rows.withUnsafeBufferPointer { r in
                    g.withUnsafeBufferPointer { gs in
                        h.withUnsafeBufferPointer { hs in
                            out.withUnsafeMutableBufferPointer { histogram in
                                for f in features {
                                    let base = f &* n, defaultCode = defaults[f], offset = offsets[f]
                                    for k in from..<to {
                                        let row = Int(r[k]), code = c[base &+ row]
                                        if code == defaultCode { continue }
                                        let b = (offset &+ Int(code)) &* 3
                                        histogram[b] += gs[row]
                                        histogram[b &+ 1] += hs[row]
                                        histogram[b &+ 2] += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return out
        }
        var out: [Double]
        // Two threads pay off from about 100,000 additions (a row's entries: its non-default bins, or every feature).
        let perRow = everyFeature ? max(1, sparseSlots.count / max(bins.rows, 1)) : features.count
        if (end - start) * perRow < 100_000 {
            out = work(start, end)
        } else {
            let middle = start + (end - start) / 2
            let halves = UnsafeMutablePointer<[Double]>.allocate(capacity: 2)
            halves.initialize(repeating: [], count: 2)
            defer {
                halves.deinitialize(count: 2)
                halves.deallocate()
            }
            nonisolated(unsafe) let parts = halves   // each thread writes its own element
            DispatchQueue.concurrentPerform(iterations: 2) { part in parts[part] = part == 0 ? work(start, middle) : work(middle, end) }
            out = halves[0]
            out.withUnsafeMutableBufferPointer { o in
                halves[1].withUnsafeBufferPointer { other in for k in o.indices { o[k] += other[k] } }
            }
        }
        out.withUnsafeMutableBufferPointer { out in
            for f in features {
                let slot = offsets[f], common = Int(defaults[f]), b = (slot &+ common) &* 3
                let binCount = (f + 1 < offsets.count ? offsets[f + 1] : slots) - slot
                var sg = 0.0, sh = 0.0, sc = 0.0
                for bin in 0..<binCount where bin != common {
                    sg += out[(slot &+ bin) &* 3]
                    sh += out[(slot &+ bin) &* 3 &+ 1]
                    sc += out[(slot &+ bin) &* 3 &+ 2]
                }
                out[b] = total.g - sg
                out[b &+ 1] = total.h - sh
                out[b &+ 2] = Double(total.count) - sc
            }
        }
        return out
    }

    /// The best split of a leaf with sums `g`, `h`, `count` over `features` (ties: lowest feature, lowest bin).
    func bestSplit(_ histogram: [Double], g: Double, h: Double, count: Int, features: [Int]) -> Split? {
        var best: Split?
        let parent = g * g / (h + lambda)
        histogram.withUnsafeBufferPointer { hist in
            for f in features {
                let slot = bins.offsets[f] * 3, count0 = bins.bounds[f].count
                var gl = 0.0, hl = 0.0, cl = 0
                for b in 0..<(count0 - 1) {
                    gl += hist[slot + 3 * b]
                    hl += hist[slot + 3 * b + 1]
                    cl += Int(hist[slot + 3 * b + 2])
                    if cl < minChildSamples || hl < minChildWeight { continue }
                    let cr = count - cl, hr = h - hl
                    if cr < minChildSamples { break }
                    if hr < minChildWeight { continue }
                    let gr = g - gl
                    let gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent
                    if gain > (best?.gain ?? 0) { best = Split(feature: f, bin: b, gain: gain, leftG: gl, leftH: hl, leftCount: cl) }
                }
            }
        }
        return best
    }

    /// The tree grown on `rows` (ascending) with gradients `g` and hessians `h` over `features`; beside it each
    /// node's split bin, to route binned rows, and each leaf's node with its rows (which `rows` it holds).
    func grow(rows: [Int32], features: [Int], g: [Double], h: [Double]) -> (tree: TreeNodes, splitBins: [UInt8], leaves: [(node: Int, rows: ArraySlice<Int32>)]) {
        var tree = TreeNodes(), splitBins: [UInt8] = []
        var index = rows
        func output(_ g: Double, _ h: Double) -> Double { -learningRate * g / (h + lambda) }
        func add(_ g: Double, _ h: Double, _ count: Int) -> Int {
            splitBins.append(0)
            return tree.append(feature: -1, threshold: 0, value: output(g, h), cover: h, count: count)
        }
        var sumG = 0.0, sumH = 0.0
        for r in rows {
            sumG += g[Int(r)]
            sumH += h[Int(r)]
        }
        let canSplit = { (leaf: Leaf) in leaf.depth < maxDepth && leaf.end - leaf.start >= 2 * max(minChildSamples, 1) }
        var root = Leaf(start: 0, end: rows.count, depth: 0, node: add(sumG, sumH, rows.count), g: sumG, h: sumH,
                        histogram: histogram(index, 0, rows.count, features: features, g: g, h: h, total: (sumG, sumH, rows.count)), split: nil)
        if canSplit(root) { root.split = bestSplit(root.histogram, g: sumG, h: sumH, count: rows.count, features: features) }
        var leaves = [root]
        var scratch = [Int32](repeating: 0, count: rows.count)
        while leaves.count < numLeaves {
            // The leaf of largest gain (the first on a tie).
            var pick = -1
            for (k, leaf) in leaves.enumerated() {
                guard let s = leaf.split else { continue }
                if pick < 0 || s.gain > (leaves[pick].split?.gain ?? 0) { pick = k }
            }
            guard pick >= 0, let split = leaves[pick].split else { break }
            // The parent's histogram is taken out of the list, so that the larger child's is computed in place.
            var parent = leaves[pick]
            leaves[pick].histogram = []
            // Stable partition of the leaf's rows: bin ≤ split bin to the left (without a branch per row: each row is
            // written to both sides, and only its own side's position advances).
            // A large leaf is cut in two halves partitioned on both cores (each its left rows in place, its right rows
            // in its own part of the scratch), then joined: left of the first, left of the second, right of each.
            let (column, bin) = (split.feature &* bins.rows, UInt8(split.bin))
            var l = parent.start
            bins.columns.withUnsafeBufferPointer { c in
                index.withUnsafeMutableBufferPointer { index in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        nonisolated(unsafe) let (index, scratch, c) = (index, scratch, c)   // each half writes its own range
                        @Sendable func partition(_ from: Int, _ to: Int) -> (left: Int, right: Int) {
                            var l = from, r = from
                            for k in from..<to {
                                let row = index[k], left = c[column &+ Int(row)] <= bin ? 1 : 0
                                index[l] = row
                                scratch[r] = row
                                l &+= left
                                r &+= 1 &- left
                            }
                            return (l - from, r - from)
                        }
                        let (start, end) = (parent.start, parent.end), middle = start + (end - start) / 2
                        var halves = [(left: 0, right: 0), (left: 0, right: 0)]
                        if end - start >= 16_384 {
                            halves.withUnsafeMutableBufferPointer { h in
                                nonisolated(unsafe) let h = h
                                DispatchQueue.concurrentPerform(iterations: 2) { part in h[part] = part == 0 ? partition(start, middle) : partition(middle, end) }
                            }
                        } else {
                            halves[0] = partition(start, end)
                        }
                        let (a, b) = (halves[0], halves[1])
                        // The second half's left rows follow the first's (moving down, so in order), then the right rows.
                        for k in 0..<b.left { index[start &+ a.left &+ k] = index[middle &+ k] }
                        l = start + a.left + b.left
                        for k in 0..<a.right { index[l &+ k] = scratch[start &+ k] }
                        for k in 0..<b.right { index[l &+ a.right &+ k] = scratch[middle &+ k] }
                    }
                }
            }
            let leftCount = l - parent.start, rightCount = parent.end - l
            let (lg, lh) = (split.leftG, split.leftH), (rg, rh) = (parent.g - split.leftG, parent.h - split.leftH)
            tree.feature[parent.node] = Int32(split.feature)
            tree.threshold[parent.node] = bins.bounds[split.feature][split.bin]
            splitBins[parent.node] = UInt8(split.bin)
            let leftNode = add(lg, lh, leftCount), rightNode = add(rg, rh, rightCount)
            tree.link(parent.node, leftNode, isLeft: true)
            tree.link(parent.node, rightNode, isLeft: false)
            // The smaller child's histogram from its rows, the larger's by subtraction.
            let leftSmaller = leftCount <= rightCount
            let small = leftSmaller ? histogram(index, parent.start, l, features: features, g: g, h: h, total: (lg, lh, leftCount))
                                    : histogram(index, l, parent.end, features: features, g: g, h: h, total: (rg, rh, rightCount))
            var large = parent.histogram
            parent.histogram = []
            large.withUnsafeMutableBufferPointer { large in
                small.withUnsafeBufferPointer { small in for k in large.indices { large[k] -= small[k] } }
            }
            var left = Leaf(start: parent.start, end: l, depth: parent.depth + 1, node: leftNode, g: lg, h: lh,
                            histogram: leftSmaller ? small : large, split: nil)
            var right = Leaf(start: l, end: parent.end, depth: parent.depth + 1, node: rightNode, g: rg, h: rh,
                             histogram: leftSmaller ? large : small, split: nil)
            if canSplit(left) { left.split = bestSplit(left.histogram, g: lg, h: lh, count: leftCount, features: features) }
            if canSplit(right) { right.split = bestSplit(right.histogram, g: rg, h: rh, count: rightCount, features: features) }
            leaves[pick] = left
            leaves.append(right)
        }
        return (tree, splitBins, leaves.map { ($0.node, index[$0.start..<$0.end]) })
    }
}
