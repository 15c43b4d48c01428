/// Exact k-nearest-neighbour search (Euclidean) over fixed rows, with a k-d tree (Bentley 1975; Friedman, Bentley &
/// Finkel 1977): each node splits its rows at the median of the coordinate whose middle half spreads most (so a
/// coordinate that most rows share, such as capital gain, is not split on for its outliers) and keeps its rows'
/// bounding box; a query visits the near side first, and a node only when its box is no farther than the k-th best.
/// Equal distances go to the lower row index, the order of a stable sort of the distances (scikit-learn's brute-force
/// search), so the result is the same as comparing every row.
struct NearestNeighbours {
    /// Rows per leaf.
    static let leafSize = 16
    /// Rows sampled per node for the spread of a coordinate.
    static let sampleSize = 16
    /// A node: its range of positions, splitting coordinate (−1 for a leaf), children and splitting value.
    struct Node { var lo: Int, hi: Int, dim: Int, left: Int, right: Int; var split: Double }
    /// The rows' coordinates in tree order (row-major), `width` per row, and each position's original row.
    let points: [Double], width: Int, rows: [Int]
    /// The nodes, the root first.
    private var nodes: [Node] = []
    /// Per node, `width` lower then `width` upper corners of its rows' bounding box.
    private var box: [Double] = []

    /// The tree over the rows of `points` (row-major, `width` ≥ 1 columns).
    init(points source: [Double], width: Int) {
        let count = width > 0 ? source.count / width : 0
        var order = Array(0..<count)
        self.width = width
        var ranges = [(0, count, -1, false)]                       // (lo, hi, parent, is right child)
        var corners = [Double](repeating: 0, count: 2 * width), sample: [Double] = []
        while let range = ranges.popLast() {
            let (start, end, parent, isRight) = range
            let id = nodes.count
            if parent >= 0 { if isRight { nodes[parent].right = id } else { nodes[parent].left = id } }
            var best = -1, spread = 0.0
            source.withUnsafeBufferPointer { x in
            order.withUnsafeBufferPointer { o in
                for c in 0..<width {
                    var low = Double.infinity, high = -Double.infinity
                    for p in start..<end { let v = x[o[p] * width + c]; low = min(low, v); high = max(high, v) }
                    corners[c] = low
                    corners[width + c] = high
                    guard end - start > Self.leafSize, high > low else { continue }
                    // The spread of the middle half (a sample of the rows): a coordinate whose rows mostly share one value
                    // (an outlier's range) does not separate them.
                    sample.removeAll(keepingCapacity: true)
                    for p in stride(from: start, to: end, by: max(1, (end - start) / Self.sampleSize)) { sample.append(x[o[p] * width + c]) }
                    sample.sort()
                    let middle = sample[sample.count * 3 / 4] - sample[sample.count / 4]
                    let score = middle > 0 ? middle : (high - low) * 1e-9
                    if score > spread { spread = score; best = c }
                }
            }
            }
            box += corners
            nodes.append(Node(lo: start, hi: end, dim: best, left: -1, right: -1, split: 0))
            guard best >= 0 else { continue }
            let mid = (start + end) / 2
            source.withUnsafeBufferPointer { x in Self.select(&order, start..<end, rank: mid) { x[$0 * width + best] } }
            nodes[id].split = source[order[mid] * width + best]
            ranges.append((mid, end, id, true))
            ranges.append((start, mid, id, false))
        }
        var points = [Double](repeating: 0, count: count * width)
        for (p, r) in order.enumerated() { for c in 0..<width { points[p * width + c] = source[r * width + c] } }
        self.points = points
        rows = order
    }

    /// Reorders `order[range]` so that position `rank` holds the index a sort by (key, index) would put there, the
    /// indices before it smaller and those after it larger in that order (Hoare's FIND, median-of-three pivot):
    /// linear on average where a sort of every node is n log n.
    static func select(_ order: inout [Int], _ range: Range<Int>, rank: Int, key: (Int) -> Double) {
        @inline(__always) func before(_ a: Int, _ b: Int) -> Bool {
            let ka = key(a), kb = key(b)
            return ka < kb || (ka == kb && a < b)
        }
        order.withUnsafeMutableBufferPointer { o in
            var lo = range.lowerBound, hi = range.upperBound - 1
            while lo < hi {
                let m = lo + (hi - lo) / 2
                let (a, b, c) = (o[lo], o[m], o[hi])
                let pivot = before(a, b) ? (before(b, c) ? b : before(a, c) ? c : a) : (before(a, c) ? a : before(b, c) ? c : b)
                var i = lo, j = hi
                while i <= j {
                    while i <= hi && before(o[i], pivot) { i += 1 }
                    while j >= lo && before(pivot, o[j]) { j -= 1 }
                    if i <= j { o.swapAt(i, j); i += 1; j -= 1 }
                }
                if rank <= j { hi = j } else if rank >= i { lo = i } else { return }
            }
        }
    }

    /// The `best.count` nearest rows to `query` (`width` coordinates) as (squared distance, row), nearest first;
    /// `stack` is scratch space reused across queries.
    func nearest(_ query: UnsafeBufferPointer<Double>, into best: inout [(distance: Double, row: Int)], stack: inout [(Int, Double)]) {
        let k = best.count, width = self.width
        for m in 0..<k { best[m] = (.infinity, Int.max) }
        stack.removeAll(keepingCapacity: true)
        guard !nodes.isEmpty else { return }
        stack.append((0, 0))
        points.withUnsafeBufferPointer { x in
        nodes.withUnsafeBufferPointer { nodes in
        box.withUnsafeBufferPointer { box in
        rows.withUnsafeBufferPointer { rows in
        best.withUnsafeMutableBufferPointer { best in
            // The squared distance from the query to a node's bounding box (0 inside it).
            @inline(__always) func gap(_ node: Int) -> Double {
                var d = 0.0
                let b = 2 * width * node
                for c in 0..<width {
                    let low = box[b + c], high = box[b + width + c], v = query[c]
                    let e = v < low ? low - v : v > high ? v - high : 0
                    d += e * e
                }
                return d
            }
            var worst = best[k - 1]
            while let top = stack.popLast() {
                let (node, bound) = top
                if bound > worst.distance { continue }
                let n = nodes[node]
                if n.dim < 0 {
                    for p in n.lo..<n.hi {
                        var d = 0.0
                        let base = p * width
                        for c in 0..<width {
                            let e = query[c] - x[base + c]
                            d += e * e
                        }
                        let row = rows[p]
                        guard d < worst.distance || (d == worst.distance && row < worst.row) else { continue }
                        var m = k - 1
                        while m > 0 && (d < best[m - 1].distance || (d == best[m - 1].distance && row < best[m - 1].row)) { best[m] = best[m - 1]; m -= 1 }
                        best[m] = (d, row)
                        worst = best[k - 1]
                    }
                    continue
                }
                let (near, far) = query[n.dim] < n.split ? (n.left, n.right) : (n.right, n.left)
                let farGap = gap(far)
                if farGap <= worst.distance { stack.append((far, farGap)) }
                stack.append((near, bound))     // the near box lies inside this one: its gap is at least `bound`
            }
        }
        }
        }
        }
        }
    }
}
