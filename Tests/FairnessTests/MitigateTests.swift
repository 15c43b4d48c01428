import Datasets
@testable import Fairness
import Learning
import XCTest

/// The experiment layer used from Swift alone: every registered method through `mitigate`, and a sweep.
final class MitigateTests: XCTestCase {
    /// Standardised samples of Adult's two splits (small: debug builds run the tests), loaded once.
    nonisolated(unsafe) static var cached: (train: Dataset, test: Dataset)?

    static func data() throws -> (train: Dataset, test: Dataset) {
        if let d = Self.cached { return d }
        let (train, test) = try BundledDatasets.adult()
        let scale = Standardizer(fitting: train)
        let d = (try scale.transform(train).sample(1500, replace: false, weights: nil, seed: 1),
                 try scale.transform(test).sample(1500, replace: false, weights: nil, seed: 2))
        Self.cached = d
        return d
    }

    /// Options that keep each method quick, and the privileged group the AIF360 post-processors need.
    static var options: [String: [String: OptionValue]] { [
        "adversarial_debiasing": ["epochs": .integer(3)], "adversarial_training": ["epochs": .integer(2)], "fair_penalty": ["epochs": .integer(2)],
        "prejudice_remover": ["steps": .integer(50)], "exponentiated_gradient": ["max_iter": .integer(10)],
        "eq_odds": ["privileged": .text("Male")], "calibrated_eq_odds": ["privileged": .text("Male")],
        "reject_option": ["privileged": .text("Male"), "num_class_thresh": .integer(20), "num_ROC_margin": .integer(10)],
        "threshold_optimizer": ["grid_size": .integer(200)],
        "sensr": ["epochs": .integer(1), "auditor_nsteps": .integer(5)], "sensei": ["epochs": .integer(1), "auditor_nsteps": .integer(5)],
    ] }

    func testEveryRegisteredMethodMitigatesFromSwift() throws {
        let (train, test) = try Self.data()
        let baseline = try FittedModel.fit(try LogisticRegression(), on: train)
        let metrics = try Mitigation.defaultMetrics.map { try XCTUnwrap(Metrics.builtIn($0)) }
        let expectedAccuracy = zip(try baseline.probabilities(test), try test.labels())
            .filter { ($0 >= 0.5 ? 1 : 0) == $1 }.count
        XCTAssertEqual(MitigationRegistry.all.count, 23)
        var withoutModel: [String] = []
        for method in MitigationRegistry.all {
            let c = try Mitigation.mitigate(method.name, options: Self.options[method.name] ?? [:], baseline: baseline,
                                            train: train, test: test, metrics: metrics, seed: 1)
            XCTAssertEqual(c.method, method.name)
            XCTAssertEqual(c.before.overall[0], Double(expectedAccuracy) / Double(test.count), accuracy: 1e-12, method.name)
            XCTAssertEqual(c.after.data.yPred.count, test.count, method.name)
            XCTAssertTrue(c.after.data.yPred.allSatisfy { $0 == 0 || $0 == 1 }, method.name)
            XCTAssertGreaterThan(c.after.overall[0], 0.6, method.name)
            XCTAssertEqual(c.rows.map(\.measure), ["accuracy", "selection_rate", "tpr", "fpr", "accuracy difference",
                                                   "selection_rate difference", "tpr difference", "fpr difference"]
                           + (["sensr", "sensei"].contains(method.name) ? ["subspace consistency"] : []), method.name)
            // The mitigated model decides the test rows as the comparison did; methods that rewrite the features say so.
            switch Result(catching: { try c.model().predict(test, seed: 1) }) {
            case let .success(decisions): XCTAssertEqual(decisions, c.after.data.yPred, method.name)
            case let .failure(error):
                withoutModel.append(method.name)
                XCTAssert("\(error)".contains("rewrites the features") || "\(error)".contains("decided with it"), "\(method.name): \(error)")
            }
        }
        XCTAssertEqual(withoutModel, ["disparate_impact_remover", "fair_ranking"])
    }

    func testParityMethodsShrinkTheSelectionRateGap() throws {
        let (train, test) = try Self.data()
        let baseline = try FittedModel.fit(try LogisticRegression(), on: train)
        let metrics = try ["accuracy", "selection_rate"].map { try XCTUnwrap(Metrics.builtIn($0)) }
        for name in ["reweighing", "threshold_optimizer", "exponentiated_gradient"] {
            let c = try Mitigation.mitigate(name, options: Self.options[name] ?? [:], baseline: baseline, train: train, test: test, metrics: metrics)
            let gap = try XCTUnwrap(c.rows.first { $0.measure == "selection_rate difference" })
            XCTAssertLessThan(gap.after, gap.before / 2, name)
        }
    }

