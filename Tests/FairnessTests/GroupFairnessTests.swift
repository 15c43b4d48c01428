import Datasets
@testable import Fairness
import XCTest

final class GroupFairnessTests: XCTestCase {
    func inputs(_ name: String) throws -> (Predictions, GroupIndex) {
        let t = try Reference.adult()
        return (try Predictions(yTrue: Reference.numbers(t, "y_true"), yPred: Reference.numbers(t, "y_pred")),
                try GroupIndex(features: [Reference.feature(t, name)]))
    }

    func testFairlearnFunctions() throws {
        let (data, sex) = try inputs("sex")
        let (_, race) = try inputs("race")
        var mean = GroupFairness.Options()
        mean.aggregation = .mean
        let cases: [(String, Double)] = [
            ("demographic_parity_difference", try GroupFairness.measure("demographic_parity_difference", data, sex)),
            ("demographic_parity_ratio", try GroupFairness.measure("demographic_parity_ratio", data, sex)),
            ("equalized_odds_difference", try GroupFairness.measure("equalized_odds_difference", data, sex)),
            ("equalized_odds_difference_mean", try GroupFairness.measure("equalized_odds_difference", data, sex, mean)),
            ("equalized_odds_ratio", try GroupFairness.measure("equalized_odds_ratio", data, sex)),
            ("equal_opportunity_difference", try GroupFairness.measure("equal_opportunity_difference", data, sex)),
            ("equal_opportunity_ratio", try GroupFairness.measure("equal_opportunity_ratio", data, sex)),
            ("demographic_parity_difference_race", try GroupFairness.measure("demographic_parity_difference", data, race)),
            ("equalized_odds_difference_race", try GroupFairness.measure("equalized_odds_difference", data, race)),
        ]
        for (name, value) in cases {
            XCTAssert(close(value, Reference.value("adult", "functions", name)), "\(name): \(value)")
        }
    }

    func testAIF360SignedForms() throws {
        for (attribute, privileged) in [("sex", "Male")] {
            let (data, groups) = try inputs(attribute)
            let options = GroupFairness.Options(privileged: privileged)
            let key = "aif360_" + attribute
            for name in ["statistical_parity_difference", "disparate_impact", "average_odds_difference", "average_abs_odds_difference",
                         "equal_opportunity_difference", "false_discovery_rate_difference", "false_omission_rate_difference",
                         "error_rate_difference", "predictive_parity_difference"] {
                let value = try GroupFairness.measure(name, data, groups, options)
                XCTAssert(close(value, Reference.value("adult", key, name)), "\(name): \(value) vs \(String(describing: Reference.value("adult", key, name)))")
            }
            XCTAssert(close(try IndividualFairness.generalizedEntropy(yTrue: data.yTrue, yPred: data.yPred),
                            Reference.value("adult", key, "generalized_entropy_index")))
            XCTAssert(close(try IndividualFairness.generalizedEntropy(yTrue: data.yTrue, yPred: data.yPred, alpha: 0.5),
                            Reference.value("adult", key, "generalized_entropy_index_alpha_0.5")))
            XCTAssert(close(try IndividualFairness.generalizedEntropy(yTrue: data.yTrue, yPred: data.yPred, alpha: 1),
                            Reference.value("adult", key, "theil_index")))
            XCTAssert(close(try IndividualFairness.betweenGroupEntropy(yTrue: data.yTrue, yPred: data.yPred, groups: groups),
                            Reference.value("adult", key, "between_group_generalized_entropy_index")))
            XCTAssert(close(try IndividualFairness.betweenGroupEntropy(yTrue: data.yTrue, yPred: data.yPred, groups: groups, alpha: 1),
                            Reference.value("adult", key, "between_group_theil_index")))
            XCTAssert(close(try GroupFairness.smoothedDifferentialFairness(decisions: data.yPred, groups: groups),
                            Reference.value("adult", key, "smoothed_empirical_differential_fairness")))
        }
    }

    func testAIF360WithPrivilegedRaceAgainstTheRest() throws {
        let (data, race) = try inputs("race")
        let options = GroupFairness.Options(privileged: "White")
        for name in ["statistical_parity_difference", "disparate_impact", "average_odds_difference", "equal_opportunity_difference"] {
            XCTAssert(close(try GroupFairness.measure(name, data, race, options), Reference.value("adult", "aif360_race", name)), name)
        }
        XCTAssertThrowsError(try GroupFairness.measure("disparate_impact", data, race, GroupFairness.Options(privileged: "white"))) {
            XCTAssert("\($0)".hasPrefix("privileged group 'white' not found; groups are: Amer-Indian-Eskimo, Asian-Pac-Islander"))
        }
        XCTAssertThrowsError(try GroupFairness.measure("disparate_impact", data, race)) {
            XCTAssert("\($0)".hasPrefix("disparate_impact compares with a privileged group"))
        }
    }

    func testConsistencyMatchesAIF360() throws {
        let t = try Reference.adult()
        let columns = ["x_age", "x_fnlwgt", "x_education-num", "x_capital-gain", "x_capital-loss", "x_hours-per-week"]
        let rows = 3000
        let values = try columns.map { try Reference.numbers(t, $0) }
        var x = [Float](repeating: 0, count: rows * columns.count)
        for i in 0..<rows { for c in columns.indices { x[i * columns.count + c] = Float(values[c][i]) } }
        let decisions = Array(try Reference.numbers(t, "y_pred").prefix(rows))
        let value = try IndividualFairness.consistency(features: x, columns: columns.count, decisions: decisions, k: 5)
        XCTAssert(close(value, Reference.value("adult", "consistency_k5_first_3000"), 1e-6), "\(value)")
    }
}
