import XCTest
@testable import Datasets

final class PositiveValuesTests: XCTestCase {
    private func positive(_ p: PositiveValues, _ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { p.classify($0).positive }
    }

    func testNumbersMatchByValueAndTextExactly() {
        let p = PositiveValues(["1", ">50K"])
        XCTAssertEqual(["1", "1.0", "1e0", "+1", "01", ">50K", "0", "2", ">50K.", "yes"].map { positive(p, $0) },
                       [true, true, true, true, true, true, false, false, false, false])
        XCTAssertEqual(p.forDecisions.written, ["1", ">50K"])
        XCTAssertEqual(PositiveValues(["0"]).forDecisions.written, ["1"])
    }
}
