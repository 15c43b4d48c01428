@testable import Datasets
import XCTest

final class MissingSensitiveTests: XCTestCase {
    func dataset() throws -> Dataset {
        let table = Table(names: ["sex", "y"], columns: [.categorical(CategoricalColumn(values: ["F", nil, "M", nil, "M"])),
                                                          .categorical(CategoricalColumn(values: ["1", "0", "1", "1", "0"]))])
        return try Dataset(table: table, label: "y", positive: ["1"], sensitive: ["sex"])
    }

    func testGroupDropAndError() throws {
        let (grouped, notes) = try dataset().handlingMissingSensitive(.group)
        XCTAssertEqual(try grouped.groups("sex").map(\.level).sorted(), ["(missing)", "F", "M"])
        XCTAssertEqual(try grouped.sensitiveColumn("sex").codes.filter { $0 < 0 }.count, 0)
        XCTAssertEqual(notes, ["sex: 2 rows with no value form the group (missing)"])
        let (dropped, dropNotes) = try dataset().handlingMissingSensitive(.drop)
        XCTAssertEqual(dropped.count, 3)
        XCTAssertEqual(dropNotes, ["sex: dropped 2 rows with no value"])
        XCTAssertThrowsError(try dataset().handlingMissingSensitive(.error)) {
            XCTAssertEqual("\($0)", "sensitive column 'sex' has no value in 2 rows (first: data row 2); pass missing_sensitive = \"group\" to keep them as the group (missing), or \"drop\"")
        }
        XCTAssertThrowsError(try MissingSensitive(named: "keep")) { XCTAssertEqual("\($0)", "missing_sensitive: 'group', 'drop' or 'error' expected, got 'keep'") }
    }

    func testNothingMissingChangesNothing() throws {
        let (same, notes) = try dataset().filter([true, false, true, false, true]).handlingMissingSensitive(.error)
        XCTAssertEqual(same.count, 3)
        XCTAssertEqual(notes, [])
    }
}
