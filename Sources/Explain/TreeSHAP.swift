import Dispatch
import Learning
import Tensors

/// Exact per-row Shapley attributions of a tree model's margin, path-dependent TreeSHAP (Lundberg et al. 2020,
/// "From local explanations to global understanding with explainable AI for trees", Nature Machine Intelligence),
/// computed leaf by leaf as Fast TreeSHAP v2 does (Yang 2021) and without recursion.
///
/// The game: v(S) = E[f(x) | x_S] with the absent features integrated out by the training cover, so a leaf ℓ
/// with value v_ℓ whose path splits on the distinct features P_ℓ (D = |P_ℓ|) adds v_ℓ · Π_{j∈S} o_j · Π_{j∉S} z_j,
/// where o_j = 1 when the row satisfies every split on j along the path (else 0) and z_j is the product of the
/// cover fractions (child / parent) of those splits. Features off the path are dummies, so with A = {j : o_j = 1},
/// B = P_ℓ \ A, Z_B = Π_{j∈B} z_j, w(s, D) = s!(D − s − 1)!/D! and
/// L(T) = Σ_{k=0}^{|T|} w(k, D) e_{|T|−k}(z_T) (e_m the elementary symmetric polynomials of the z's in T):
///   φ_i += v_ℓ (1 − z_i) Z_B L(A \ {i})   for i ∈ A,        φ_i −= v_ℓ Z_B L(A)   for i ∈ B.
/// L and Z are tabulated over every T ⊆ P_ℓ once per leaf (2^D pairs), so a row costs O(D) per leaf; leaves deeper
/// than the table limit get L(A) and L(A \ {i}) from e(z_A) by synthetic division instead, O(D²) per row. The
/// attributions add up exactly: Σ_i φ_i = f(x) − E[f], with E[f] = base + Σ_ℓ v_ℓ Π_{j∈P_ℓ} z_j.
public struct TreeSHAP: Sendable {
    /// Rows explained and encoded features.
    public let rows: Int, features: Int
    /// The attributions, row after row: `values[r * features + j]`.
    public let values: [Double]
    /// E[f], the margin with every feature absent (shap's expected_value).
    public let expectedValue: Double
    /// The scale of the margin explained.
    public let margin: TreeEnsemble.Margin

    /// The deepest leaf path (distinct features) tabulated by default; deeper ones use synthetic division.
    public static let tableDepth = 16

    /// The attributions of every row of `x` (rows × `ensemble.features`), each tree's rows split over both cores, the
    /// trees done shown as progress. `tableDepth` caps the tabulated paths (0 computes every leaf directly).
    public init(_ ensemble: TreeEnsemble, x: Tensor, tableDepth: Int = TreeSHAP.tableDepth) throws {
        guard x.dim == 2, x.shape[1] == ensemble.features else {
            throw TensorError.invalid("shap: the data has shape \(x.shape), the model expects (rows, \(ensemble.features))")
        }
        let n = x.shape[0], d = ensemble.features
        var phi = [Double](repeating: 0, count: n * d)
        var expected = ensemble.base
        let parts = n >= 64 ? 2 : 1
        let progress = ProgressHook("TreeSHAP", total: ensemble.trees.count)
        defer { progress.finish() }
        for (t, tree) in ensemble.trees.enumerated() {
            try Cancellation.check()
            let leaves = LeafPaths(tree, tableDepth: tableDepth, rows: n)
            expected += leaves.expected
            x.storage.withUnsafeBufferPointer { xs in
                phi.withUnsafeMutableBufferPointer { out in
                    guard let xb = xs.baseAddress, let ob = out.baseAddress else { return }
                    nonisolated(unsafe) let (input, output) = (xb, ob)
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        leaves.explain(rows: (n * part / parts)..<(n * (part + 1) / parts), x: input, features: d, into: output)
                    }
                }
            }
            progress.update(t + 1)
        }
        rows = n
        features = d
        values = phi
        expectedValue = expected
        margin = ensemble.margin
    }

    /// The attributions of row `r`.
    public func row(_ r: Int) -> ArraySlice<Double> { values[(r * features)..<((r + 1) * features)] }
}

/// One tree's leaves as TreeSHAP needs them: each leaf's value, distinct path features (slots) with their cover
/// products z, the splits on its path and, for shallow paths, the table of L and Z over feature subsets.
struct LeafPaths: Sendable {
    /// A node as the row walk reads it: split feature (−1 at leaves), threshold, children, and the bit of its
    /// feature's slot on the path to it (the feature's first appearance there; 0 past 64 slots).
    struct Node: Sendable {
        var feature: Int32, left: Int32, right: Int32, bit: UInt64 = 0, threshold: Double
    }

    /// A distinct feature of a leaf's path: the encoded column and z, the product of its splits' cover fractions.
    struct Slot: Sendable {
        let feature: Int, zero: Double
    }

