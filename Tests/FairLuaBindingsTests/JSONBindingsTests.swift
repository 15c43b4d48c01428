import XCTest
import FairLuaBindings
import LuaHost

final class JSONBindingsTests: XCTestCase {
    private func run(_ code: String) throws -> [LuaValue] {
        let state = try FairLuaAPI.makeState()
        return try state.run(code)
    }

    func testEncodeSortsKeysAndWritesNaNAsNull() throws {
        let out = try run(#"return json.encode({b = 1, a = {1, 2.5, "x"}, c = 0/0, d = true})"#)
        XCTAssertEqual(out, [.string(#"{"a":[1,2.5,"x"],"b":1,"c":null,"d":true}"#)])
    }

    func testEncodeIndent() throws {
        let out = try run(#"return json.encode({a = {1}}, {indent = 2})"#)
        XCTAssertEqual(out, [.string("{\n  \"a\": [\n    1\n  ]\n}")])
    }

    func testDecodeRoundTrip() throws {
        let out = try run(#"local t = json.decode('{"x": [1, 2.5, "a\\u00e9\\n"], "y": null, "z": false}')"# +
                          #" return t.x[1], t.x[2], t.x[3], t.y, t.z, math.type(t.x[1])"#)
        XCTAssertEqual(out, [.integer(1), .number(2.5), .string("aé\n"), .nil, .boolean(false), .string("integer")])
    }

    func testDecodeErrorGivesByteOffsetAndLocation() throws {
        let out = try run(#"local ok, e = pcall(json.decode, '{"a": [1, 2}') return e"#)
        XCTAssertEqual(out, [.string("json.decode: expected ',' or ']' at byte 12")])
        let located = try run("local ok, e = pcall(function() return json.decode('[') end) return e")
        XCTAssertEqual(located.first?.stringValue, "[string \"=(run)\"]:1: json.decode: unexpected end of input at byte 2".replacingOccurrences(of: "[string \"=(run)\"]", with: "(run)"))
    }

    func testEncodeRefusesFunctionsWithArgumentError() throws {
        let out = try run("local ok, e = pcall(json.encode, {f = print}) return e")
        XCTAssertEqual(out, [.string("bad argument #1 to 'json.encode' (cannot convert a function to data)")])
    }
}
