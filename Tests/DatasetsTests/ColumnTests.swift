import Datasets
import XCTest

final class ColumnTests: XCTestCase {
    /// A numeric column as categories equals the column of its formatted numbers: 0 and −0 one level, NaNs (of either sign)
    /// one level, and past 16 levels (where the lookup switches to hashing) every level kept in first-seen order.
    func testNumbersEqualTheirFormattedValues() {
        let numbers: [Float] = [1, 0, -0.0, .nan, 2.5, -.nan, .nan, 1] + (0..<40).map { Float($0 % 23) * 0.5 }
        XCTAssertEqual(CategoricalColumn(numbers: numbers), CategoricalColumn(values: numbers.map { formatNumber(Double($0)) }))
    }
}
