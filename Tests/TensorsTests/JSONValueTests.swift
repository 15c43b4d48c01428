import XCTest
@testable import Tensors

final class JSONValueTests: XCTestCase {
    func testStrictJSON() throws {
        func parse(_ text: String) -> JSONValue? { Array(text.utf8).withUnsafeBytes { try? JSONValue.parse($0) } }
        XCTAssertEqual(parse(#" {"a": [1, -2, 9223372036854775807], "b": "\u00e9\n"} "#),
                       .object(["a": .array([.integer(1), .integer(-2), .integer(Int.max)]), "b": .string("é\n")]))
        XCTAssertEqual(parse("18446744073709551616"), .number(18446744073709551616))
        for bad in [#"{"a": 1, "a": 2}"#, "[1,]", "{} x", "01", "[" + String(repeating: "[", count: 70) + "]", "\"\u{1}\""] {
            XCTAssertNil(parse(bad), bad)
        }
    }
}
