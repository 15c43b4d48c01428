import Datasets
import Tensors

/// A fitted binary tree in flat arrays, scikit-learn's layout (`tree_`): node 0 is the root, nodes in depth-first
/// order (left subtree first); an internal node sends a row left when `x[feature] <= threshold` (the Float32
/// feature widened to Double). Decision trees keep P(y = 1) in `value`, boosted trees their leaf output.
public struct TreeNodes: Equatable, Sendable {
    /// The split feature of each node, −1 at leaves.
    public internal(set) var feature: [Int32] = []
    /// The split threshold of each node (unused at leaves).
    public internal(set) var threshold: [Double] = []
    /// The left and right child of each node, −1 at leaves.
    public internal(set) var left: [Int32] = [], right: [Int32] = []
    /// Each node's output: P(y = 1) for a decision tree, the leaf value for a boosted tree.
    public internal(set) var value: [Double] = []
    /// The weighted number of training rows reaching each node (TreeSHAP's cover).
    public internal(set) var cover: [Double] = []
    /// The number of training rows (with non-zero weight) reaching each node.
    public internal(set) var count: [Int] = []

    /// The number of nodes.
    public var nodeCount: Int { feature.count }

    /// The depth of the deepest leaf (0 for a single leaf).
    public var depth: Int {
        var deepest = 0, stack = nodeCount > 0 ? [(0, 0)] : []
        while let (node, d) = stack.popLast() {
            deepest = max(deepest, d)
            if feature[node] >= 0 { stack += [(Int(left[node]), d + 1), (Int(right[node]), d + 1)] }
        }
        return deepest
    }

    /// The number of leaves.
    public var leafCount: Int { feature.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }

    /// Appends a node and returns its index; children are set later with `link`.
    mutating func append(feature f: Int32, threshold t: Double, value v: Double, cover c: Double, count n: Int) -> Int {
        feature.append(f)
        threshold.append(t)
        left.append(-1)
        right.append(-1)
        value.append(v)
        cover.append(c)
        count.append(n)
        return feature.count - 1
    }

    /// Records `child` as the left or right child of `parent`.
    mutating func link(_ parent: Int, _ child: Int, isLeft: Bool) {
        if isLeft { left[parent] = Int32(child) } else { right[parent] = Int32(child) }
    }

    /// The leaf reached by `row` (a pointer to its `features` values).
    @inline(__always)
    func leaf(_ row: UnsafePointer<Float>) -> Int {
        var node = 0
        while feature[node] >= 0 {
            node = Int(Double(row[Int(feature[node])]) <= threshold[node] ? left[node] : right[node])
        }
        return node
    }

    /// The value of the leaf each row of `x` (rows × features) reaches.
    public func predict(_ x: Tensor, features: Int) -> [Double] {
        let n = x.dim == 2 ? x.shape[0] : 0
        guard nodeCount > 0, n > 0 else { return [] }
        var out = [Double](repeating: 0, count: n)
        x.storage.withUnsafeBufferPointer { xs in
            guard let base = xs.baseAddress else { return }
            for i in 0..<n { out[i] = value[leaf(base + i * features)] }
        }
        return out
    }

    /// The tree as scikit-learn's `export_text` prints it: `|--- name <= t` and `|--- name >  t` lines, thresholds
    /// with `decimals` decimals, leaves as `|--- class: 0|1` (the larger probability; 0 on a tie, as argmax)
    /// or, with `classes` false, `|--- value: v`.
    public func text(names: [String], decimals: Int = 2, classes: Bool = true) -> String {
        var out = ""
        let format = "%.\(max(0, min(decimals, 17)))f"
        func name(_ f: Int) -> String { f < names.count ? names[f] : "feature_\(f)" }
        // Iteratively, depth first; a negative entry −k − 1 stands for the "> threshold" line of node k.
        var stack: [(node: Int, depth: Int)] = nodeCount > 0 ? [(0, 1)] : []
        while let (node, depth) = stack.popLast() {
            let indent = String(repeating: "|   ", count: depth - 1) + "|---"
            if node < 0 {
                // A marker: the "> threshold" line of the parent −node − 1, then its right subtree.
                let parent = -node - 1
                out += "\(indent) \(name(Int(feature[parent]))) >  \(formatC(format, threshold[parent]))\n"
                stack.append((Int(right[parent]), depth + 1))
                continue
            }
            if feature[node] < 0 {
                out += classes ? "\(indent) class: \(value[node] > 0.5 ? 1 : 0)\n" : "\(indent) value: \(formatC(format, value[node]))\n"
                continue
            }
            out += "\(indent) \(name(Int(feature[node]))) <= \(formatC(format, threshold[node]))\n"
            stack.append((-node - 1, depth))
            stack.append((Int(left[node]), depth + 1))
        }
        return out
    }

