import Datasets
import XCTest

final class TextTableTests: XCTestCase {
    func testNumberColumnsAlignOnTheDecimalPointAndTextColumnsLeft() {
        let t = TextTable(header: ["group", "n", "rate", "note"],
                          rows: [["Female", "310", "0.5", "6 levels"], ["Male", "12", "0.648387", "7"], ["x", "", "NaN", ""]])
        XCTAssertEqual(t.description.split(separator: "\n").map(String.init), [
            "group     n      rate  note",
            "------  ---  --------  --------",
            "Female  310  0.5       6 levels",
            "Male     12  0.648387  7",
            "x                 NaN",
        ])
    }
}
