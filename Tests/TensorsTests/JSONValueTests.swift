import XCTest
@testable import Tensors

final class JSONValueTests: XCTestCase {
    private func parse(_ text: String, maxDepth: Int = 200) -> JSONValue? { try? JSONValue.parse(text, maxDepth: maxDepth) }

    private func failure(_ text: String) -> String? {
        do { _ = try JSONValue.parse(text); return nil } catch { return "\(error)" }
    }

    func testStrictJSON() throws {
        XCTAssertEqual(parse(#" {"a": [1, -2, 9223372036854775807], "b": "\u00e9\n"} "#),
                       .object(["a": .array([.integer(1), .integer(-2), .integer(Int.max)]), "b": .string("é\n")]))
        XCTAssertEqual(parse("18446744073709551616"), .number(18446744073709551616))
        XCTAssertEqual(parse(#""\ud83d\ude00""#), .string("😀"))
        for bad in [#"{"a": 1, "a": 2}"#, "[1,]", "{} x", "01", "\"\u{1}\"", #""\ud800""#, "{1e999: 1}", #""\x41""#, "-", "1.", "1e"] {
            XCTAssertNil(parse(bad), bad)
        }
        XCTAssertNil(parse("[" + String(repeating: "[", count: 70) + "]", maxDepth: 64))
        XCTAssertNil(parse(String(repeating: "[", count: 100_000)))
    }

    func testErrorsNameTheByte() {
        XCTAssertEqual(failure(#"{"a" 1}"#), "expected ':' at byte 6")
        XCTAssertEqual(failure("[1, 2"), "expected ',' or ']' at byte 6")
        XCTAssertEqual(failure(""), "unexpected end of input at byte 1")
        XCTAssertEqual(failure(#"{"a": 1, "a": 2}"#), "duplicate key 'a' at byte 10")
        XCTAssertEqual(failure("[01]"), "invalid number '01' at byte 2")
        XCTAssertEqual(failure("{} {}"), "unexpected trailing text at byte 4")
        XCTAssertEqual(failure(String(repeating: "[", count: 300)), "nesting deeper than 200 levels at byte 201")
    }

    func testEncodingIsSortedStableAndNullsNonFiniteNumbers() {
        let doc: JSONValue = .object(["b": .array([.integer(1), .number(0.5), .number(.nan)]), "a": .string("x\"\n\u{8}\u{1}"), "c": .object([:]), "d": .bool(true)])
        XCTAssertEqual(doc.encoded(), #"{"a":"x\"\n\b\u0001","b":[1,0.5,null],"c":{},"d":true}"#)
        XCTAssertEqual(JSONValue.array([.null]).encoded(indent: 2), "[\n  null\n]")
        XCTAssertEqual(JSONValue.array([.null]).encoded(indent: 1 << 31), "[\n" + String(repeating: " ", count: JSONValue.maximumIndent) + "null\n]")
        XCTAssertEqual(parse(doc.encoded()), .object(["b": .array([.integer(1), .number(0.5), .null]), "a": .string("x\"\n\u{8}\u{1}"), "c": .object([:]), "d": .bool(true)]))
    }
}
