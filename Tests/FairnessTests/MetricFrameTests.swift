import Datasets
@testable import Fairness
import TestSupport
import XCTest

final class MetricFrameTests: XCTestCase {
    static let names = ["count", "selection_rate", "base_rate", "accuracy", "balanced_accuracy", "error_rate", "tpr", "tnr",
                        "fpr", "fnr", "ppv", "npv", "fdr", "for", "f1", "mean_prediction", "roc_auc", "log_loss", "brier", "ece"]

    func frame(_ sensitive: [String], weighted: Bool = false) throws -> MetricFrame {
        let t = try Reference.adult()
        let data = try Predictions(yTrue: Reference.numbers(t, "y_true"), yPred: Reference.numbers(t, "y_pred"),
                                   score: Reference.numbers(t, "score"), weights: weighted ? Reference.numbers(t, "weight") : nil)
        let groups = try GroupIndex(features: sensitive.map { try Reference.feature(t, $0) })
        return try MetricFrame(metrics: Self.names.compactMap(Metrics.builtIn), data: data, groups: groups)
    }

    /// Every cell, difference, ratio, minimum and maximum equals Fairlearn's within 1e-9.
    func check(_ mf: MetricFrame, _ key: String) {
        let ref = Reference.table("adult", key)
        XCTAssertEqual(mf.groups.names, (ref["by_group"] as? [String: Any])?.keys.sorted(), key)
        for (m, name) in Self.names.enumerated() {
            XCTAssert(close(mf.overall[m], Reference.value("adult", key, "overall", name)), "\(key) overall \(name): \(mf.overall[m])")
            for (g, group) in mf.groups.names.enumerated() {
                XCTAssert(close(mf.byGroup[g][m], Reference.value("adult", key, "by_group", group, name)),
                          "\(key) \(group) \(name): \(mf.byGroup[g][m]) vs \(String(describing: Reference.value("adult", key, "by_group", group, name)))")
            }
            for (label, values) in [("difference", mf.difference()), ("difference_to_overall", mf.difference(.toOverall)),
                                    ("ratio", mf.ratio()), ("ratio_to_overall", mf.ratio(.toOverall)),
                                    ("group_min", mf.groupMin()), ("group_max", mf.groupMax())] {
                XCTAssert(close(values[m], Reference.value("adult", key, label, name)),
                          "\(key) \(label) \(name): \(values[m]) vs \(String(describing: Reference.value("adult", key, label, name)))")
            }
        }
    }

    func testAdultBySexMatchesFairlearn() throws { check(try frame(["sex"]), "sex") }
    func testAdultByRaceMatchesFairlearn() throws { check(try frame(["race"]), "race") }
    func testAdultIntersectionalMatchesFairlearn() throws { check(try frame(["sex", "race"]), "sex|race") }
    func testAdultWeightedMatchesFairlearn() throws { check(try frame(["sex"], weighted: true), "sex_weighted") }

    func testBootstrapIntervalsCoverTheEstimateAndRepeat() throws {
        let full = try frame(["sex"])
        let mf = try MetricFrame(metrics: ["count", "selection_rate", "tpr", "accuracy"].compactMap(Metrics.builtIn), data: full.data,
                                 groups: full.groups)
        let a = try mf.intervals(samples: 200, level: 0.95, seed: 7)
        let b = try mf.intervals(samples: 200, level: 0.95, seed: 7)
        for m in 1..<mf.metrics.count {
            XCTAssertEqual(a.overall[m], b.overall[m])
            XCTAssertLessThanOrEqual(a.overall[m].low, mf.overall[m] + 1e-12, mf.metrics[m].name)
            XCTAssertGreaterThanOrEqual(a.overall[m].high, mf.overall[m] - 1e-12, mf.metrics[m].name)
            XCTAssertLessThanOrEqual(a.difference[m].low, a.difference[m].high)
        }
        // Accuracy on 15,060 rows: the 95 % interval is about ±0.006 wide.
        let acc = a.overall[3]
        XCTAssertEqual(acc.high - acc.low, 0.0115, accuracy: 0.003)
    }

    func testQuantileInterpolatesLikeNumPy() {
        XCTAssertEqual(MetricFrame.quantile([1, 2, 3, 4], 0.25), 1.75)
        XCTAssert(MetricFrame.quantile([], 0.5).isNaN)
    }

