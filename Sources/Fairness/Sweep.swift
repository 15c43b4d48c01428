import Datasets
import Tensors

/// A trade-off sweep: accuracy and a fairness gap for each method and parameter value, and the Pareto
/// front (points no other point beats on both: higher accuracy and smaller gap).
public struct Sweep: CustomStringConvertible {
    /// One trained and evaluated configuration.
    public struct Point: Sendable {
        /// The method's name.
        public let method: String
        /// The parameter's name and value (eps, eta, weight, repair level …).
        public let parameter: String, value: Double
        /// Test accuracy.
        public let accuracy: Double
        /// The fairness gap (absolute value of the measure).
        public let gap: Double
        /// The model's subspace consistency on the test rows, when measured (`MitigationContext.consistency`).
        public var consistency: Double?
        /// A point.
        public init(method: String, parameter: String, value: Double, accuracy: Double, gap: Double, consistency: Double? = nil) {
            self.method = method
            self.parameter = parameter
            self.value = value
            self.accuracy = accuracy
            self.gap = gap
            self.consistency = consistency
        }
    }

    /// Every point, in the order run.
    public let points: [Point]
    /// The name of the fairness measure the gaps are absolute values of.
    public let measure: String

    /// The measure a sweep reports when none is asked for.
    public static let defaultMeasure = "demographic_parity_difference"

    /// The points, with gaps of `measure`.
    public init(points: [Point], measure: String = defaultMeasure) {
        self.points = points
        self.measure = measure
    }

    /// Indices of the Pareto-optimal points, by increasing gap.
    public var front: [Int] {
        let candidates = points.indices.filter { i in
            !points.indices.contains { j in
                j != i && points[j].accuracy >= points[i].accuracy && points[j].gap <= points[i].gap &&
                    (points[j].accuracy > points[i].accuracy || points[j].gap < points[i].gap)
            }
        }
        return candidates.sorted { points[$0].gap < points[$1].gap }
    }

    /// Every point as a table: method, parameter, value, accuracy, the gap, the consistency when any point has
    /// one, and `*` on the Pareto front.
    public var table: TextTable {
        let front = Set(self.front), consistent = points.contains { $0.consistency != nil }
        var t = TextTable(header: ["method", "parameter", "value", "accuracy", measure] + (consistent ? ["subspace consistency"] : []) + ["Pareto"])
        for (i, p) in points.enumerated() {
            t.rows.append([p.method, p.parameter, TextTable.format(p.value), TextTable.format(p.accuracy), TextTable.format(p.gap)]
                          + (consistent ? [p.consistency.map(TextTable.format) ?? ""] : []) + [front.contains(i) ? "*" : ""])
        }
        return t
    }

    /// A text table of every point; `*` marks the Pareto front.
    public var description: String { table.description }
}

extension Sweep {
    /// The methods swept unless told otherwise.
    public static let defaultMethods = ["baseline", "reweighing", "disparate_impact_remover", "prejudice_remover", "fair_penalty", "threshold_optimizer"]

    /// The option each method sweeps, with its default values.
    public static let defaultGrids: [String: (parameter: String, values: [Double])] = [
        "disparate_impact_remover": ("repair_level", [0.25, 0.5, 0.75, 1]), "correlation_remover": ("alpha", [0.25, 0.5, 1]),
        "prejudice_remover": ("eta", [0, 1, 5, 25]), "fair_penalty": ("weight", [0, 2, 10, 50]), "min_diff": ("weight", [0, 1.5, 5, 20]),
        "exponentiated_gradient": ("eps", [0.005, 0.01, 0.02, 0.05]), "grid_search": ("grid_size", [10, 20]),
        "sensr": ("eps", [0.01, 0.05, 0.1, 0.5]), "sensei": ("rho", [0, 1, 5, 25]), "lfr": ("Az", [0, 1, 10, 50]),
        "constrained_thresholds": ("tolerance", [0.005, 0.01, 0.02, 0.05]), "fair_ranking": ("share", [0.1, 0.2, 0.3, 0.5]),
        "fair_regression": ("eps", [0.01, 0.02, 0.05, 0.1]),
        "adversarial_training": ("eps", [0.05, 0.1, 0.2, 0.5]),
    ]