    /// A leaf: its value and node, its slots and splits (ranges of `slots` and `splits`), its table's first entry (−1: none).
    struct Leaf: Sendable {
        let value: Double, node: Int, slots: Range<Int>, splits: Range<Int>, table: Int
    }

    /// A split on a leaf's path: the node, whether the path goes left there, and the slot of its feature.
    struct PathSplit: Sendable {
        let node: Int, left: Bool, slot: Int
    }

    var nodes: [Node]
    var leaves: [Leaf] = [], slots: [Slot] = [], splits: [PathSplit] = []
    /// The tables of (L(T), Z_{P∖T}) pairs, T a bit mask over a leaf's slots.
    var table: [Double] = []
    /// Whether some leaf has no table (its splits are then checked one by one).
    var anyDirect = false
    /// E over the cover of this tree's value: Σ_ℓ v_ℓ Π z.
    var expected = 0.0

    /// The leaves of `tree`, walked depth first with an explicit stack (the tree's children come after their parents
    /// and no node has two parents, so the walk visits each node once).
    init(_ tree: TreeNodes, tableDepth: Int, rows: Int) {
        nodes = (0..<tree.nodeCount).map { k in Node(feature: tree.feature[k], left: tree.left[k], right: tree.right[k], threshold: tree.threshold[k]) }
        // The path to the current node: (node, went left) per split.
        var path: [(node: Int, left: Bool)] = []
        var stack: [(node: Int, depth: Int, left: Bool)] = [(0, 0, true)]
        var weights: [Double] = [], e: [[Double]] = []
        while let (node, depth, left) = stack.popLast() {
            path.removeLast(path.count - depth)
            if depth > 0 { path[depth - 1].left = left }
            if tree.feature[node] >= 0 {
                path.append((node, true))
                stack.append((Int(tree.right[node]), depth + 1, false))
                stack.append((Int(tree.left[node]), depth + 1, true))
                continue
            }
            // A leaf: merge the path's splits by feature.
            var features: [Int] = [], zeros: [Double] = []
            let firstSplit = splits.count
            for (parent, wentLeft) in path {
                let f = Int(tree.feature[parent]), child = Int(wentLeft ? tree.left[parent] : tree.right[parent])
                let slot = features.firstIndex(of: f) ?? {
                    features.append(f)
                    zeros.append(1)
                    return features.count - 1
                }()
                zeros[slot] *= tree.cover[child] / tree.cover[parent]
                nodes[parent].bit = slot < 64 ? 1 << UInt64(slot) : 0
                splits.append(PathSplit(node: parent, left: wentLeft, slot: slot))
            }
            let v = tree.value[node], D = features.count, firstSlot = slots.count
            slots += zip(features, zeros).map { Slot(feature: $0, zero: $1) }
            expected += v * zeros.reduce(1, *)
            var at = -1
            if D > 0, D <= tableDepth, D <= 12 || (1 << D) <= rows {
                at = table.count
                Self.shapleyWeights(D, into: &weights)
                Self.tabulate(zeros, weights: weights, e: &e, into: &table)
            } else {
                anyDirect = anyDirect || D > 0
            }
            leaves.append(Leaf(value: v, node: node, slots: firstSlot..<slots.count, splits: firstSplit..<splits.count, table: at))
        }
    }

    /// w(s, D) = s!(D − s − 1)!/D! for s = 0…D − 1, by the ratio w(s + 1) / w(s) = (s + 1)/(D − s − 1).
    static func shapleyWeights(_ D: Int, into w: inout [Double]) {
        w.removeAll(keepingCapacity: true)
        var current = 1 / Double(D)
        for s in 0..<D {
            w.append(current)
            if s + 1 < D { current *= Double(s + 1) / Double(D - s - 1) }
        }
    }

    /// Appends, for every mask T over `zeros` (bit i ↔ slot i), the pair L(T), Z_{P∖T} = Π_{i∉T} z_i at 2T, 2T + 1: the
    /// elementary symmetric polynomials built slot by slot, e(T ∪ {i}) = e(T)·(1 + z_i t), in a depth-first walk over
    /// the subsets from slot D − 1 down (`e` is scratch).
    static func tabulate(_ zeros: [Double], weights w: [Double], e: inout [[Double]], into table: inout [Double]) {
        let D = zeros.count, start = table.count
        table += [Double](repeating: 0, count: 2 << D)
        // e[k] holds the polynomial of the subset chosen among slots k…D−1 so far; e[D] is 1.
        while e.count <= D { e.append([]) }
        e[D] = [1]
        func fill(_ slot: Int, _ mask: Int, _ absent: Double) {
            if slot < 0 {
                let poly = e[0], size = poly.count - 1   // |T|
                var l = 0.0
                for k in 0...size where k < D { l += w[k] * poly[size - k] }
                table[start + 2 * mask] = l
                table[start + 2 * mask + 1] = absent
                return
            }
            e[slot] = e[slot + 1]
            fill(slot - 1, mask, absent * zeros[slot])
            let base = e[slot + 1]
            var grown = base + [0]
            for k in stride(from: base.count, to: 0, by: -1) { grown[k] += zeros[slot] * base[k - 1] }
            e[slot] = grown
            fill(slot - 1, mask | (1 << slot), absent)
        }
        fill(D - 1, 0, 1)
    }

