import XCTest
@testable import LuaHost

final class LuaDocsTests: XCTestCase {
    private func makeState() -> LuaState {
        let state = LuaState()
        state.install(LuaModule("m", "a module")
            .function("f", "x: number, opts: table?", returns: "string", "does f") { call in call.returns("f") })
        return state
    }

    func testHelpTextForFunctionsAndModules() throws {
        let docs = makeState().docs
        XCTAssertEqual(docs.helpText("m.f"), "m.f(x: number, opts: table?) -> string\n  does f")
        XCTAssertEqual(docs.helpText("m"), "m\n  a module\n\n  m.f  does f")
    }

    func testLualsDefinitions() {
        let text = makeState().docs.luals(version: "1")
        XCTAssertTrue(text.contains("---does f\n---@param x number\n---@param opts? table\n---@return string\nfunction m.f(x, opts) end"), text)
        XCTAssertTrue(text.hasPrefix("---@meta"))
    }

    func testHelpFindsFunctionsByIdentity() throws {
        let state = makeState()
        let path = "/tmp/fairlua-help-\(getpid())"
        let saved = dup(1)
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        dup2(file, 1)
        try state.run("help(m.f) help(m) help(42)")
        Console.flush()
        dup2(saved, 1)
        close(file)
        let text = String(decoding: FileManagerless.read(path), as: UTF8.self)
        XCTAssertEqual(text, "m.f(x: number, opts: table?) -> string\n  does f\nm\n  a module\n\n  m.f  does f\nno documentation for this number\n")
    }
}

/// Reads a whole file with C stdio (the tests avoid Foundation like the host does).
enum FileManagerless {
    static func read(_ path: String) -> [UInt8] {
        guard let f = fopen(path, "rb") else { return [] }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return bytes
    }
}
