import Datasets
@testable import Fairness
import XCTest

final class LabelBiasTests: XCTestCase {
    var reference: [String: Any] { Reference.detection["labels"] as? [String: Any] ?? [:] }

    /// Adult's training labels given education-num (and hours-per-week): Clarify's CDDL and statsmodels' CMH
    /// statistic to 1e-9 (relative for the statistic), the strata counted alike.
    func testConditionalDemographicDisparityMatchesClarifyAndStatsmodels() throws {
        let (train, _) = try BundledDatasets.adult()
        let cases = reference["cases"] as? [[String: Any]] ?? []
        XCTAssertEqual(cases.count, 4)
        for c in cases {
            let legitimate = c["legitimate"] as? [String] ?? []
            let bias = try LabelBias(train, legitimate: legitimate)
            let facet = try XCTUnwrap(bias.facets.first { $0.attribute == c["attribute"] as? String && $0.group == c["group"] as? String })
            let number = { (key: String) in (c[key] as? NSNumber)?.doubleValue ?? .nan }
            XCTAssertEqual(facet.cdd, number("cdd"), accuracy: 1e-9, "\(legitimate)")
            XCTAssertEqual(facet.test.statistic, number("cmh_statistic"), accuracy: 1e-9 * number("cmh_statistic"), "\(legitimate)")
            XCTAssertEqual(facet.strata, (c["strata"] as? NSNumber)?.intValue)
            XCTAssertLessThan(facet.gap, 0)
        }
    }

    /// AIF360 0.6.1's conditional_demographic_disparity conditions on the protected groups themselves: it is the
    /// size-weighted mean of each group's unconditional DD, which ours gives to 1e-12.
    func testAIF360sDefinitionIsTheWeightedMeanOfGroupDD() throws {
        let (train, _) = try BundledDatasets.adult()
        let sexes = try LabelBias(train, legitimate: ["education-num"]).facets.filter { $0.attribute == "sex" }
        let weighted = sexes.reduce(0) { $0 + Double($1.n) * $1.dd } / Double(train.count)
        let aif360 = (reference["aif360_cdd"] as? [String: NSNumber])?["sex"]?.doubleValue ?? .nan
        XCTAssertEqual(weighted, aif360, accuracy: 1e-12)
    }

    /// The label finding: women get fewer positive labels than men of the same education on Adult.
    func testFindingOnAdultAndNoneWhereLabelsFollowTheStrata() throws {
        let (train, _) = try BundledDatasets.adult()
        let findings = try LabelBias(train, legitimate: ["education-num"]).findings(minimumSize: 30)
        let female = try XCTUnwrap(findings.first { $0.message.hasPrefix("sex: Female") })
        XCTAssertEqual(female.kind, .label)
        XCTAssertEqual(female.evidence.statistic, "sex: conditional demographic disparity")
        XCTAssertTrue(female.reading.hasPrefix("Among people with the same education-num, Female have positive labels"))
        XCTAssertNil(findings.first { $0.message.hasPrefix("sex: Male") })
        // Within each stratum of x both groups have the same base rate (70 % and 20 %), though overall A's is 0.6
        // and B's 0.37: no finding, and a gap of exactly 0.
        var values: [(String, String, String)] = []
        for (g, x, rows) in [("A", "hi", 80), ("A", "lo", 20), ("B", "hi", 100), ("B", "lo", 200)] {
            for i in 0..<rows { values.append((g, x, i % 10 < (x == "hi" ? 7 : 2) ? "1" : "0")) }
        }
        let table = Table(names: ["g", "x", "y"], columns: [.categorical(CategoricalColumn(values: values.map(\.0))),
                                                            .categorical(CategoricalColumn(values: values.map(\.1))),
                                                            .categorical(CategoricalColumn(values: values.map(\.2)))])
        let fair = try LabelBias(try Dataset(table: table, label: "y", positive: ["1"], sensitive: ["g"]), legitimate: ["x"])
        XCTAssertTrue(try fair.findings().isEmpty)
        XCTAssertEqual(fair.facets.map(\.gap), [0, 0])
        XCTAssertEqual(fair.facets.map(\.test.pValue), [1, 1])
    }

    func testBadLegitimateFeaturesAreTypedErrors() throws {
        let (train, _) = try BundledDatasets.adult()
        XCTAssertThrowsError(try LabelBias(train, legitimate: ["sex"])) {
            XCTAssertEqual("\($0)", "legitimate: 'sex' is the label or a sensitive column; name features such as age, workclass, fnlwgt")
        }
        XCTAssertThrowsError(try LabelBias(train, legitimate: ["educaton"])) { XCTAssert("\($0)".contains("column 'educaton' not found"), "\($0)") }
        XCTAssertThrowsError(try LabelBias(train, legitimate: [])) { XCTAssert("\($0)".hasPrefix("legitimate: name one or more features")) }
    }
}