    func testOptionsAreCheckedAgainstTheRegistry() throws {
        let (train, test) = try Self.data()
        let baseline = try FittedModel.fit(try LogisticRegression(), on: train)
        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch { return "\(error)" }
            return ""
        }
        XCTAssertEqual(message { _ = try Mitigation.mitigate("reweighing", options: ["alpha": .number(1)], baseline: baseline, train: train, test: test, metrics: []) },
                       "reweighing: unknown option 'alpha'; options: sensitive")
        XCTAssertTrue(message { _ = try Mitigation.mitigate("magic", baseline: baseline, train: train, test: test, metrics: []) }
            .hasPrefix("unknown method 'magic'; methods: reweighing, correlation_remover"))
        XCTAssertEqual(message { _ = try MitigationRegistry.method("eq_odds").make() }, "eq_odds: option 'privileged' is required")
        XCTAssertEqual(message { _ = try MitigationRegistry.method("fair_penalty").make(["form": .text("cubic")]) },
                       "option 'form': unknown form 'cubic'; forms: squared, absolute")
        XCTAssertEqual(try MitigationRegistry.method("drop_proxies").signature,
                       "opts: {threshold: number?, method: 'cramers_v'|'mutual_information'?}?")
    }

    func testComparisonsAndSweepsMeasureSubspaceConsistencyWhenAsked() throws {
        let (train, test) = try Self.data()
        let baseline = try FittedModel.fit(try LogisticRegression(), on: train)
        let metrics = [try XCTUnwrap(Metrics.builtIn("accuracy"))]
        let before = try IndividualFairness.subspaceConsistency(model: baseline, dataset: test)
        let asked = try Mitigation.mitigate("reweighing", baseline: baseline, train: train, test: test, metrics: metrics,
                                            context: MitigationContext(consistency: true))
        let row = try XCTUnwrap(asked.rows.last)
        XCTAssertEqual(row.measure, "subspace consistency")
        XCTAssertEqual(row.before, before, accuracy: 1e-12)
        XCTAssertEqual(row.after, try IndividualFairness.subspaceConsistency(model: try asked.model(), dataset: test), accuracy: 1e-12)
        XCTAssertTrue(try Mitigation.mitigate("reweighing", baseline: baseline, train: train, test: test, metrics: metrics).individual.isEmpty)
        let sensei = try Mitigation.mitigate("sensei", options: Self.options["sensei"] ?? [:], baseline: baseline, train: train, test: test,
                                             metrics: metrics, context: MitigationContext(consistency: false))
        XCTAssertTrue(sensei.individual.isEmpty)
        // A method without a per-row model has no consistency to measure.
        let dir = try Mitigation.mitigate("disparate_impact_remover", baseline: baseline, train: train, test: test, metrics: metrics,
                                          context: MitigationContext(consistency: true))
        XCTAssertTrue(try XCTUnwrap(dir.individual.first).after.isNaN)
        let sweep = try Sweep.run(baseline: baseline, train: train, test: test, methods: ["baseline", "reweighing", "sensr"],
                                  grids: ["sensr": [0.05]], context: MitigationContext(consistency: nil))
        XCTAssertEqual(sweep.points.map { $0.consistency == nil }, [false, true, false])
        XCTAssertEqual(try XCTUnwrap(sweep.points[0].consistency), before, accuracy: 1e-12)
        XCTAssertTrue(sweep.description.contains("subspace consistency"))
    }

    func testSweepRunsEachMethodOverItsGrid() throws {
        let (train, test) = try Self.data()
        let template = try FittedModel.fit(try LogisticRegression(), on: train)
        var calls: [Int] = []
        let sweep = try Sweep.run(baseline: template, train: train, test: test,
                                  methods: ["baseline", "reweighing", "disparate_impact_remover", "threshold_optimizer"],
                                  grids: ["disparate_impact_remover": [0.5, 1]], seed: 3, progress: { done, total in calls.append(done * 10 + total) })
        XCTAssertEqual(sweep.points.map(\.method), ["baseline", "reweighing", "disparate_impact_remover", "disparate_impact_remover", "threshold_optimizer"])
        XCTAssertEqual(sweep.points.map(\.parameter), ["-", "-", "repair_level", "repair_level", "-"])
        XCTAssertEqual(sweep.points.map(\.value), [0, 0, 0.5, 1, 0])
        XCTAssertEqual(calls, [15, 25, 35, 45, 55])
        let labels = try test.labels()
        let correct = zip(try template.probabilities(test), labels).filter { ($0 >= 0.5 ? 1 : 0) == $1 }.count
        XCTAssertEqual(sweep.points[0].accuracy, Double(correct) / Double(test.count), accuracy: 1e-12)
        XCTAssertLessThan(sweep.points[4].gap, sweep.points[0].gap / 2)
        let front = sweep.front
        XCTAssertFalse(front.isEmpty)
        for (a, b) in zip(front, front.dropFirst()) { XCTAssertTrue(sweep.points[a].gap <= sweep.points[b].gap && sweep.points[a].accuracy <= sweep.points[b].accuracy) }
        XCTAssertThrowsError(try Sweep.run(baseline: template, train: train, test: test, grids: ["reweighing": [1]]))
        // Fixed options: a method's own (its swept one stays the grid's), only for methods swept.
        let fixed = try Sweep.run(baseline: template, train: train, test: test, methods: ["threshold_optimizer"],
                                  options: ["threshold_optimizer": ["constraint": .text("equalized_odds"), "grid_size": .integer(200)]], seed: 3)
        let direct = try Mitigation.outcome(try MitigationRegistry.method("threshold_optimizer"),
                                            options: ["constraint": .text("equalized_odds"), "grid_size": .integer(200), "seed": .integer(3)],
                                            baseline: try template.retrained(on: train), train: train, test: test, sensitive: "sex", seed: 3)
        XCTAssertEqual(fixed.points[0].accuracy, Double(zip(direct.decisions, labels).filter { $0 == Double($1) }.count) / Double(test.count), accuracy: 1e-12)
        XCTAssertThrowsError(try Sweep.run(baseline: template, train: train, test: test, methods: ["baseline"], options: ["reweighing": [:]]))
        XCTAssertThrowsError(try Sweep.run(baseline: template, train: train, test: test, methods: ["sensr"], options: ["sensr": ["eps": .number(0.1)]]))
    }
}
