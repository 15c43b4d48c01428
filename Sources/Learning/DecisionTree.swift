#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// A CART classification tree grown as scikit-learn's `DecisionTreeClassifier` (best splitter, depth-first):
/// at each node every candidate feature's split points (midpoints between consecutive distinct values more
/// than 1e-7 apart, each side with at least `min_samples_leaf` rows) are scored by the weighted impurity
/// decrease, Gini 1 − Σₖ pₖ² or entropy −Σₖ pₖ log₂ pₖ with pₖ the weighted class shares; a node is a leaf at
/// `max_depth`, below `min_samples_split` or 2·`min_samples_leaf` rows, or when pure. Rows of weight 0 are left
/// out (as scikit-learn does); other weights enter every share exactly. Ties between equally good splits go to
/// the lowest feature index, then the lowest threshold (scikit-learn draws the feature order at random, so its
/// ties may differ); with `max_features` below the feature count each node examines a seeded random subset.
public final class DecisionTree: WeightedFitting {
    /// The impurity measure.
    public enum Criterion: String, CaseIterable, Sendable {
        case gini, entropy
    }

    /// How many features each node examines.
    public enum MaxFeatures: Equatable, Sendable {
        /// Every feature.
        case all
        /// A fixed number (at most the feature count).
        case count(Int)
        /// A share of the features, at least one.
        case fraction(Double)
        /// ⌊√d⌋ or ⌊log₂ d⌋, at least one.
        case sqrt, log2

        /// `name` ("all", "sqrt", "log2"), or an error listing them.
        public init(named name: String) throws {
            switch name {
            case "all": self = .all
            case "sqrt": self = .sqrt
            case "log2": self = .log2
            default: throw LearningError.invalid("DecisionTree: max_features must be a count, a fraction in (0, 1), 'sqrt', 'log2' or 'all', got '\(name)'")
            }
        }

        /// A count (an integral number ≥ 1) or a fraction in (0, 1).
        public init(_ number: Double) throws {
            if number >= 1, number < 9.0e15, number == number.rounded() {
                self = .count(Int(number))
            } else if number > 0, number < 1 {
                self = .fraction(number)
            } else {
                throw LearningError.invalid("DecisionTree: max_features must be a count ≥ 1 or a fraction in (0, 1), got \(number)")
            }
        }

        /// The number of features examined out of `d`.
        func resolve(_ d: Int) -> Int {
            switch self {
            case .all: return d
            case let .count(k): return min(k, d)
            case let .fraction(f): return max(1, Int(f * Double(d)))
            case .sqrt: return max(1, Int(Double(d).squareRoot()))
            case .log2: return max(1, Int(Glibc.log2(Double(max(d, 1)))))
            }
        }

        /// The setting as a model-file value.
        var archived: ModelValue {
            switch self {
            case .all: return .text("all")
            case .sqrt: return .text("sqrt")
            case .log2: return .text("log2")
            case let .count(k): return .number(Double(k))
            case let .fraction(f): return .number(f)
            }
        }
    }

    /// The deepest a leaf may be (nil: no limit).
    public let maxDepth: Int?
    /// The fewest rows a leaf may hold.
    public let minSamplesLeaf: Int
    /// The fewest rows a node needs to be split.
    public let minSamplesSplit: Int
    /// The impurity measure.
    public let criterion: Criterion
    /// The features each node examines.
    public let maxFeatures: MaxFeatures
    /// The seed of the feature subsets.
    public let seed: UInt64
    /// The fitted nodes (empty before `fit`); `value` is P(y = 1) at each node.
    public private(set) var nodes = TreeNodes()
    /// The number of features the tree was fitted on.
    public private(set) var featureCount = 0
    /// The binned columns, shared with this tree's blank copies.
    private let binning: DecisionTreeBins
    /// The matrix fitted on (weak), its version, and each of its rows' leaf value when every row took part (a
    /// reduction scores the learner on its training rows right after each fit).
    private weak var fittedSource: Tensor?
    private var fittedVersion = -1, fittedValues: [Double] = []

