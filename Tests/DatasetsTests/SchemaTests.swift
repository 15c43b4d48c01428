import XCTest
@testable import Datasets

final class SchemaTests: XCTestCase {
    /// A small table: a numeric, a categorical feature, a sensitive column and the label.
    func dataset(_ rows: [(Double, String, String, String)]) throws -> Dataset {
        let table = Table(names: ["x", "colour", "sex", "y"],
                          columns: [.numeric(rows.map(\.0)), .categorical(CategoricalColumn(values: rows.map(\.1))),
                                    .categorical(CategoricalColumn(values: rows.map(\.2))), .categorical(CategoricalColumn(values: rows.map(\.3)))])
        return try Dataset(table: table, label: "y", positive: ["yes"], sensitive: ["sex"])
    }

    func testSchemaLearnsColumnsLevelsAndRoles() throws {
        let ds = try dataset([(1, "red", "F", "yes"), (2, "blue", "M", "no"), (3, "green", "F", "no")])
        XCTAssertEqual(ds.schema.columns.map(\.name), ["x", "colour", "sex"])
        XCTAssertEqual(ds.schema.column("colour")?.levels, ["blue", "green", "red"])
        XCTAssertEqual(ds.schema.column("x")?.type, .numeric)
        XCTAssertEqual(ds.schema.label, "y")
        XCTAssertEqual(ds.schema.positive, ["yes"])
        XCTAssertEqual(ds.schema.sensitive, ["sex"])
        XCTAssertEqual(FeatureEncoder(fitting: ds).names, ["x", "colour=blue", "colour=green", "colour=red"])
        XCTAssertEqual(FeatureEncoder(fitting: ds, includeSensitive: true).names.suffix(2), ["sex=F", "sex=M"])
    }

    func testEverySubsetSharesItsParentsSchema() throws {
        let ds = try dataset((0..<40).map { (Double($0), ["red", "blue", "green"][$0 % 3], $0 % 2 == 0 ? "F" : "M", $0 % 4 == 0 ? "yes" : "no") })
        let noGreen = try ds.filter((0..<40).map { $0 % 3 != 2 })
        let (a, b) = try ds.split(ratio: 0.5, seed: 1)
        let subsets = [noGreen, a, b, try ds.select([0, 1]), try ds.sample(5, replace: false, weights: nil, seed: 2)] + (try ds.kfold(3, seed: 1).map(\.test))
        for subset in subsets {
            XCTAssertEqual(subset.schema, ds.schema)
            XCTAssertEqual(try FeatureEncoder(fitting: subset).transform(subset).names.count, 4)
        }
        XCTAssertEqual(try FeatureEncoder(fitting: noGreen).transform(noGreen).unseen, [:])
    }

    func testUnseenLevelsEncodeAsZerosWithOneWarning() throws {
        let train = try dataset([(1, "red", "F", "yes"), (2, "blue", "M", "no")])
        let new = try dataset([(5, "purple", "F", "yes"), (6, "red", "M", "no"), (7, "pink", "F", "no")])
        let m = try FeatureEncoder(fitting: train).transform(new)
        XCTAssertEqual(m.values, [5, 0, 0, 6, 0, 1, 7, 0, 0])
        XCTAssertEqual(m.unseen, ["colour": ["pink", "purple"]])
        XCTAssertEqual(m.warning, "levels unseen when the schema was fitted encode as all zeros: colour ('pink', 'purple')")
    }

    func testColumnOrderDoesNotMatterAndMissingColumnsAreNamed() throws {
        let train = try dataset([(1, "red", "F", "yes"), (2, "blue", "M", "no")])
        let shuffled = Table(names: ["colour", "y", "x", "extra"],
                             columns: [.categorical(CategoricalColumn(values: ["blue", "red"])), .categorical(CategoricalColumn(values: ["yes", "no"])),
                                       .numeric([9, 8]), .numeric([0, 0])])
        let other = try Dataset(table: shuffled, label: "y", positive: ["yes"], negative: ["no"], sensitive: [])
        XCTAssertEqual(try FeatureEncoder(fitting: train).transform(other).values, [9, 1, 0, 8, 0, 1])
        let renamed = try other.dropping(["colour"]).adding("color", .categorical(CategoricalColumn(values: ["blue", "red"])))
        XCTAssertThrowsError(try FeatureEncoder(fitting: train).transform(renamed)) {
            XCTAssertEqual("\($0)", "the data lacks column 'colour' of the schema; expected columns: x, colour; found: y, x, extra, color")
        }
        let text = try other.adding("x", .categorical(CategoricalColumn(values: ["a", "b"])))
        XCTAssertThrowsError(try FeatureEncoder(fitting: train).transform(text)) {
            XCTAssertEqual("\($0)", "column 'x' was numeric when the schema was fitted, but the data holds text (e.g. 'a')")
        }
    }

    func testStandardisedSchemaStandardisesRawData() throws {
        let train = try dataset([(1, "red", "F", "yes"), (3, "blue", "M", "no")])
        let scaler = Standardizer(fitting: train)
        let scaled = try scaler.transform(train)
        XCTAssertEqual(scaled.schema.column("x")?.standardization, Schema.Standardization(mean: 2, std: 1))
        let encoder = FeatureEncoder(fitting: scaled)
        // Standardised data is taken as it is; raw data is standardised with the recorded statistics.
        XCTAssertEqual(try encoder.transform(scaled).values, try encoder.transform(train).values)
        XCTAssertEqual(try encoder.transform(train).values, [-1, 0, 1, 1, 1, 0])
    }

    func testAdultTestSplitSharesTheTrainingSchema() throws {
        let (train, test) = try BundledDatasets.adult()
        XCTAssertEqual(test.schema, train.schema)
        let x = try FeatureEncoder(fitting: test).transform(test)
        XCTAssertEqual(x.names.count, 97)
        XCTAssert(x.names.contains("native-country=Holand-Netherlands"))
    }

    func testSchemaRoundTripsThroughJSON() throws {
        let train = try Standardizer(fitting: try dataset([(1, "red", "F", "yes"), (3.25, "blue", "M", "no")])).transform(try dataset([(1, "red", "F", "yes"), (3.25, "blue", "M", "no")]))
        let encoder = FeatureEncoder(fitting: train, includeSensitive: true)
        let json = try JSONEncoder().encode(encoder)
        XCTAssertEqual(try JSONDecoder().decode(FeatureEncoder.self, from: json), encoder)
    }
}
