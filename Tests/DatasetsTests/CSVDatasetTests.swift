@testable import Datasets
import Foundation
import XCTest

/// `data.csv`'s roles applied in the library: positive values, missing sensitive values, drop and dropna.
final class CSVDatasetTests: XCTestCase {
    let path = NSTemporaryDirectory() + "fairlua-csvdataset-\(getpid()).csv"
    override func tearDown() { unlink(path) }

    func testRolesDropAndMissingRows() throws {
        try "y,sex,age,id\nyes,F,30,1\nno,M,,2\nyes,,41,3\n".write(toFile: path, atomically: true, encoding: .utf8)
        var roles = DatasetRoles()
        roles.label = "y"
        roles.positive = ["yes"]
        roles.sensitive = ["sex"]
        roles.drop = ["id"]
        let (ds, notes) = try Dataset.csv(path, options: CSVOptions(), roles: roles)
        XCTAssertEqual(ds.table.names, ["y", "sex", "age"])
        XCTAssertEqual(ds.count, 2)                       // the row without an age is dropped; the missing sex is a group
        XCTAssertEqual(ds.source, path)
        XCTAssertEqual(ds.summary, "Dataset(2 rows x 3 columns; label 'y' (positive yes); sensitive sex)")
        XCTAssertEqual(notes.isEmpty, false)
        roles.dropMissing = false
        XCTAssertEqual(try Dataset.csv(path, options: CSVOptions(), roles: roles).dataset.count, 3)
        roles.positive = nil
        XCTAssertThrowsError(try Dataset.csv(path, options: CSVOptions(), roles: roles)) {
            XCTAssertEqual("\($0)", "option 'positive' is required with 'label' (unless the label is True/False)")
        }
    }
}
