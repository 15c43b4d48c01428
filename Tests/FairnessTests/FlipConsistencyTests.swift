import Datasets
@testable import Fairness
import XCTest

final class FlipConsistencyTests: XCTestCase {
    func people() throws -> Dataset {
        let table = Table(names: ["rel", "sex", "race", "y"], columns: [
            .categorical(CategoricalColumn(values: ["Husband", "Wife", "Own-child", "Own-child", "Husband", "Wife"])),
            .categorical(CategoricalColumn(values: ["M", "F", "F", "M", "F", "M"])),
            .categorical(CategoricalColumn(values: ["W", "W", "B", "W", "A", "B"])),
            .categorical(CategoricalColumn(values: ["no", "yes", "no", "yes", "no", "yes"])),
        ])
        return try Dataset(table: table, label: "y", positive: ["yes"], sensitive: ["sex", "race"])
    }

    /// Each row's level of `name`.
    func values(_ ds: Dataset, _ name: String) throws -> [String] {
        let c = Dataset.categories(try ds.column(name))
        return c.codes.map { c.levels[Int($0)] }
    }

    func testSwapAndCombinationsCountTheRowsWhoseDecisionStays() throws {
        let ds = try people()
        let husband = { (d: Dataset) throws -> [Double] in try self.values(d, "rel").map { $0 == "Husband" ? 1 : 0 } }
        let whiteMen = { (d: Dataset) throws -> [Double] in
            zip(try self.values(d, "sex"), try self.values(d, "race")).map { $0 == "M" && $1 == "W" ? 1 : 0 }
        }
        // Husband ↔ Wife changes rows 1, 2, 5, 6; the own children keep theirs.
        XCTAssertEqual(try IndividualFairness.flipConsistency(ds, columns: ["rel"], swap: ["Husband", "Wife"], decide: husband), 2.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(try IndividualFairness.flipConsistency(ds, columns: ["sex", "race"], decide: husband), 1)
        // Flipping sex changes the white rows (1, 2, 4); every race for the men (1, 4, 6); both: every row meets (M, W) or leaves it.
        XCTAssertEqual(try IndividualFairness.flipConsistency(ds, columns: ["sex"], decide: whiteMen), 0.5, accuracy: 1e-12)
        XCTAssertEqual(try IndividualFairness.flipConsistency(ds, columns: ["race"], decide: whiteMen), 0.5, accuracy: 1e-12)
        XCTAssertEqual(try IndividualFairness.flipConsistency(ds, columns: ["sex", "race"], decide: whiteMen), 0)
        XCTAssertEqual(try IndividualFairness.counterfactualFlipRate(ds, sensitive: "sex", decide: whiteMen), 0.5, accuracy: 1e-12)
    }

    func testBadRequestsAreErrors() throws {
        let ds = try people()
        let none = { (d: Dataset) throws -> [Double] in [Double](repeating: 0, count: d.count) }
        XCTAssertThrowsError(try IndividualFairness.flipConsistency(ds, columns: [], decide: none))
        XCTAssertThrowsError(try IndividualFairness.flipConsistency(ds, columns: ["sex", "sex"], decide: none))
        XCTAssertThrowsError(try IndividualFairness.flipConsistency(ds, columns: ["rel"], swap: ["Husband", "Uncle"], decide: none))
        XCTAssertThrowsError(try IndividualFairness.flipConsistency(ds, columns: ["rel"], swap: ["Husband"], decide: none))
        XCTAssertThrowsError(try IndividualFairness.flipConsistency(ds, columns: ["rel", "sex"], swap: ["Husband", "Wife"], decide: none))
        XCTAssertThrowsError(try IndividualFairness.flipConsistency(ds, columns: ["nope"], decide: none))
        XCTAssertThrowsError(try IndividualFairness.flipConsistency(ds, columns: ["sex"]) { _ in [1] })
    }
}
