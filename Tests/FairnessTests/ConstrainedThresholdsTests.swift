import Datasets
@testable import Fairness
import Foundation
import Learning
import XCTest

final class ConstrainedThresholdsTests: XCTestCase {
    /// oxonfair_reference.json (Tests/reference/generate_oxonfair.py).
    nonisolated(unsafe) static let reference: [String: Any] = {
        guard let data = FileManager.default.contents(atPath: Reference.directory + "/oxonfair_reference.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    func objective(_ name: String) throws -> ThresholdObjective {
        try ThresholdObjective.named(name, costs: (1, 3)) { try XCTUnwrap(Metrics.builtIn($0)) }
    }

    func groups(_ keys: [String]) throws -> GroupIndex {
        let levels = Array(Set(keys)).sorted()
        return try GroupIndex(features: [("g", levels, keys.map { Int32(levels.firstIndex(of: $0) ?? 0) })])
    }

    /// The exact search reaches the brute-force optimum over every combination of per-group thresholds (to 1e-12),
    /// for linear objectives, F1 (Dinkelbach) and MCC, difference, ratio and minimum constraints; an infeasible case
    /// is reported as such.
    func testReachesTheBruteForceOptimum() throws {
        let sets = try XCTUnwrap(Self.reference["brute_force"] as? [[String: Any]])
        XCTAssertEqual(sets.count, 2)
        for set in sets {
            let y = try XCTUnwrap(set["y"] as? [Double]), s = try XCTUnwrap(set["score"] as? [Double])
            let g = try groups(try XCTUnwrap(set["group"] as? [String]))
            for case let c as [String: Any] in try XCTUnwrap(set["cases"] as? [Any]) {
                let name = try XCTUnwrap(c["objective"] as? String), form = try XCTUnwrap(RateConstraint.Form(rawValue: try XCTUnwrap(c["form"] as? String)))
                let bound = try XCTUnwrap(c["bound"] as? Double), rate = try XCTUnwrap(c["rate"] as? String)
                let constraint = try RateConstraint(rate, form: form, tolerance: form == .ratio ? 1 - bound : bound, minimum: bound)
                var t = try ConstrainedThresholds(constraint: constraint, objective: try objective(name))
                try t.fit(scores: s, labels: y, groups: g)
                let label = "\(set["name"] ?? "") \(name) \(rate) \(form) \(bound)"
                guard let best = c["best"] as? Double else {
                    XCTAssertFalse(t.satisfied, label)
                    continue
                }
                XCTAssertTrue(t.satisfied, label)
                XCTAssertEqual(name == "cost" ? -t.value : t.value, best, accuracy: 1e-12, label)
                XCTAssertTrue(constraint.holds(t.constraintValue), label)
                // The decisions of the fitted rules give the reported value.
                let d = try t.predict(scores: s, groups: g, seed: 0)
                var pooled = ConfusionCounts()
                for i in y.indices { pooled.add(label: Int(y[i]), decision: Int(d[i])) }
                XCTAssertEqual(try t.objective.value(pooled), t.value, accuracy: 1e-12, label)
            }
        }
    }

    /// Fairlearn 0.15's ThresholdOptimizer is the randomized case with a vanishing difference: on the Adult test
    /// scores, by sex and by race, for demographic parity and TPR and FPR parity with the accuracy objective, each
    /// group's expected selection rate, TPR and FPR agree with Fairlearn's within 2e-3 (its grid has steps of
    /// 1e-3), and the expected accuracy is at least Fairlearn's (the search is exact) and within 5e-4 of it.
    func testFairlearnThresholdOptimizerIsASpecialCase() throws {
        let table = try Reference.adult()
        let scores = try Reference.numbers(table, "score"), y = try Reference.numbers(table, "y_true")
        let cases = try XCTUnwrap(PreprocessingTests.reference["threshold_optimizer"] as? [String: Any]).compactMapValues { $0 as? [String: Any] }
        var checked = 0
        for attribute in ["sex", "race"] {
            for constraint in ["demographic_parity", "true_positive_rate_parity", "false_positive_rate_parity"] {
                let ref = try XCTUnwrap(cases["\(attribute)/\(constraint)/accuracy_score"])
                let groups = try GroupIndex(features: [Reference.feature(table, attribute)])
                var t = try ConstrainedThresholds(constraint: RateConstraint(constraint, form: .difference, tolerance: 1e-9, minimum: nil),
                                                  objective: try objective("accuracy"), randomized: true)
                try t.fit(scores: scores, labels: y, groups: groups)
                XCTAssertTrue(t.satisfied)
                XCTAssertLessThanOrEqual(t.constraintValue, 1e-9 + 1e-12)
                let p = try t.probabilities(scores: scores, groups: groups)
                let expected = zip(p, y).reduce(0) { $0 + ($1.1 == 1 ? $1.0 : 1 - $1.0) } / Double(p.count)
                let fairlearn = try XCTUnwrap(ref["expected_accuracy"] as? Double)
                XCTAssertEqual(expected, t.value, accuracy: 1e-9, "\(attribute) \(constraint)")
                XCTAssertGreaterThanOrEqual(expected, fairlearn - 1e-9, "\(attribute) \(constraint)")
                XCTAssertEqual(expected, fairlearn, accuracy: 5e-4, "\(attribute) \(constraint)")
                let refGroups = try XCTUnwrap(ref["groups"] as? [String: Any]).compactMapValues { $0 as? [String: Any] }
                for (g, name) in groups.names.enumerated() {
                    let r = try XCTUnwrap(refGroups[name])
                    let rows = (0..<p.count).filter { groups.codes[$0] == Int32(g) }
                    let mean = { (keep: (Int) -> Bool) -> Double in
                        let chosen = rows.filter(keep)
                        return chosen.reduce(0) { $0 + p[$1] } / Double(chosen.count)
                    }
                    XCTAssertEqual(mean { _ in true }, try XCTUnwrap(r["selection_rate"] as? Double), accuracy: 2e-3, "\(attribute) \(constraint) \(name)")
                    XCTAssertEqual(mean { y[$0] == 1 }, try XCTUnwrap(r["tpr"] as? Double), accuracy: 2e-3, "\(attribute) \(constraint) \(name)")
                    XCTAssertEqual(mean { y[$0] == 0 }, try XCTUnwrap(r["fpr"] as? Double), accuracy: 2e-3, "\(attribute) \(constraint) \(name)")
                }
                checked += 1
            }
        }
        XCTAssertEqual(checked, 6)
    }

    /// Against OxonFair 0.3's grid search on the Adult test scores by sex (selection-rate difference ≤ 0.01 and
    /// ≤ 0.05, every group's recall ≥ 0.7): the exact search meets the same bound with at least OxonFair's
    /// accuracy (and never more than 0.01 above it).
    func testAtLeastOxonFairsAccuracy() throws {
        let table = try Reference.adult()
        let scores = try Reference.numbers(table, "score"), y = try Reference.numbers(table, "y_true")
        let cases = try XCTUnwrap(Self.reference["oxonfair"] as? [String: Any]).compactMapValues { $0 as? [String: Any] }
        XCTAssertEqual(cases.count, 3)
        for (key, ref) in cases.sorted(by: { $0.key < $1.key }) {
            let attribute = String(key.split(separator: "/")[0])
            let form = try XCTUnwrap(RateConstraint.Form(rawValue: try XCTUnwrap(ref["form"] as? String)))
            let bound = try XCTUnwrap(ref["bound"] as? Double)
            var t = try ConstrainedThresholds(constraint: RateConstraint(try XCTUnwrap(ref["rate"] as? String), form: form, tolerance: bound, minimum: bound),
                                              objective: try objective("accuracy"))
            try t.fit(scores: scores, labels: y, groups: try GroupIndex(features: [Reference.feature(table, attribute)]))
            XCTAssertTrue(t.satisfied, key)
            let oxon = try XCTUnwrap(ref["accuracy"] as? Double)
            XCTAssertGreaterThanOrEqual(t.value, oxon - 1e-12, key)
            XCTAssertLessThanOrEqual(t.value, oxon + 0.01, key)
        }
    }

    /// With thresholds applied by a noisy predicted group and the constraint on the true groups, the coordinate
    /// search reaches the brute-force optimum over every pair of the predicted groups' thresholds (to 1e-12).
    func testInferredGroupsReachTheBruteForceOptimum() throws {
        let r = try XCTUnwrap(Self.reference["inferred"] as? [String: Any])
        let y = try XCTUnwrap(r["y"] as? [Double]), s = try XCTUnwrap(r["score"] as? [Double])
        let truth = try groups(try XCTUnwrap(r["group"] as? [String])), applied = try groups(try XCTUnwrap(r["applied"] as? [String]))
        var t = try ConstrainedThresholds(constraint: RateConstraint("selection_rate", form: .difference, tolerance: 0.05, minimum: nil),
                                          objective: try objective("accuracy"))
        try t.fit(scores: s, labels: y, groups: truth, applied: applied)
        XCTAssertTrue(t.satisfied)
        XCTAssertLessThanOrEqual(t.constraintValue, 0.05 + 1e-12)
        XCTAssertEqual(t.value, try XCTUnwrap(r["best"] as? Double), accuracy: 1e-12)
    }

    /// The frontier runs from the fairest point to the unconstrained one, objective rising with the constraint
    /// value, and holds the fitted point's objective at its bound.
    func testFrontier() throws {
        let table = try Reference.adult()
        let scores = try Reference.numbers(table, "score"), y = try Reference.numbers(table, "y_true")
        var t = try ConstrainedThresholds(constraint: RateConstraint("demographic_parity", form: .difference, tolerance: 0.05, minimum: nil),
                                          objective: try objective("accuracy"))
        try t.fit(scores: scores, labels: y, groups: try GroupIndex(features: [Reference.feature(table, "sex")]))
        let f = try t.frontier(points: 30)
        XCTAssertGreaterThan(f.rows.count, 5)
        for (a, b) in zip(f.rows, f.rows.dropFirst()) {
            XCTAssertLessThan(a.constraint, b.constraint)
            XCTAssertLessThan(a.objective, b.objective)
        }
        XCTAssertLessThan(try XCTUnwrap(f.rows.first).constraint, 1e-3)
        // No frontier point at a constraint value ≤ 0.05 beats the fitted optimum.
        XCTAssertTrue(f.rows.filter { $0.constraint <= 0.05 }.allSatisfy { $0.objective <= t.value + 1e-12 })
        XCTAssert(f.description.hasPrefix("Pareto frontier: accuracy against selection_rate difference"))
        XCTAssert(t.description.contains("maximise accuracy subject to selection_rate difference ≤ 0.05"))
    }

    func testBadInput() throws {
        XCTAssertThrowsError(try RateConstraint("tpr", form: .difference, tolerance: 0, minimum: nil)) {
            XCTAssertEqual("\($0)", "ConstrainedThresholds: tolerance must be > 0, got 0.0")
        }
        XCTAssertThrowsError(try RateConstraint("tpr", form: .minimum, tolerance: 0.01, minimum: 1.2)) {
            XCTAssertEqual("\($0)", "ConstrainedThresholds: minimum must be in (0, 1], got 1.2")
        }
        XCTAssertThrowsError(try RateConstraint("tprr", form: .difference, tolerance: 0.01, minimum: nil)) {
            XCTAssert("\($0)".hasPrefix("ConstrainedThresholds: unknown constraint 'tprr'; rates: selection_rate"))
        }
        XCTAssertThrowsError(try ConstrainedThresholds(constraint: RateConstraint("ppv", form: .difference, tolerance: 0.01, minimum: nil),
                                                       objective: try objective("accuracy"), randomized: true))
        XCTAssertThrowsError(try objective("roc_auc"))
        // Infeasible: the groups' precisions can never come within 0.01; the closest point is kept and reported.
        var t = try ConstrainedThresholds(constraint: RateConstraint("ppv", form: .difference, tolerance: 0.01, minimum: nil),
                                          objective: try objective("accuracy"))
        // Group a's precisions are 0 or 1/2, group b's 1 or 2/3: the nearest are 1/6 apart.
        try t.fit(scores: [0.9, 0.8, 0.7, 0.6, 0.1], labels: [0, 1, 1, 1, 0], groups: try groups(["a", "a", "b", "b", "b"]))
        XCTAssertFalse(t.satisfied)
        XCTAssertEqual(t.constraintValue, 1.0 / 6, accuracy: 1e-12)
        XCTAssert(t.description.contains("infeasible: no thresholds meet ppv difference ≤ 0.01; the closest feasible point has ppv difference 0.1667"), t.description)
        XCTAssertThrowsError(try t.fit(scores: [0.5, .nan], labels: [0, 1], groups: try groups(["a", "b"])))
        var fpr = try ConstrainedThresholds(constraint: RateConstraint("fpr", form: .difference, tolerance: 0.1, minimum: nil), objective: try objective("accuracy"))
        XCTAssertThrowsError(try fpr.fit(scores: [0.5, 0.2, 0.3], labels: [0, 1, 1], groups: try groups(["a", "a", "b"]))) {
            XCTAssertEqual("\($0)", "ConstrainedThresholds: group 'b' has no fpr at any threshold (its denominator is always 0)")
        }
        XCTAssertThrowsError(try t.probabilities(scores: [0.5], groups: try groups(["c"])))
    }

    /// Through the registry: `mitigate` runs it (inferred groups too), and the sweep varies its tolerance.
    func testMitigateAndSweep() throws {
        let (train, test) = try MitigateTests.data()
        let baseline = try FittedModel.fit(try LogisticRegression(), on: train)
        let metrics = try ["accuracy", "selection_rate"].map { try XCTUnwrap(Metrics.builtIn($0)) }
        for options: [String: OptionValue] in [[:], ["inferred": .boolean(true)], ["objective": .text("f1"), "constraint": .text("tpr"), "form": .text("minimum"), "minimum": .number(0.6)]] {
            let c = try Mitigation.mitigate("constrained_thresholds", options: options, baseline: baseline, train: train, test: test, metrics: metrics)
            let gap = try XCTUnwrap(c.rows.first { $0.measure == "selection_rate difference" })
            if options.isEmpty { XCTAssertLessThan(gap.after, gap.before / 2) }
            XCTAssertGreaterThan(c.after.overall[0], 0.6)
        }
        // With inferred groups the mitigated model reads the features only (not the sensitive column) and decides
        // as the comparison did, before and after a model file.
        let inferred = try Mitigation.mitigate("constrained_thresholds", options: ["inferred": .boolean(true)], baseline: baseline,
                                               train: train, test: test, metrics: metrics)
        let model = try inferred.model()
        XCTAssertEqual(try model.predict(test), inferred.after.data.yPred)
        XCTAssertFalse(try XCTUnwrap(model.encoder).sources.contains { test.sensitive.contains($0) })
        let path = NSTemporaryDirectory() + "inferred-\(getpid()).fairlua-model"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        XCTAssertEqual(try FittedModel.load(path, loader: .fairness).predict(test), inferred.after.data.yPred)
        let sweep = try Sweep.run(baseline: baseline, train: train, test: test, methods: ["baseline", "constrained_thresholds"])
        XCTAssertEqual(sweep.points.filter { $0.method == "constrained_thresholds" }.map(\.value), [0.005, 0.01, 0.02, 0.05])
    }
}
