import Tensors

/// Fairness of a regressor by group (fairlearn#1313, AIF360#232): each group's MAE, RMSE, R² and mean prediction,
/// each group's mean squared error against an optional bound (Fairlearn's bounded group loss, E[(y − ŷ)² | g] ≤ ζ),
/// and demographic parity for regression as Agarwal, Dudík & Wu (2019, "Fair Regression: Quantitative Definitions
/// and Reduction-Based Algorithms", ICML) define it — P(ŷ ≤ z | A = g) = P(ŷ ≤ z) for every z — measured by the
/// Kolmogorov–Smirnov distance sup_z |F_g(z) − F_h(z)| and the 1-Wasserstein distance ∫ |F_g(z) − F_h(z)| dz between
/// the groups' prediction distributions, with a seeded permutation test of the largest distance between two groups.
public struct RegressionFairness: Sendable {
    /// MAE = mean |y − ŷ|, RMSE = (mean (y − ŷ)²)^½, R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (scikit-learn's r2_score: 1 for a
    /// perfect fit of a constant target, 0 for an imperfect one, NaN below two rows), and the mean prediction.
    public struct Scores: Sendable {
        public let mae: Double, rmse: Double, r2: Double, meanPrediction: Double
    }

    /// The groups, sorted.
    public let groups: [String]
    /// Rows per group.
    public let sizes: [Int]
    /// Each group's scores, and the scores over every row.
    public let byGroup: [Scores], overall: Scores
    /// Each group's KS and 1-Wasserstein distance to the predictions of every row (Agarwal et al.'s parity).
    public let ksToOverall: [Double], wassersteinToOverall: [Double]
    /// The largest KS and 1-Wasserstein distance between two groups, and the two groups (indices into `groups`).
    public let ks: Double, ksPair: [Int], wasserstein: Double, wassersteinPair: [Int]
    /// Permutations of the group labels run (0: no test), and the seed.
    public let permutations: Int, seed: UInt64
    /// p = (1 + #{permuted distance ≥ observed}) / (permutations + 1), for `ks` and `wasserstein` (nil without a test).
    public let ksPValue: Double?, wassersteinPValue: Double?
    /// The bound ζ on each group's mean squared error, and whether each group is within it (nil: no bound).
    public let bound: Double?, withinBound: [Bool]?
    /// Groups below `minGroupSize` rows, whose scores are unreliable.
    public let smallGroups: [String], minGroupSize: Int

    /// Measures `predictions` against `targets` for `groups`; `permutations` shuffles of the group labels (seeded)
    /// test the distances; `bound` checks each group's mean squared error (bounded group loss).
    public init(targets: [Double], predictions: [Double], groups: GroupIndex, permutations: Int = 0, seed: UInt64 = 0,
                bound: Double? = nil, minGroupSize: Int = 30) throws {
        guard targets.count == predictions.count else { throw FairnessError.lengthMismatch("y_true", targets.count, "y_pred", predictions.count) }
        guard groups.rowCount == predictions.count else { throw FairnessError.lengthMismatch("sensitive", groups.rowCount, "y_pred", predictions.count) }
        guard !targets.isEmpty else { throw FairnessError.invalid("regression: no rows") }
        if let bad = targets.firstIndex(where: { !$0.isFinite }) { throw FairnessError.invalid("y_true \(bad + 1) is not a finite number") }
        if let bad = predictions.firstIndex(where: { !$0.isFinite }) { throw FairnessError.invalid("y_pred \(bad + 1) is not a finite number") }
        guard groups.count >= 2 else { throw FairnessError.invalid("comparing groups needs at least two; found only \(groups.names.joined())") }
        guard permutations >= 0 && permutations <= 1_000_000 else { throw FairnessError.invalid("permutations must be from 0 to 1000000, got \(permutations)") }
        let g = groups.count
        var sizes = [Int](repeating: 0, count: g)
        for c in groups.codes { sizes[Int(c)] += 1 }
        let absolute = try BoundedGroupLoss(.absolute(min: -.infinity, max: .infinity), upperBound: 0, labels: targets, groups: groups)
        let square = try BoundedGroupLoss(.square(min: -.infinity, max: .infinity), upperBound: bound ?? 0, labels: targets, groups: groups)
        let mae = absolute.gamma(predictions), mse = square.gamma(predictions)
        var targetSum = [Double](repeating: 0, count: g), predictionSum = targetSum
        for i in targets.indices { targetSum[Int(groups.codes[i])] += targets[i]; predictionSum[Int(groups.codes[i])] += predictions[i] }
        var total = [Double](repeating: 0, count: g)
        for i in targets.indices {
            let k = Int(groups.codes[i]), e = targets[i] - targetSum[k] / Double(sizes[k])
            total[k] += e * e
        }
        byGroup = (0..<g).map { k in
            Scores(mae: mae[k], rmse: mse[k].squareRoot(), r2: Self.r2(residual: mse[k] * Double(sizes[k]), total: total[k], n: sizes[k]),
                   meanPrediction: predictionSum[k] / Double(sizes[k]))
        }
        let n = Double(targets.count), mean = targets.reduce(0, +) / n
        let overallSquare = square.objective(predictions)
        overall = Scores(mae: absolute.objective(predictions), rmse: overallSquare.squareRoot(),
                         r2: Self.r2(residual: overallSquare * n, total: targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }, n: targets.count),
                         meanPrediction: predictions.reduce(0, +) / n)
        let cdf = PredictionCDFs(predictions, groups.codes, groupCount: g)
        let observed = cdf.distances(cdf.counts(groups.codes))
        ksToOverall = observed.toOverall.map(\.ks)
        wassersteinToOverall = observed.toOverall.map(\.w1)
        (ks, ksPair, wasserstein, wassersteinPair) = (observed.ks, observed.ksPair, observed.w1, observed.w1Pair)
        self.permutations = permutations
        self.seed = seed
        if permutations > 0 {
            var ksExtreme = 0, w1Extreme = 0
            try StatisticalTests.shuffles(of: groups.codes, permutations, seed: seed, label: "regression permutation test") { codes in
                let d = cdf.distances(cdf.counts(codes))
                if d.ks >= observed.ks - 1e-12 { ksExtreme += 1 }
                if d.w1 >= observed.w1 - 1e-12 { w1Extreme += 1 }
            }
            ksPValue = Double(1 + ksExtreme) / Double(permutations + 1)
            wassersteinPValue = Double(1 + w1Extreme) / Double(permutations + 1)
        } else {
            ksPValue = nil
            wassersteinPValue = nil
        }
        self.bound = bound
        withinBound = bound.map { zeta in mse.map { $0 <= zeta } }
        self.groups = groups.names
        self.sizes = sizes
        self.minGroupSize = minGroupSize
        smallGroups = (0..<g).filter { sizes[$0] < minGroupSize }.map { groups.names[$0] }
    }

    /// scikit-learn's r2_score from the residual and total sums of squares.
    static func r2(residual: Double, total: Double, n: Int) -> Double {
        guard n >= 2 else { return .nan }
        if total == 0 { return residual == 0 ? 1 : 0 }
        return 1 - residual / total
    }
}