    /// Adds this tree's attributions of `rows` (x row-major, `features` wide) into `phi`. Each row's set A of satisfied
    /// path features reaches every leaf as a bit mask: the nodes in index order (children after parents), each
    /// child inheriting its parent's mask less the parent's bit on the side the row does not take.
    func explain(rows: Range<Int>, x: UnsafePointer<Float>, features d: Int, into phi: UnsafeMutablePointer<Double>) {
        var masks = [UInt64](repeating: 0, count: nodes.count), goesLeft = [Bool](repeating: false, count: nodes.count)
        var satisfied: [Bool] = [], poly: [Double] = [], weights: [Double] = []
        nodes.withUnsafeBufferPointer { nodes in
        slots.withUnsafeBufferPointer { slots in
        table.withUnsafeBufferPointer { table in
        masks.withUnsafeMutableBufferPointer { masks in
            for r in rows {
                let xr = x + r &* d, out = phi + r &* d
                masks[0] = ~0
                for k in nodes.indices where nodes[k].feature >= 0 {
                    let node = nodes[k], m = masks[k], go = Double(xr[Int(node.feature)]) <= node.threshold
                    masks[Int(node.left)] = go ? m : m & ~node.bit
                    masks[Int(node.right)] = go ? m & ~node.bit : m
                    if anyDirect { goesLeft[k] = go }
                }
                for leaf in leaves where !leaf.slots.isEmpty {
                    let s0 = leaf.slots.lowerBound, D = leaf.slots.count, t = leaf.table
                    guard t >= 0 else {
                        satisfied.removeAll(keepingCapacity: true)
                        satisfied += repeatElement(true, count: D)
                        for c in leaf.splits where goesLeft[splits[c].node] != splits[c].left { satisfied[splits[c].slot] = false }
                        Self.direct(leaf.value, slots: self.slots[leaf.slots], satisfied: satisfied, poly: &poly, weights: &weights, into: out)
                        continue
                    }
                    let mask = Int(truncatingIfNeeded: masks[leaf.node] & ((1 << UInt64(D)) &- 1))
                    let zb = table[t &+ 2 &* mask &+ 1]
                    if zb == 0 { continue }
                    let vz = leaf.value * zb, absent = vz * table[t &+ 2 &* mask]
                    for i in 0..<D {
                        let slot = slots[s0 &+ i]
                        if mask & (1 &<< i) != 0 {
                            out[slot.feature] += vz * (1 - slot.zero) * table[t &+ 2 &* (mask ^ (1 &<< i))]
                        } else {
                            out[slot.feature] -= absent
                        }
                    }
                }
            }
        }}}}
    }

    /// One leaf's attributions without a table: e(z_A) by products, L(A) from it, and L(A \ {i}) from e(z_A) / (1 + z_i t)
    /// by synthetic division (stable, as 0 ≤ z_i ≤ 1).
    static func direct(_ v: Double, slots: ArraySlice<Slot>, satisfied: [Bool], poly e: inout [Double], weights w: inout [Double],
                       into out: UnsafeMutablePointer<Double>) {
        let D = slots.count, s0 = slots.startIndex
        shapleyWeights(D, into: &w)
        var zb = 1.0
        e.removeAll(keepingCapacity: true)
        e.append(1)
        for i in 0..<D {
            let z = slots[s0 + i].zero
            if satisfied[i] {
                e.append(0)
                for k in stride(from: e.count - 1, to: 0, by: -1) { e[k] += z * e[k - 1] }
            } else {
                zb *= z
            }
        }
        if zb == 0 { return }
        let a = e.count - 1
        var absent = 0.0
        for k in 0...a where k < D { absent += w[k] * e[a - k] }
        for i in 0..<D {
            let f = slots[s0 + i].feature, z = slots[s0 + i].zero
            guard satisfied[i] else {
                out[f] -= v * zb * absent
                continue
            }
            // q = e / (1 + z t), degree a − 1; L(A \ {i}) = Σ_k w(k) q_{a−1−k}.
            var q = 1.0, qs: [Double] = [1]
            for k in 1..<max(a, 1) {
                q = e[k] - z * q
                qs.append(q)
            }
            var present = 0.0
            for k in 0..<a { present += w[k] * qs[a - 1 - k] }
            out[f] += v * zb * (1 - z) * present
        }
    }
}
