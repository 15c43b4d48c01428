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
    /// The sorted columns, shared with this tree's blank copies.
    private let presort: DecisionTreePresort

    /// A tree with scikit-learn's defaults (no depth limit, leaves of 1 row, splits of 2, Gini, every feature).
    public convenience init(maxDepth: Int? = nil, minSamplesLeaf: Int = Settings().minSamplesLeaf, minSamplesSplit: Int = Settings().minSamplesSplit,
                            criterion: Criterion = Settings().criterion, maxFeatures: MaxFeatures = Settings().maxFeatures, seed: UInt64 = 0) throws {
        try self.init(maxDepth: maxDepth, minSamplesLeaf: minSamplesLeaf, minSamplesSplit: minSamplesSplit, criterion: criterion,
                      maxFeatures: maxFeatures, seed: seed, presort: DecisionTreePresort())
    }

    private init(maxDepth: Int?, minSamplesLeaf: Int, minSamplesSplit: Int, criterion: Criterion, maxFeatures: MaxFeatures,
                 seed: UInt64, presort: DecisionTreePresort) throws {
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
        self.presort = presort
    }

    /// An unfitted copy with the same settings (sharing the sorted columns of the last matrix fitted).
    public func blank() -> DecisionTree {
        // The settings were validated when self was made.
        (try? DecisionTree(maxDepth: maxDepth, minSamplesLeaf: minSamplesLeaf, minSamplesSplit: minSamplesSplit, criterion: criterion,
                           maxFeatures: maxFeatures, seed: seed, presort: presort)) ?? self
    }

    /// Checks `x`, 0/1 labels `y` and optional weights for a fit; the weights (ones when absent).
    static func validate(_ name: String, _ x: Tensor, _ y: [Double], _ weights: [Double]?) throws -> [Double] {
        guard x.dim == 2 else { throw LearningError.shape(layer: name, expected: "(rows, features)", got: x.shape) }
        let n = x.shape[0]
        guard n > 0, x.shape[1] > 0 else { throw LearningError.invalid("\(name): no rows or no features to fit") }
        guard n < Int(Int32.max) else { throw LearningError.invalid("\(name): at most \(Int32.max - 1) rows, got \(n)") }
        guard y.count == n else { throw LearningError.invalid("\(name): \(n) rows but \(y.count) labels") }
        if let bad = y.first(where: { $0 != 0 && $0 != 1 }) { throw LearningError.invalid("\(name): labels must be 0 or 1, found \(bad)") }
        let w = weights ?? [Double](repeating: 1, count: n)
        guard w.count == n else { throw LearningError.invalid("\(name): \(n) rows but \(w.count) weights") }
        if let bad = w.first(where: { !($0 >= 0 && $0.isFinite) }) { throw LearningError.invalid("\(name): weights must be finite and ≥ 0, found \(bad)") }
        let total = w.reduce(0, +)
        guard total > 0, total.isFinite else { throw LearningError.invalid("\(name): the weights sum to \(total); they must have a finite positive sum") }
        if let bad = x.storage.first(where: { !$0.isFinite }) { throw LearningError.invalid("\(name): features must be finite, found \(bad)") }
        return w
    }

    /// Fits on `x` (rows × features) and 0/1 labels with optional sample weights.
    public func fit(_ x: Tensor, _ y: [Double], weights: [Double]? = nil) throws {
        let w = try Self.validate("DecisionTree", x, y, weights)
        let n = x.shape[0], d = x.shape[1]
        let sorted = presort.sorted(x)
        // The rows of non-zero weight, in each feature's order, with their values beside them.
        var keep = [Bool](repeating: false, count: n)
        var m = 0
        for i in 0..<n where w[i] > 0 {
            keep[i] = true
            m += 1
        }
        var order = [Int32](repeating: 0, count: m * d), values = [Float](repeating: 0, count: m * d)
        x.storage.withUnsafeBufferPointer { xs in
            sorted.withUnsafeBufferPointer { s in
                order.withUnsafeMutableBufferPointer { o in
                    values.withUnsafeMutableBufferPointer { v in
                        for f in 0..<d {
                            var k = f &* m
                            for j in 0..<n {
                                let row = Int(s[f &* n &+ j])
                                if keep[row] {
                                    o[k] = Int32(row)
                                    v[k] = xs[row &* d &+ f]
                                    k &+= 1
                                }
                            }
                        }
                    }
                }
            }
        }
        var builder = Builder(tree: self, rows: m, features: d, order: order, values: values,
                              labels: y.map { $0 == 1 }, weights: w, sample: maxFeatures.resolve(d))
        nodes = builder.grow()
        featureCount = d
    }

    /// P(y = 1) per row of `x`: the share of positive weight in the leaf it reaches.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        guard nodes.nodeCount > 0 else { throw LearningError.invalid("DecisionTree: call fit first") }
        guard x.dim == 2, x.shape[1] == featureCount else {
            throw LearningError.shape(layer: "DecisionTree", expected: "(rows, \(featureCount))", got: x.shape)
        }
        return nodes.predict(x, features: featureCount)
    }

    /// The tree as indented rules (scikit-learn's `export_text`), features named by `names`.
    public func text(names: [String], decimals: Int = 2) -> String { nodes.text(names: names, decimals: decimals) }

    /// The depth-first builder over presorted columns: each node owns the same range of every feature's
    /// order, and a split partitions each range stably, so no node ever sorts.
    struct Builder {
        let maxDepth: Int, minLeaf: Int, minSplit: Int, entropy: Bool, sample: Int
        let m: Int, d: Int
        var order: [Int32], values: [Float]
        let labels: [Bool], weights: [Double]
        var random: RandomGenerator
        var goesLeft: [Bool]
        var scratch: [Int32], scratchValues: [Float]

        init(tree: DecisionTree, rows: Int, features: Int, order: [Int32], values: [Float], labels: [Bool], weights: [Double], sample: Int) {
            maxDepth = tree.maxDepth ?? Int.max
            minLeaf = tree.minSamplesLeaf
            minSplit = tree.minSamplesSplit
            entropy = tree.criterion == .entropy
            self.sample = sample
            m = rows
            d = features
            self.order = order
            self.values = values
            self.labels = labels
            self.weights = weights
            random = RandomGenerator(seed: tree.seed)
            goesLeft = [Bool](repeating: false, count: labels.count)
            scratch = [Int32](repeating: 0, count: rows)
            scratchValues = [Float](repeating: 0, count: rows)
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

        /// The best split of rows `start..<end`: feature, position (first row of the right side) and threshold.
        mutating func bestSplit(_ start: Int, _ end: Int, t0: Double, t1: Double, total: Double) -> (feature: Int, position: Int, threshold: Double)? {
            var best: (feature: Int, position: Int, threshold: Double)?
            var bestProxy = -Double.infinity
            let candidates = sample < d ? random.permutation(d) : Array(0..<d)
            var visited = 0
            order.withUnsafeBufferPointer { o in
                values.withUnsafeBufferPointer { v in
                    for f in candidates {
                        if visited >= sample { break }
                        let base = f &* m
                        // A feature constant in this node is skipped and does not count towards max_features.
                        if Double(v[base &+ end &- 1]) <= Double(v[base &+ start]) + 1e-7 { continue }
                        visited += 1
                        var l0 = 0.0, l1 = 0.0, wl = 0.0
                        for k in start..<(end - 1) {
                            let row = Int(o[base &+ k]), w = weights[row]
                            if labels[row] { l1 += w } else { l0 += w }
                            wl += w
                            let here = Double(v[base &+ k]), next = Double(v[base &+ k &+ 1])
                            if next <= here + 1e-7 { continue }
                            let nl = k + 1 - start
                            if nl < minLeaf || end - k - 1 < minLeaf { continue }
                            let wr = total - wl
                            let proxy = -wr * impurity(t0 - l0, t1 - l1, wr) - wl * impurity(l0, l1, wl)
                            if proxy > bestProxy {
                                bestProxy = proxy
                                var threshold = here / 2 + next / 2
                                if threshold == next || !threshold.isFinite { threshold = here }
                                best = (f, k + 1, threshold)
                            }
                        }
                    }
                }
            }
            return best
        }

        /// Moves the rows of `start..<end` that go left before the others in every feature's order, stably.
        mutating func partition(_ start: Int, _ end: Int, feature: Int, position: Int) {
            let base = feature * m
            for k in start..<end { goesLeft[Int(order[base + k])] = k < position }
            let left = goesLeft
            order.withUnsafeMutableBufferPointer { o in
                values.withUnsafeMutableBufferPointer { v in
                    scratch.withUnsafeMutableBufferPointer { so in
                        scratchValues.withUnsafeMutableBufferPointer { sv in
                            for f in 0..<d where f != feature {
                                let b = f &* m
                                var l = start, r = 0
                                for k in start..<end {
                                    let row = o[b &+ k]
                                    if left[Int(row)] {
                                        o[b &+ l] = row
                                        v[b &+ l] = v[b &+ k]
                                        l &+= 1
                                    } else {
                                        so[r] = row
                                        sv[r] = v[b &+ k]
                                        r &+= 1
                                    }
                                }
                                for k in 0..<r {
                                    o[b &+ l &+ k] = so[k]
                                    v[b &+ l &+ k] = sv[k]
                                }
                            }
                        }
                    }
                }
            }
        }

        /// Grows the tree from all rows; nodes numbered depth first, left subtree first (scikit-learn's order).
        mutating func grow() -> TreeNodes {
            var tree = TreeNodes()
            var stack: [(start: Int, end: Int, depth: Int, parent: Int, isLeft: Bool)] = [(0, m, 0, -1, true)]
            while let (start, end, depth, parent, isLeft) = stack.popLast() {
                var t0 = 0.0, t1 = 0.0
                for k in start..<end {
                    let row = Int(order[k])
                    if labels[row] { t1 += weights[row] } else { t0 += weights[row] }
                }
                let total = t0 + t1, rows = end - start
                let node = tree.append(feature: -1, threshold: 0, value: t1 / total, cover: total, count: rows)
                if parent >= 0 { tree.link(parent, node, isLeft: isLeft) }
                if depth >= maxDepth || rows < minSplit || rows < 2 * minLeaf || impurity(t0, t1, total) <= Double.ulpOfOne { continue }
                guard let split = bestSplit(start, end, t0: t0, t1: t1, total: total) else { continue }
                tree.feature[node] = Int32(split.feature)
                tree.threshold[node] = split.threshold
                partition(start, end, feature: split.feature, position: split.position)
                stack.append((split.position, end, depth + 1, node, false))
                stack.append((start, split.position, depth + 1, node, true))
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