/// The predictions sorted once, so that any assignment of rows to groups gives every group's empirical CDF in one pass.
struct PredictionCDFs {
    /// The distinct predictions, ascending, and each row's index among them.
    let values: [Double], rank: [Int]
    /// Groups.
    let groupCount: Int

    init(_ predictions: [Double], _ codes: [Int32], groupCount: Int) {
        let order = predictions.indices.sorted { predictions[$0] < predictions[$1] }
        var values: [Double] = [], rank = [Int](repeating: 0, count: predictions.count)
        for i in order {
            if values.last != predictions[i] { values.append(predictions[i]) }
            rank[i] = values.count - 1
        }
        self.values = values
        self.rank = rank
        self.groupCount = groupCount
    }

    /// counts[g × m + j]: rows of group g whose prediction is the j-th distinct value.
    func counts(_ codes: [Int32]) -> [Int] {
        var c = [Int](repeating: 0, count: groupCount * values.count)
        for i in rank.indices { c[Int(codes[i]) * values.count + rank[i]] += 1 }
        return c
    }

    /// KS and 1-Wasserstein distances between two distributions given as counts over `values` (sizes nA, nB).
    func distance(_ a: (Int) -> Int, _ nA: Int, _ b: (Int) -> Int, _ nB: Int) -> (ks: Double, w1: Double) {
        var ca = 0, cb = 0, ks = 0.0, w1 = 0.0
        for j in values.indices {
            ca += a(j)
            cb += b(j)
            let gap = abs(Double(ca) / Double(nA) - Double(cb) / Double(nB))
            ks = max(ks, gap)
            if j + 1 < values.count { w1 += gap * (values[j + 1] - values[j]) }
        }
        return (ks, w1)
    }

    /// Each group's distances to all rows, and the largest between two groups with the pair.
    func distances(_ counts: [Int]) -> (toOverall: [(ks: Double, w1: Double)], ks: Double, ksPair: [Int], w1: Double, w1Pair: [Int]) {
        let m = values.count
        let sizes = (0..<groupCount).map { g in (0..<m).reduce(0) { $0 + counts[g * m + $1] } }
        let all = (0..<m).map { j in (0..<groupCount).reduce(0) { $0 + counts[$1 * m + j] } }
        let toOverall = (0..<groupCount).map { g in distance({ counts[g * m + $0] }, sizes[g], { all[$0] }, rank.count) }
        var ks = 0.0, w1 = 0.0, ksPair = [0, 1], w1Pair = [0, 1]
        for g in 0..<groupCount where sizes[g] > 0 {
            for h in (g + 1)..<max(g + 1, groupCount) where sizes[h] > 0 {
                let d = distance({ counts[g * m + $0] }, sizes[g], { counts[h * m + $0] }, sizes[h])
                if d.ks > ks { ks = d.ks; ksPair = [g, h] }
                if d.w1 > w1 { w1 = d.w1; w1Pair = [g, h] }
            }
        }
        return (toOverall, ks, ksPair, w1, w1Pair)
    }
}
