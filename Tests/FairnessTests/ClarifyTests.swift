import Datasets
@testable import Fairness
import Foundation
import TestSupport
import XCTest

/// The SageMaker Clarify catalogue against smclarify 0.5's bias_report (Tests/reference/generate_clarify.py): every
/// measure of both stages on Adult (facet sex = Female; each race against the rest) and COMPAS (race = African-American)
/// to 1e-9, errors where smclarify has none.
final class ClarifyTests: XCTestCase {
    nonisolated(unsafe) static let json: [String: Any] = {
        guard let data = FileManager.default.contents(atPath: Reference.directory + "/clarify_reference.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    /// The case `name` of the "clarify" section.
    static func entry(_ name: String) -> [String: Any] { ((json["clarify"] as? [String: Any])?[name] as? [String: Any]) ?? [:] }

    /// The committed Adult predictions as a dataset (label y_true, positive 1).
    static func adult() throws -> Dataset {
        try Dataset(table: try Reference.adult(), label: "y_true", positive: ["1"], sensitive: ["sex", "race"])
    }

    /// COMPAS (external data) with the committed predictions as column y_pred.
    static func compas() throws -> Dataset {
        let ds = try Compas.load(try TestData.file("compas-scores-two-years.csv"))
        var options = CSVOptions()
        options.numeric = ["y_pred", "score"]
        let preds = try CSVReader.read(Reference.directory + "/compas_predictions.csv", options: options).table
        return try ds.adding("y_pred", .numeric(try Reference.numbers(preds, "y_pred")))
    }

    /// Both stages of case `name` on `ds` (label values {1} when the label column is numeric).
    /// `tieTolerance` bounds FT's difference where many rows are equally near (integer features): which of them are
    /// the 5 nearest then depends on the search's order of ties (scikit-learn's KD tree; ours takes the earlier row).
    func assertMatches(_ name: String, _ ds: Dataset, labelValues: ClarifySelection? = nil, tieTolerance: Double = 1e-9) throws {
        let ref = Self.entry(name)
        XCTAssertFalse(ref.isEmpty, "\(name) missing from clarify_reference.json")
        let facet = try XCTUnwrap(ref["facet"] as? String), group = ref["group"] as? String
        let values = (ref["facet_values"] as? [String]).map(ClarifySelection.values)
        let features = try XCTUnwrap(ref["features"] as? [String])
        let reports = try XCTUnwrap(ref["reports"] as? [String: Any])
        let predictions = try Reference.numbers(ds.table, "y_pred")
        for stage in ClarifyMeasure.Stage.allCases {
            let bias = try ClarifyBias(ds, stage: stage, facet: facet, facetValues: values, labelValues: labelValues,
                                       predictions: stage == .postTraining ? predictions : nil, group: group, features: features)
            let expected = try XCTUnwrap(reports[stage.rawValue] as? [String: [String: Any]])
            XCTAssertEqual(Set(bias.facets.map(\.valueOrThreshold)), Set(expected.keys), "\(name) \(stage) facets")
            for f in bias.facets {
                let want = try XCTUnwrap(expected[f.valueOrThreshold])
                XCTAssertEqual(f.metrics.map(\.name).sorted(), want.keys.sorted(), "\(name) \(stage) \(f.valueOrThreshold)")
                if let ft = f.metrics.first(where: { $0.name == "FT" }) {
                    XCTAssert(close(ft.value, ((ref["ft_brute"] as? [String: Any])?[f.valueOrThreshold] as? NSNumber)?.doubleValue),
                              "\(name) \(f.valueOrThreshold) FT against scikit-learn's brute-force neighbours: \(ft.value)")
                }
                for m in f.metrics {
                    let w = want[m.name]
                    if let s = w as? String {
                        XCTAssertEqual(m.value, s == "Infinity" ? .infinity : -.infinity, "\(name) \(f.valueOrThreshold) \(m.name)")
                    } else if w is NSNull {
                        XCTAssertNotNil(m.error, "\(name) \(f.valueOrThreshold) \(m.name): smclarify could not compute it")
                    } else {
                        XCTAssertNil(m.error, "\(name) \(f.valueOrThreshold) \(m.name)")
                        XCTAssert(close(m.value, (w as? NSNumber)?.doubleValue, m.name == "FT" ? tieTolerance : 1e-9), "\(name) \(f.valueOrThreshold) \(m.name): \(m.value) vs \(String(describing: w))")
                    }
                }
            }
        }
    }

    func testAdultSexMatchesSmclarify() throws { try assertMatches("adult_sex", try Self.adult()) }

    func testAdultRaceOneVersusRestMatchesSmclarify() throws { try assertMatches("adult_race", try Self.adult()) }

    /// COMPAS's features are counts and ages: FT agrees with smclarify (KD tree) to 0.02 — 2,694 of the 3,173 facet rows
    /// have a tie at the fifth neighbour — and with scikit-learn's brute-force search to 1e-9; every other measure to 1e-9.
    func testCompasRaceMatchesSmclarify() throws { try assertMatches("compas_race", try Self.compas(), tieTolerance: 0.02) }

    func testBadInputIsAnError() throws {
        let ds = try Self.adult()
        let one = try ds.adding("only", .categorical(CategoricalColumn(values: [String?](repeating: "x", count: ds.count))))
        XCTAssertThrowsError(try ClarifyBias(one, stage: .preTraining, facet: "only")) { e in XCTAssert("\(e)".contains("only one value (x)"), "\(e)") }
        XCTAssertThrowsError(try ClarifyBias(ds, stage: .preTraining, facet: "sex", facetValues: .values(["female"]))) { e in
            XCTAssert("\(e)".contains("value 'female' matches no row of 'sex'; its values are: "), "\(e)")
        }
        XCTAssertThrowsError(try ClarifyBias(ds, stage: .preTraining, facet: "sex", labelValues: .values(["2"]))) { e in
            XCTAssert("\(e)".contains("value '2' matches no row of 'y_true'"), "\(e)")
        }
        XCTAssertThrowsError(try ClarifyBias(ds, stage: .preTraining, facet: "sex", facetValues: .values(["Female", "Male"]))) { e in
            XCTAssert("\(e)".contains("selects every row"), "\(e)")
        }
        var predictions = try Reference.numbers(ds.table, "y_pred")
        predictions[3] = .nan
        XCTAssertThrowsError(try ClarifyBias(ds, stage: .postTraining, facet: "sex", predictions: predictions)) { e in
            XCTAssert("\(e)".contains("prediction 4 is not a number"), "\(e)")
        }
        XCTAssertThrowsError(try ClarifyBias(ds, stage: .preTraining, facet: "sex", methods: ["XX"])) { e in
            XCTAssert("\(e)".contains("measures are: CDDL, CI, DPL, JS, KL, KS, LP, TVD"), "\(e)")
        }
        XCTAssertThrowsError(try ClarifyBias(ds, stage: .preTraining, facet: "x_age", facetValues: nil, labelValues: .threshold(0.5)))
    }

    func testMissingGroupVariableAndThresholdFacet() throws {
        let ds = try Self.adult()
        let bias = try ClarifyBias(ds, stage: .preTraining, facet: "x_age", facetValues: .threshold(1), methods: ["CDDL", "CI"])
        XCTAssertEqual(bias.facets.map(\.valueOrThreshold), ["(1, inf)"])
        let ages = try Reference.numbers(ds.table, "x_age")
        let inside = ages.filter { $0 > 1 }.count
        XCTAssertEqual(bias.facets[0].size, inside)
        XCTAssertEqual(bias.facets[0].metrics[1].value, Double(ds.count - 2 * inside) / Double(ds.count))
        XCTAssertEqual(bias.facets[0].metrics[0].error, "CDDL needs a group variable (group_name)")
    }

    func testFlipTestVotesOfTheNearestRows() throws {
        // Facet rows 3 and 4; the rest's nearest rows vote 1 for row 3's neighbourhood (k = 1 with few rows).
        let features: [Double] = [0, 1, 10, 0.1, 10.1]
        let ft = try IndividualFairness.flipTest(features: features, width: 1, facet: [false, false, false, true, true], decisions: [0, 0, 1, 1, 0])
        XCTAssertEqual(ft, (1.0 - 1.0) / 2)   // row 3: ŷ 1, neighbour (row 0) 0 → +1; row 4: ŷ 0, neighbour (row 2) 1 → −1
        XCTAssertThrowsError(try IndividualFairness.flipTest(features: [], width: 0, facet: [true, false], decisions: [1, 0]))
    }
}