    /// Trains `baseline`'s settings on `train`, then each method (`"baseline"` is the model itself) at each value
    /// of its swept option (`grids` replaces default values), and measures test accuracy and the absolute
    /// `measure` (a `GroupFairness` name) by the test rows' first sensitive column. `progress(done, total)`
    /// follows the points; `seed` draws randomised decisions, seeds the methods that take one, and the tensor
    /// generator before each in-processor (initial weights). `methods` defaults to `defaultMethods`, `measure`
    /// to `defaultMeasure`; `options` fixes other options of a method at every point (its swept one is the grid's).
    public static func run(baseline: any Baseline, train: Dataset, test: Dataset, methods: [String]? = nil,
                           grids: [String: [Double]] = [:], options fixed: [String: [String: OptionValue]] = [:], measure: String? = nil, seed: UInt64 = 0,
                           context: MitigationContext = MitigationContext(), progress: (Int, Int) -> Void = { _, _ in }) throws -> Sweep {
        let (methods, measure) = (methods ?? defaultMethods, measure ?? defaultMeasure)
        guard GroupFairness.names.contains(measure) else {
            throw FairnessError.invalid("sweep: measure must be one of \(GroupFairness.names.joined(separator: ", "))")
        }
        for key in grids.keys.sorted() where defaultGrids[key] == nil {
            throw FairnessError.invalid("sweep: '\(key)' has no option to sweep; methods with a grid: \(defaultGrids.keys.sorted().joined(separator: ", "))")
        }
        for key in fixed.keys.sorted() where !methods.contains(key) {
            throw FairnessError.invalid("sweep: options for '\(key)', which is not among the methods swept (\(methods.joined(separator: ", ")))")
        }
        for (name, given) in fixed {
            if let swept = defaultGrids[name]?.parameter, given[swept] != nil {
                throw FairnessError.invalid("sweep: \(name)'s '\(swept)' is the swept option; give its values in grid = {\(name) = {…}}")
            }
        }
        guard let sensitive = test.sensitive.first else { throw FairnessError.invalid("sweep: the test dataset has no sensitive column") }
        let registered = try methods.map { $0 == "baseline" ? nil : try MitigationRegistry.method($0) }
        let groups = try GroupIndex(test, sensitive: sensitive)
        let labels = try test.labels().map(Double.init)
        func point(_ method: String, _ parameter: String, _ value: Double, _ decisions: [Double], consistency: Double? = nil) throws -> Point {
            let accuracy = Double(zip(decisions, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
            let gap = abs(try GroupFairness.measure(measure, try Predictions(yTrue: labels, yPred: decisions), groups))
            return Point(method: method, parameter: parameter, value: value, accuracy: accuracy, gap: gap, consistency: consistency)
        }
        let total = methods.reduce(0) { $0 + ((grids[$1] ?? defaultGrids[$1]?.values)?.count ?? 1) }
        let fitted = try baseline.retrained(on: train)
        // The baseline's test scores serve both the baseline point and the post-processors.
        let scores = try fitted.probabilities(test)
        var points: [Point] = []
        for (name, method) in zip(methods, registered) {
            guard let method else {
                points.append(try point(name, "-", 0, scores.map { $0 >= 0.5 ? 1 : 0 }))
                progress(points.count, total)
                continue
            }
            let grid = defaultGrids[name].map { ($0.parameter, grids[name] ?? $0.values) }
            for value in grid?.1 ?? [0] {
                try Cancellation.check()
                var options = fixed[name] ?? [:]
                if let (parameter, _) = grid {
                    let integer = method.options.first { $0.name == parameter }?.kind == .integer
                    options[parameter] = integer ? .integer(Int(value)) : .number(value)
                }
                if options["seed"] == nil, method.options.contains(where: { $0.name == "seed" }) { options["seed"] = .integer(Int(truncatingIfNeeded: seed)) }
                if MitigationRegistry.inProcessors.contains(where: { $0.name == name }) { Tensor.seed(seed) }
                let outcome = try Mitigation.outcome(method, options: options, baseline: fitted, train: train, test: test, sensitive: sensitive,
                                                     seed: seed, context: context, baselineScores: scores)
                let consistency = outcome.measuresConsistency(context) ? try Mitigation.consistency(try? outcome.model(), test) : nil
                points.append(try point(name, grid?.0 ?? "-", grid == nil ? 0 : value, outcome.decisions, consistency: consistency))
                progress(points.count, total)
            }
        }
        // The baseline's consistency, for comparison, when any method's was measured.
        if points.contains(where: { $0.consistency != nil }), points.contains(where: { $0.method == "baseline" }) {
            let c = try Mitigation.consistency(fitted.fittedModel, test)
            for i in points.indices where points[i].method == "baseline" { points[i].consistency = c }
        }
        return Sweep(points: points, measure: measure)
    }
}