    /// The arrays as model-file tensors under `prefix` (Float64, bit-exact).
    func archived(_ prefix: String = "") -> [String: ArchivedTensor] {
        [prefix + "feature": .float64(feature.map(Double.init)), prefix + "threshold": .float64(threshold),
         prefix + "left": .float64(left.map(Double.init)), prefix + "right": .float64(right.map(Double.init)),
         prefix + "value": .float64(value), prefix + "cover": .float64(cover), prefix + "count": .float64(count.map(Double.init))]
    }

    /// The tree in `archive`'s tensors under `prefix`, checked as `init(feature:…)` checks it.
    init(_ archive: EstimatorArchive, prefix: String = "", features: Int) throws {
        func ints(_ name: String) throws -> [Int] {
            try archive.tensor(prefix + name).doubles.map { d in
                guard let i = Int(exactly: d) else { throw LearningError.invalid("\(archive.kind): '\(prefix + name)' holds \(d), not an integer") }
                return i
            }
        }
        try self.init(feature: try ints("feature"), threshold: try archive.tensor(prefix + "threshold").doubles, left: try ints("left"),
                      right: try ints("right"), value: try archive.tensor(prefix + "value").doubles, cover: try archive.tensor(prefix + "cover").doubles,
                      count: try ints("count"), features: features, source: archive.kind)
    }

    /// A tree from flat arrays (another library's, e.g. scikit-learn's `tree_` or a flattened LightGBM dump), checked:
    /// arrays of one length, every child index in range and after its parent (so every walk ends), no node the child
    /// of two parents (a graph sharing subtrees would make walks over every path exponential), every split feature
    /// below `features`, finite values and covers ≥ 0. `source` names the model in errors.
    public init(feature: [Int], threshold: [Double], left: [Int], right: [Int], value: [Double], cover: [Double], count: [Int]? = nil,
                features: Int, source: String = "tree") throws {
        let n = feature.count
        let count = count ?? cover.map { $0.isFinite && $0 >= 0 && $0 < 9e18 ? Int($0.rounded()) : 0 }
        guard n > 0, n < Int(Int32.max), [left.count, right.count, count.count, threshold.count, value.count, cover.count].allSatisfy({ $0 == n }) else {
            throw LearningError.invalid("\(source): the tree arrays are empty or of different lengths")
        }
        var parents = [Bool](repeating: false, count: n)
        for k in 0..<n {
            guard value[k].isFinite, cover[k].isFinite, cover[k] >= 0 else {
                throw LearningError.invalid("\(source): node \(k) has a non-finite value or a negative or non-finite cover")
            }
            if feature[k] < 0 { continue }
            guard feature[k] < features, left[k] > k, left[k] < n, right[k] > k, right[k] < n, left[k] != right[k] else {
                throw LearningError.invalid("\(source): node \(k) has an invalid feature or children")
            }
            for child in [left[k], right[k]] {
                guard !parents[child] else { throw LearningError.invalid("\(source): node \(child) is the child of two nodes; a tree shares no subtrees") }
                parents[child] = true
            }
        }
        self.feature = feature.map { Int32(max(-1, $0)) }
        self.left = left.map { Int32(clamping: $0) }
        self.right = right.map { Int32(clamping: $0) }
        self.threshold = threshold
        self.value = value
        self.cover = cover
        self.count = count
    }

    /// The same tree with `cover` replaced by the row counts (LightGBM's internal_count, which shap uses as cover).
    var countingCover: TreeNodes {
        var copy = self
        copy.cover = count.map(Double.init)
        return copy
    }

    /// An empty tree, filled by a builder.
    init() {}
}