    func testBadInput() throws {
        let groups = try GroupIndex(features: [("g", ["a", "b"], [0, 1, 1])])
        XCTAssertThrowsError(try Predictions(yTrue: [0, 1], yPred: [0, 1, 1])) {
            XCTAssertEqual("\($0)", "y_true has 2 rows but y_pred has 3")
        }
        let data = try Predictions(yTrue: [0, 2, 1], yPred: [0, 1, 1])
        XCTAssertThrowsError(try MetricFrame(metrics: [Metrics.builtIn("tpr")!], data: data, groups: groups)) {
            XCTAssertEqual("\($0)", "y_true must be binary (0/1); found the values 0, 1, 2")
        }
        XCTAssertThrowsError(try GroupIndex(features: [("g", ["a"], [0, -1])])) {
            XCTAssertEqual("\($0)", "sensitive 'g' is missing at row 2")
        }
        // A group without positives has NaN TPR, with a warning; one group gives difference 0.
        let mf = try MetricFrame(metrics: [Metrics.builtIn("tpr")!], data: try Predictions(yTrue: [0, 1, 1], yPred: [0, 1, 0]), groups: groups)
        XCTAssert(mf.byGroup[0][0].isNaN)
        XCTAssertEqual(mf.byGroup[1][0], 0.5)
        XCTAssertEqual(mf.warnings, ["tpr is NaN for a (its denominator is 0 there)"])
        let single = try MetricFrame(metrics: [Metrics.builtIn("accuracy")!], data: try Predictions(yTrue: [0, 1], yPred: [0, 0]),
                                     groups: GroupIndex(features: [("g", ["x"], [0, 0])]))
        XCTAssertEqual(single.difference(), [0])
        XCTAssertEqual(single.warnings.count, 1)
    }
}

final class CompasFairnessTests: XCTestCase {
    /// COMPAS (external test data, see `TestData`) with the committed logistic-regression predictions.
    func testCompasFramesAndAIF360MeasuresMatch() throws {
        let compas = try Compas.load(try TestData.file("compas-scores-two-years.csv"))
        var options = CSVOptions()
        options.numeric = ["y_pred", "score"]
        let preds = try CSVReader.read(Reference.directory + "/compas_predictions.csv", options: options).table
        XCTAssertEqual(compas.count, Int(Reference.value("compas", "rows") ?? 0))
        let data = try Predictions(yTrue: try compas.labels().map(Double.init), yPred: try Reference.numbers(preds, "y_pred"),
                                   score: try Reference.numbers(preds, "score"))
        for attribute in ["race", "sex"] {
            let c = try compas.sensitiveColumn(attribute)
            let groups = try GroupIndex(features: [(attribute, c.levels, c.codes)])
            let mf = try MetricFrame(metrics: MetricFrameTests.names.compactMap(Metrics.builtIn), data: data, groups: groups)
            for (m, name) in MetricFrameTests.names.enumerated() {
                XCTAssert(close(mf.overall[m], Reference.value("compas", attribute, "overall", name)), "\(attribute) \(name)")
                XCTAssert(close(mf.difference()[m], Reference.value("compas", attribute, "difference", name)), "\(attribute) \(name)")
                for (g, key) in groups.names.enumerated() {
                    XCTAssert(close(mf.byGroup[g][m], Reference.value("compas", attribute, "by_group", key, name)), "\(attribute) \(key) \(name)")
                }
            }
        }
        let race = try compas.sensitiveColumn("race")
        let groups = try GroupIndex(features: [("race", race.levels, race.codes)])
        let options2 = GroupFairness.Options(privileged: "Caucasian")
        for name in ["statistical_parity_difference", "disparate_impact", "average_odds_difference", "equal_opportunity_difference",
                     "error_rate_difference", "false_discovery_rate_difference"] {
            XCTAssert(close(try GroupFairness.measure(name, data, groups, options2), Reference.value("compas", "aif360_race", name)), name)
        }
        let sex = try compas.sensitiveColumn("sex")
        let sexGroups = try GroupIndex(features: [("sex", sex.levels, sex.codes)])
        let chi = try StatisticalTests.chiSquare(decisions: data.yPred, groups: sexGroups, correction: true)
        XCTAssert(close(chi.pValue, Reference.value("compas", "tests_sex", "chi2_correction", "p_value")))
        let fisher = try StatisticalTests.fisher(decisions: data.yPred, groups: sexGroups)
        XCTAssert(close(fisher.pValue, Reference.value("compas", "tests_sex", "fisher", "p_value")), "\(fisher.pValue)")
    }
}