    /// A tree with scikit-learn's defaults (no depth limit, leaves of 1 row, splits of 2, Gini, every feature).
    public convenience init(maxDepth: Int? = nil, minSamplesLeaf: Int = Settings().minSamplesLeaf, minSamplesSplit: Int = Settings().minSamplesSplit,
                            criterion: Criterion = Settings().criterion, maxFeatures: MaxFeatures = Settings().maxFeatures, seed: UInt64 = 0) throws {
        try self.init(maxDepth: maxDepth, minSamplesLeaf: minSamplesLeaf, minSamplesSplit: minSamplesSplit, criterion: criterion,
                      maxFeatures: maxFeatures, seed: seed, binning: DecisionTreeBins())
    }

    private init(maxDepth: Int?, minSamplesLeaf: Int, minSamplesSplit: Int, criterion: Criterion, maxFeatures: MaxFeatures,
                 seed: UInt64, binning: DecisionTreeBins) throws {
        if let maxDepth, maxDepth < 1 { throw LearningError.invalid("DecisionTree: max_depth must be at least 1 (or nil for no limit), got \(maxDepth)") }
        guard minSamplesLeaf >= 1 else { throw LearningError.invalid("DecisionTree: min_samples_leaf must be at least 1, got \(minSamplesLeaf)") }
        guard minSamplesSplit >= 2 else { throw LearningError.invalid("DecisionTree: min_samples_split must be at least 2, got \(minSamplesSplit)") }
        if case let .count(k) = maxFeatures, k < 1 { throw LearningError.invalid("DecisionTree: max_features must be at least 1, got \(k)") }
        if case let .fraction(f) = maxFeatures, !(f > 0 && f <= 1) { throw LearningError.invalid("DecisionTree: max_features fraction must be in (0, 1], got \(f)") }
        self.maxDepth = maxDepth
        self.minSamplesLeaf = minSamplesLeaf
        self.minSamplesSplit = minSamplesSplit
        self.criterion = criterion
        self.maxFeatures = maxFeatures
        self.seed = seed
        self.binning = binning
    }

    /// An unfitted copy with the same settings (sharing the bins of the last matrix fitted).
    public func blank() -> DecisionTree {
        // The settings were validated when self was made.
        (try? DecisionTree(maxDepth: maxDepth, minSamplesLeaf: minSamplesLeaf, minSamplesSplit: minSamplesSplit, criterion: criterion,
                           maxFeatures: maxFeatures, seed: seed, binning: binning)) ?? self
    }

    /// Checks `x`, 0/1 labels `y` and optional weights for a fit; the weights (ones when absent).
    static func validate(_ name: String, _ x: Tensor, _ y: [Double], _ weights: [Double]?, checkValues: Bool = true) throws -> [Double] {
        guard x.dim == 2 else { throw LearningError.shape(layer: name, expected: "(rows, features)", got: x.shape) }
        let n = x.shape[0]
        guard n > 0, x.shape[1] > 0 else { throw LearningError.invalid("\(name): no rows or no features to fit") }
        guard x.storage.count < Int(Int32.max) else { throw LearningError.invalid("\(name): at most \(Int32.max - 1) values, got \(x.storage.count)") }
        guard y.count == n else { throw LearningError.invalid("\(name): \(n) rows but \(y.count) labels") }
        if let bad = y.first(where: { $0 != 0 && $0 != 1 }) { throw LearningError.invalid("\(name): labels must be 0 or 1, found \(bad)") }
        let w = weights ?? [Double](repeating: 1, count: n)
        guard w.count == n else { throw LearningError.invalid("\(name): \(n) rows but \(w.count) weights") }
        if let bad = w.first(where: { !($0 >= 0 && $0.isFinite) }) { throw LearningError.invalid("\(name): weights must be finite and ≥ 0, found \(bad)") }
        let total = w.reduce(0, +)
        guard total > 0, total.isFinite else { throw LearningError.invalid("\(name): the weights sum to \(total); they must have a finite positive sum") }
        if checkValues, let bad = x.storage.first(where: { !$0.isFinite }) { throw LearningError.invalid("\(name): features must be finite, found \(bad)") }
        return w
    }

