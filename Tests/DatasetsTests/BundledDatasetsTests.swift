import TestSupport
import XCTest
@testable import Datasets

final class BundledDatasetsTests: XCTestCase {
    func testAdultRowCountsAndAIF360Reference() throws {
        let (train, test) = try BundledDatasets.adult()
        XCTAssertEqual(train.count, 30_162)
        XCTAssertEqual(test.count, 15_060)
        // ../shared/data/SOURCES.md, AIF360 0.6.1 on train+test, sex with Male privileged.
        var positives = [0, 0], totals = [0, 0]     // [Female, Male]
        for ds in [train, test] {
            let y = try ds.labels()
            let sex = try ds.sensitiveColumn("sex")
            for i in 0..<ds.count {
                let g = sex.value(i) == "Male" ? 1 : 0
                totals[g] += 1
                positives[g] += Int(y[i])
            }
        }
        let n = Double(totals[0] + totals[1])
        XCTAssertEqual(Double(positives[0] + positives[1]) / n, 0.247844, accuracy: 5e-7)
        let female = Double(positives[0]) / Double(totals[0]), male = Double(positives[1]) / Double(totals[1])
        XCTAssertEqual(female - male, -0.198901, accuracy: 5e-7)
        XCTAssertEqual(female / male, 0.363470, accuracy: 5e-7)
    }

    func testAdultFeaturesAreOneHotPlusNumeric() throws {
        let (train, test) = try BundledDatasets.adult()
        let encoder = FeatureEncoder(fitting: train)
        // 6 numeric columns; categorical levels: workclass 7, education 16, marital 7, occupation 14,
        // relationship 6, native-country 41 (sex and race are sensitive, excluded).
        XCTAssertEqual(encoder.names.count, 6 + 7 + 16 + 7 + 14 + 6 + 41)
        let x = try encoder.transform(test)
        XCTAssertEqual(x.rows, 15_060)
        XCTAssertEqual(x.values.count, 15_060 * encoder.names.count)
        XCTAssertEqual(x.values[0], 25)           // first test row: age 25
        XCTAssertEqual(encoder.names[0], "age")
        XCTAssertEqual(Array(x.values[0..<encoder.names.count]).reduce(0) { $0 + ($1 == 1 ? 1 : 0) } >= 6, true)
    }

    func testGermanDecodedAndSexDerived() throws {
        let german = try BundledDatasets.german()
        XCTAssertEqual(german.count, 1_000)
        let groups = Dictionary(uniqueKeysWithValues: try german.groups("sex").map { ($0.level, $0.count) })
        XCTAssertEqual(groups, ["male": 690, "female": 310])
        let y = try german.labels()
        XCTAssertEqual(Double(y.reduce(0, +)) / 1000, 0.7)
        let sex = try german.sensitiveColumn("sex")
        var good = [0, 0], total = [0, 0]
        for i in 0..<1000 { let g = sex.value(i) == "male" ? 1 : 0; total[g] += 1; good[g] += Int(y[i]) }
        let female = Double(good[0]) / Double(total[0]), male = Double(good[1]) / Double(total[1])
        XCTAssertEqual(female - male, -0.074801, accuracy: 5e-7)
        XCTAssertEqual(female / male, 0.896567, accuracy: 5e-7)
        guard case let .categorical(status) = try german.column("status") else { return XCTFail("status") }
        XCTAssertTrue(status.levels.contains("no checking account"))
    }

    func testGermanFollowsAIF360sGermanDataset() throws {
        // personal_status is dropped once sex is derived from it; age is binary, old (≥ 25, privileged) or young.
        let german = try BundledDatasets.german()
        XCTAssertFalse(german.table.names.contains("personal_status"))
        XCTAssertEqual(german.sensitive, ["sex", "age"])
        let age = Dictionary(uniqueKeysWithValues: try german.groups("age").map { ($0.level, $0.count) })
        XCTAssertEqual(age, ["old": 851, "young": 149])
        XCTAssertFalse(FeatureEncoder(fitting: german).names.contains { $0.hasPrefix("personal_status") })
    }

    func testLabelValuesOutsidePositiveAndNegativeAreListed() throws {
        let table = Table(names: ["y"], columns: [.categorical(CategoricalColumn(levels: ["yes", "no", "maybe"], codes: [0, 1, 2]))])
        XCTAssertThrowsError(try Dataset(table: table, label: "y", positive: ["yes"], negative: ["no"], sensitive: [])) { e in
            XCTAssertEqual(String(describing: e), "label 'y': values 'maybe' are neither positive nor negative; values found: 'maybe', 'no', 'yes'")
        }
        XCTAssertThrowsError(try Dataset(table: table, label: "y", positive: ["1"], sensitive: [])) { e in
            XCTAssertEqual(String(describing: e), "label 'y': no value is positive (positive = '1'); values found: 'maybe', 'no', 'yes'")
        }
        XCTAssertThrowsError(try Dataset(table: table, label: "y", positive: ["yes"], sensitive: ["sexx"])) { e in
            XCTAssertEqual(String(describing: e), "sensitive: column 'sexx' not found; columns are: y")
        }
    }
}

final class CompasTests: XCTestCase {
    func testProPublicaFiltersGiveAIF360Rows() throws {
        let compas = try Compas.load(try TestData.file("compas-scores-two-years.csv"))
        XCTAssertEqual(compas.count, 6_167)
        // ../shared/data/SOURCES.md: race, Caucasian privileged vs the rest, favourable = no recidivism.
        let y = try compas.labels(), race = try compas.sensitiveColumn("race")
        var favourable = [0, 0], total = [0, 0]
        for i in 0..<compas.count {
            let g = race.value(i) == "Caucasian" ? 1 : 0
            total[g] += 1
            favourable[g] += Int(y[i])
        }
        XCTAssertEqual(Double(favourable[0] + favourable[1]) / Double(compas.count), 0.544511, accuracy: 5e-7)
        let rest = Double(favourable[0]) / Double(total[0]), white = Double(favourable[1]) / Double(total[1])
        XCTAssertEqual(rest - white, -0.097138, accuracy: 5e-7)
        XCTAssertEqual(rest / white, 0.840384, accuracy: 5e-7)
        // COMPAS's own risk score is the thing audited, not a feature, unless asked for.
        XCTAssertFalse(compas.table.names.contains("decile_score") || compas.table.names.contains("score_text"))
        let scored = try Compas.load(try TestData.file("compas-scores-two-years.csv"), scores: true)
        XCTAssertEqual(scored.count, 6_167)
        XCTAssertEqual(Array(scored.table.names.suffix(3)), ["decile_score", "score_text", "two_year_recid"])
    }
}
