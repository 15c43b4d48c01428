import Datasets
@testable import Fairness
import XCTest

final class SelectionBiasTests: XCTestCase {
    var reference: [String: Any] { Reference.detection["selection"] as? [String: Any] ?? [:] }

    func population() -> [String: [String: Double]] {
        (reference["population"] as? [String: [String: Double]]) ?? [:]
    }

    func expected(_ test: String, _ column: String, _ key: String) -> Double {
        (((reference[test] as? [String: Any])?[column] as? [String: Any])?[key] as? NSNumber)?.doubleValue ?? .nan
    }

    /// Adult's training sex and race shares against the 1990 census: SciPy's chisquare to 1e-9 relative.
    func testGoodnessOfFitMatchesSciPy() throws {
        let (train, _) = try BundledDatasets.adult()
        let s = try SelectionBias(train, population: population())
        XCTAssertTrue(s.againstPopulation)
        XCTAssertEqual(s.attributes.map(\.name), ["race", "sex"])
        for a in s.attributes {
            XCTAssertEqual(a.test.statistic, expected("goodness_of_fit", a.name, "statistic"), accuracy: 1e-9 * a.test.statistic)
            let p = expected("goodness_of_fit", a.name, "p_value")
            XCTAssertEqual(a.test.pValue, p, accuracy: max(1e-300, 1e-9 * p))
            XCTAssertEqual(a.test.dof, a.groups.count - 1)
        }
        let sex = try XCTUnwrap(s.attributes.last)
        XCTAssertEqual(sex.counts, [9782, 20380])
        XCTAssertEqual(sex.ratios[0], 9782.0 / 30162 / 0.513, accuracy: 1e-12)
        // Women are 0.632 of their population share, a selection finding; White (1.07) stays inside the band.
        let findings = s.findings(minimumSize: 30)
        XCTAssertEqual(findings.map(\.kind), [Finding.Kind](repeating: .selection, count: findings.count))
        XCTAssertEqual(findings.first { $0.message.hasPrefix("sex: Female") }?.reading,
                       "Female are under-represented: \(Rules.format(sex.ratios[0])) times their share of the population.")
        XCTAssertNil(findings.first { $0.message.hasPrefix("race: White") })
    }

    /// Without a population, train against test: SciPy's chi2_contingency (Yates on 2×2), and no finding on Adult.
    func testTrainAgainstTestMatchesSciPy() throws {
        let (train, test) = try BundledDatasets.adult()
        let s = try SelectionBias(train, against: test)
        XCTAssertFalse(s.againstPopulation)
        for a in s.attributes {
            XCTAssertEqual(a.test.statistic, expected("train_vs_test", a.name, "statistic"), accuracy: 1e-9)
            XCTAssertEqual(a.test.pValue, expected("train_vs_test", a.name, "p_value"), accuracy: 1e-9)
        }
        XCTAssertTrue(s.findings().isEmpty)
    }

    func testBadPopulationsAreTypedErrors() throws {
        let (train, _) = try BundledDatasets.adult()
        XCTAssertThrowsError(try SelectionBias(train, population: ["sex": ["Female": 0.5, "Male": 0.6]])) {
            XCTAssertEqual("\($0)", "population: the shares of 'sex' sum to 1.1, not 1")
        }
        XCTAssertThrowsError(try SelectionBias(train, population: ["sex": ["Female": 1]])) {
            XCTAssertEqual("\($0)", "population: no share for 'Male' of 'sex'; give a share for every group: Female, Male")
        }
        XCTAssertThrowsError(try SelectionBias(train, population: ["sexx": ["Female": 1]])) {
            XCTAssertEqual("\($0)", "population: 'sexx' is not a sensitive column; sensitive columns are: sex, race")
        }
        XCTAssertThrowsError(try SelectionBias(train, population: ["sex": ["Female": .nan, "Male": 1]])) {
            XCTAssertEqual("\($0)", "population: the share of 'Female' in 'sex' must lie in (0, 1], got nan")
        }
    }
}
