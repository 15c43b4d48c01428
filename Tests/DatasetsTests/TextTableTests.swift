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

    func testNumbersShowFourSignificantDigitsUnlessAskedForOthers() {
        XCTAssertEqual([0.648387, 3271.26, 12.05877, 8.55715e-05, 7.2e-140, 25, .nan].map { TextTable.format($0) },
                       ["0.6484", "3271", "12.06", "8.557e-05", "7.2e-140", "25", "NaN"])
        XCTAssertEqual(TextTable.format(0.648387, digits: 2), "0.65")
        XCTAssertEqual(TextTable.format(1.0 / 3, digits: 17), "0.3333333333333333")
    }

    func testFloat32ValuesShowTheDecimalTheyStandFor() {
        XCTAssertEqual(TextTable.format(Double(Float(0.7)), digits: 17), "0.7")
        XCTAssertEqual(TextTable.format(Double(Float(0.7)), digits: 10), "0.7")
    }
}