    /// Fits on `x` (rows × features) and 0/1 labels with optional sample weights.
    public func fit(_ x: Tensor, _ y: [Double], weights: [Double]? = nil) throws {
        // A matrix whose bins are kept (a reduction refitting on the same rows) was checked when they were made.
        let w = try Self.validate("DecisionTree", x, y, weights, checkValues: !binning.holds(x))
        let d = x.shape[1]
        var builder = Builder(tree: self, x: x, bins: binning.bins(x), labels: y.map { $0 == 1 }, weights: w, sample: maxFeatures.resolve(d))
        nodes = builder.grow()
        featureCount = d
        let everyRow = builder.rows.count == x.shape[0]
        (fittedSource, fittedVersion, fittedValues) = (everyRow ? x : nil, x.version, everyRow ? builder.leafValues : [])
    }

    /// P(y = 1) per row of `x`: the share of positive weight in the leaf it reaches.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        guard nodes.nodeCount > 0 else { throw LearningError.invalid("DecisionTree: call fit first") }
        guard x.dim == 2, x.shape[1] == featureCount else {
            throw LearningError.shape(layer: "DecisionTree", expected: "(rows, \(featureCount))", got: x.shape)
        }
        if let s = fittedSource, s === x, s.version == fittedVersion, fittedValues.count == x.shape[0] { return fittedValues }
        return nodes.predict(x, features: featureCount)
    }

    /// The tree as indented rules (scikit-learn's `export_text`), features named by `names`.
    public func text(names: [String], decimals: Int = 2) -> String { nodes.text(names: names, decimals: decimals) }

    /// The depth-first builder over binned columns: each node owns a range of `rows` (in increasing row order),
    /// sums its rows' class weights into one histogram over every feature's bins, and scans each feature's bins in
    /// increasing value order; a split partitions the range stably.
    struct Builder {
        let maxDepth: Int, minLeaf: Int, minSplit: Int, entropy: Bool, sample: Int
        let d: Int
        let bins: DecisionTreeBins.Table
        let labels: [Bool], weights: [Double]
        var random: RandomGenerator
        /// The rows of non-zero weight (scikit-learn leaves the others out), node after node.
        var rows: [Int32], scratch: [Int32]
        /// The node's class weights and row counts per bin.
        var w0: [Double], w1: [Double], counts: [Int32]
        /// Each row's leaf value, filled as leaves are made (NaN for rows of weight 0, which grow no node).
        var leafValues: [Double]

        init(tree: DecisionTree, x: Tensor, bins: DecisionTreeBins.Table, labels: [Bool], weights: [Double], sample: Int) {
            maxDepth = tree.maxDepth ?? Int.max
            minLeaf = tree.minSamplesLeaf
            minSplit = tree.minSamplesSplit
            entropy = tree.criterion == .entropy
            self.sample = sample
            d = x.shape[1]
            self.bins = bins
            self.labels = labels
            self.weights = weights
            random = RandomGenerator(seed: tree.seed)
            rows = weights.indices.filter { weights[$0] > 0 }.map { Int32($0) }
            scratch = rows
            leafValues = [Double](repeating: .nan, count: weights.count)
            w0 = [Double](repeating: 0, count: bins.levels.count)
            w1 = w0
            counts = [Int32](repeating: 0, count: bins.levels.count)
        }

        /// Impurity of a node with class weights `w0`, `w1` summing to `total` (scikit-learn's formulas).
        @inline(__always)
        func impurity(_ w0: Double, _ w1: Double, _ total: Double) -> Double {
            if entropy {
                var e = 0.0
                if w0 > 0 { e -= w0 / total * (Glibc.log(w0 / total) / Glibc.log(2.0)) }
                if w1 > 0 { e -= w1 / total * (Glibc.log(w1 / total) / Glibc.log(2.0)) }
                return e
            }
            return 1 - (w0 * w0 + w1 * w1) / (total * total)
        }

        /// The histograms of rows `start..<end` (class weights `t0`, `t1`): the listed bins summed, each
        /// feature's default bin the node's total minus the feature's other bins.
        mutating func histogram(_ start: Int, _ end: Int, t0: Double, t1: Double) {
            let count = Int32(end - start)
            rows.withUnsafeBufferPointer { r in
                bins.rowStart.withUnsafeBufferPointer { rowStart in
                    bins.bins.withUnsafeBufferPointer { b in
                        w0.withUnsafeMutableBufferPointer { h0 in
                            w1.withUnsafeMutableBufferPointer { h1 in
                                counts.withUnsafeMutableBufferPointer { c in
                                    for k in 0..<h0.count {
                                        h0[k] = 0
                                        h1[k] = 0
                                        c[k] = 0
                                    }
                                    for k in start..<end {
                                        let row = Int(r[k]), w = weights[row]
                                        if labels[row] {
                                            for e in rowStart[row]..<rowStart[row &+ 1] {
                                                let bin = Int(b[e])
                                                h1[bin] += w
                                                c[bin] &+= 1
                                            }
                                        } else {
                                            for e in rowStart[row]..<rowStart[row &+ 1] {
                                                let bin = Int(b[e])
                                                h0[bin] += w
                                                c[bin] &+= 1
                                            }
                                        }
                                    }
                                    for f in 0..<d {
                                        let common = bins.defaults[f]
                                        var s0 = 0.0, s1 = 0.0, sc: Int32 = 0
                                        for bin in bins.offsets[f]..<bins.offsets[f + 1] where bin != common {
                                            s0 += h0[bin]
                                            s1 += h1[bin]
                                            sc &+= c[bin]
                                        }
                                        c[common] = count &- sc
                                        // An empty default bin holds exactly nothing (not the rounding of a difference).
                                        h0[common] = c[common] > 0 ? max(t0 - s0, 0) : 0
                                        h1[common] = c[common] > 0 ? max(t1 - s1, 0) : 0
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        /// The best split of a node of `rows` rows and class weights `t0`, `t1` whose histogram is built: feature,
        /// threshold and the number of rows going left.
        mutating func bestSplit(rows: Int, t0: Double, t1: Double, total: Double) -> (feature: Int, threshold: Double, left: Int)? {
            var best: (feature: Int, threshold: Double, left: Int)?
            var bestProxy = -Double.infinity
            let candidates = sample < d ? random.permutation(d) : Array(0..<d)
            var visited = 0
            bins.levels.withUnsafeBufferPointer { levels in
                w0.withUnsafeBufferPointer { h0 in
                    w1.withUnsafeBufferPointer { h1 in
                        counts.withUnsafeBufferPointer { c in
                            for f in candidates {
                                if visited >= sample { break }
                                let from = bins.offsets[f], to = bins.offsets[f + 1]
                                var lo = from, hi = to - 1
                                while lo < to && c[lo] == 0 { lo &+= 1 }
                                while hi > lo && c[hi] == 0 { hi &-= 1 }
                                // A feature constant in this node is skipped and does not count towards max_features.
                                if lo >= to || levels[hi] <= levels[lo] + 1e-7 { continue }
                                visited += 1
                                var l0 = 0.0, l1 = 0.0, nl = 0
                                var here = levels[lo]
                                for bin in lo...hi where c[bin] > 0 {
                                    let next = levels[bin]
                                    // A candidate between the last non-empty bin and this one, as between two sorted rows.
                                    if nl > 0 && next > here + 1e-7 && nl >= minLeaf && rows - nl >= minLeaf {
                                        let wl = l0 + l1, wr = total - wl
                                        let proxy = -wr * impurity(t0 - l0, t1 - l1, wr) - wl * impurity(l0, l1, wl)
                                        if proxy > bestProxy {
                                            bestProxy = proxy
                                            var threshold = here / 2 + next / 2
                                            if threshold == next || !threshold.isFinite { threshold = here }
                                            best = (f, threshold, nl)
                                        }
                                    }
                                    l0 += h0[bin]
                                    l1 += h1[bin]
                                    nl &+= Int(c[bin])
                                    here = next
                                }
                            }
                        }
                    }
                }
            }
            return best
        }

        /// Moves the rows of `start..<end` whose `feature` is at most `threshold` before the others, stably.
        mutating func partition(_ start: Int, _ end: Int, feature: Int, threshold: Double) {
            // The feature's values, contiguous (rows ascending within a node); no branch per row: each row is written
            // to both sides and only its own side's position advances.
            let column = feature &* (bins.rowStart.count - 1)
            bins.values.withUnsafeBufferPointer { xs in
                rows.withUnsafeMutableBufferPointer { r in
                    scratch.withUnsafeMutableBufferPointer { right in
                        var l = start, n = 0
                        for k in start..<end {
                            let row = r[k], left = Double(xs[column &+ Int(row)]) <= threshold ? 1 : 0
                            r[l] = row
                            right[n] = row
                            l &+= left
                            n &+= 1 &- left
                        }
                        for k in 0..<n { r[l &+ k] = right[k] }
                    }
                }
            }
        }

        /// Grows the tree from all rows; nodes numbered depth first, left subtree first (scikit-learn's order).
        mutating func grow() -> TreeNodes {
            var tree = TreeNodes()
            var stack: [(start: Int, end: Int, depth: Int, parent: Int, isLeft: Bool)] = [(0, rows.count, 0, -1, true)]
            while let (start, end, depth, parent, isLeft) = stack.popLast() {
                var t0 = 0.0, t1 = 0.0
                for k in start..<end {
                    let row = Int(rows[k])
                    if labels[row] { t1 += weights[row] } else { t0 += weights[row] }
                }
                let total = t0 + t1, count = end - start
                let node = tree.append(feature: -1, threshold: 0, value: t1 / total, cover: total, count: count)
                if parent >= 0 { tree.link(parent, node, isLeft: isLeft) }
                // A leaf's rows take its value (rows[start..<end] is final once a node is a leaf).
                func leaf() { for k in start..<end { leafValues[Int(rows[k])] = t1 / total } }
                if depth >= maxDepth || count < minSplit || count < 2 * minLeaf || impurity(t0, t1, total) <= Double.ulpOfOne { leaf(); continue }
                histogram(start, end, t0: t0, t1: t1)
                guard let split = bestSplit(rows: count, t0: t0, t1: t1, total: total) else { leaf(); continue }
                tree.feature[node] = Int32(split.feature)
                tree.threshold[node] = split.threshold
                partition(start, end, feature: split.feature, threshold: split.threshold)
                stack.append((start + split.left, end, depth + 1, node, false))
                stack.append((start, start + split.left, depth + 1, node, true))
            }
            return tree
        }
    }
}

extension DecisionTree: ArchivableEstimator {
    /// The settings and the node arrays in Float64 (bit-exact).
    public func archive() throws -> EstimatorArchive {
        guard nodes.nodeCount > 0 else { throw LearningError.invalid("save: the DecisionTree is not fitted (call fit first)") }
        var settings: [String: ModelValue] = ["min_samples_leaf": .number(Double(minSamplesLeaf)), "min_samples_split": .number(Double(minSamplesSplit)),
                                              "criterion": .text(criterion.rawValue), "max_features": maxFeatures.archived,
                                              "seed": .number(Double(seed)), "features": .number(Double(featureCount))]
        if let maxDepth { settings["max_depth"] = .number(Double(maxDepth)) }
        return EstimatorArchive(kind: "DecisionTree", settings: settings, tensors: nodes.archived())
    }

    /// The fitted tree of `archive`.
    @Sendable public static func unarchive(_ archive: EstimatorArchive, _: EstimatorLoader) throws -> Classifier {
        func int(_ name: String) throws -> Int {
            guard let i = Int(exactly: try archive.number(name)) else { throw LearningError.invalid("DecisionTree: the setting '\(name)' is not an integer") }
            return i
        }
        let maxFeatures: MaxFeatures
        switch archive.settings["max_features"] {
        case let .text(name)?: maxFeatures = try MaxFeatures(named: name)
        case let .number(k)?: maxFeatures = try MaxFeatures(k)
        default: maxFeatures = .all
        }
        guard let criterion = Criterion(rawValue: archive.settings["criterion"]?.text ?? "gini") else {
            throw LearningError.invalid("DecisionTree: unknown criterion")
        }
        let tree = try DecisionTree(maxDepth: archive.settings["max_depth"] == nil ? nil : try int("max_depth"), minSamplesLeaf: try int("min_samples_leaf"),
                                    minSamplesSplit: try int("min_samples_split"), criterion: criterion, maxFeatures: maxFeatures,
                                    seed: UInt64(exactly: try archive.number("seed")) ?? 0)
        let features = try int("features")
        guard features > 0 else { throw LearningError.invalid("DecisionTree: the feature count must be positive") }
        tree.nodes = try TreeNodes(archive, features: features)
        tree.featureCount = features
        return tree
    }
}
