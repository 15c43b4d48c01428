import XCTest
import CLua
import LuaBridgeC
@testable import LuaHost

/// Counts live instances, to prove that boxed objects are released.
final class Counted {
    nonisolated(unsafe) static var live = 0
    init() { Counted.live += 1 }
    deinit { Counted.live -= 1 }
}

struct Broken: Error, CustomStringConvertible {
    var description: String { "the widget is broken" }
}

final class LuaFunctionTests: XCTestCase {
    private func makeState() -> LuaState {
        let state = LuaState()
        let module = LuaModule("t", "test functions")
            .function("add", "a: number, b: number", returns: "number", "adds") { call in
                call.returns(try call.number(1) + call.number(2))
            }
            .function("fail", "", "throws a Swift error") { _ in throw Broken() }
            .function("opts", "o: table?", returns: "integer", "reads an option table") { call in
                let o = try call.options(1, allowed: ["n", "name"])
                return call.returns(try o.integer("n") ?? 7)
            }
            .function("pick", "o: {kind: 'a'|'b'?, seed: integer?, names: string[]?}?", returns: "string", "typed option readers") { call in
                let o = try call.options(1, allowed: ["kind", "seed", "names"])
                let names = try o.texts("names")?.joined(separator: "+") ?? "-"
                return call.returns("\(try o.choice("kind", among: ["a", "b"]) ?? "a") \(try o.seed() ?? 9) \(names)")
            }
            .function("make", "", returns: "Counted", "boxes a Swift object") { call in
                call.stack.pushObject(Counted(), metatable: "fairlua.Counted")
                return 1
            }
        state.install(module)
        state.install(LuaClass<Counted>("Counted", "a counted object")
            .method("ping", returns: "string", "answers") { _, call in call.returns("pong") })
        return state
    }

    func testArgumentErrorsUseLauxlibWording() throws {
        let state = makeState()
        let out = try state.run("local ok, e = pcall(t.add, 1, 'x') return e")
        XCTAssertEqual(out, [.string("bad argument #2 to 't.add' (number expected, got string)")])
        let missing = try state.run("local ok, e = pcall(t.add, 1) return e")
        XCTAssertEqual(missing, [.string("bad argument #2 to 't.add' (number expected, got no value)")])
    }

    func testExtraArgumentsAreRefusedWithTheSignature() throws {
        let state = makeState()
        let out = try state.run("local ok, e = pcall(t.add, 1, 2, {x = 1}) return e, t.add(1, 2, nil)")
        XCTAssertEqual(out, [.string("bad argument #3 to 't.add' ('t.add' takes 2 arguments (a: number, b: number); got 3)"), .number(3)])
        let method = try state.run("local ok, e = pcall(function() return t.make():ping(1) end) return e")
        XCTAssertEqual(method, [.string("(run):1: bad argument #2 to 'ping' ('Counted:ping' takes no arguments; got 1)")])
        XCTAssertEqual(LuaDoc(name: "f", kind: .function, params: "o: {a: number, b: string}?, x: T<a, b>", summary: "").arity, 2)
        XCTAssertNil(LuaDoc(name: "f", kind: .function, params: "...: integer", summary: "").arity)
    }

    func testTypedOptionReaders() throws {
        let state = makeState()
        XCTAssertEqual(try state.run("return t.pick(), t.pick{kind = 'b', seed = -1, names = {'x', 2}}, t.pick{names = 1.5}"),
                       [.string("a 9 -"), .string("b 18446744073709551615 x+2"), .string("a 9 1.5")])
        let bad = try state.run("local ok, e = pcall(t.pick, {kind = 'c'}) return e")
        XCTAssertEqual(bad, [.string("bad argument #1 to 't.pick' (option 'kind': unknown kind 'c'; expected one of: a, b)")])
        let names = try state.run("local ok, e = pcall(t.pick, {names = {true}}) return e")
        XCTAssertEqual(names, [.string("bad argument #1 to 't.pick' (option 'names': strings or numbers expected, got boolean)")])
    }

    func testSwiftErrorIsCaughtByPcallWithFileAndLine() throws {
        let state = makeState()
        let out = try state.run("""
            local ok, e = pcall(function()
              t.fail()
            end)
            return ok, e
            """, chunkName: "@script.lua")
        XCTAssertEqual(out, [.boolean(false), .string("script.lua:2: the widget is broken")])
    }

    func testOptionTableIsReadRawEvenWithAnIndexThatRaises() throws {
        let state = makeState()
        let out = try state.run("""
            local o = setmetatable({}, {__index = function() error('must not run') end})
            return t.opts(o), t.opts({n = 3})
            """)
        XCTAssertEqual(out, [.integer(7), .integer(3)])
        let bad = try state.run("local ok, e = pcall(t.opts, {m = 1}) return e")
        XCTAssertEqual(bad, [.string("bad argument #1 to 't.opts' (unknown option 'm'; valid options: n, name)")])
        let wrong = try state.run("local ok, e = pcall(t.opts, {n = 'x'}) return e")
        XCTAssertEqual(wrong, [.string("bad argument #1 to 't.opts' (option 'n': integer expected, got string)")])
    }

    func testHundredThousandBoxedObjectsAreReleased() throws {
        let baseline = Counted.live
        let state = makeState()
        try state.run("for i = 1, 100000 do local c = t.make() end collectgarbage() collectgarbage()")
        XCTAssertEqual(Counted.live, baseline)
        try state.run("keep = {} for i = 1, 100000 do keep[i] = t.make() end")
        XCTAssertEqual(Counted.live, baseline + 100_000)
        state.close()
        XCTAssertEqual(Counted.live, baseline)
    }

    func testCloseReleasesOnceAndMethodsCheckSelf() throws {
        let baseline = Counted.live
        let state = makeState()
        let out = try state.run("""
            local c = t.make()
            local a = c:ping()
            do local d <close> = c end
            local ok, e = pcall(c.ping, c)
            local ok2, e2 = pcall(c.ping, 42)
            return a, e, e2
            """)
        XCTAssertEqual(out, [.string("pong"),
                             .string("bad argument #1 to 'ping' (calling 'ping' on bad self (Counted expected, got Counted))"),
                             .string("bad argument #1 to 'ping' (calling 'ping' on bad self (Counted expected, got number))")])
        try state.run("collectgarbage()")
        XCTAssertEqual(Counted.live, baseline)
    }

    func testCallbacksHeldByRegistryReference() throws {
        let state = makeState()
        try state.run("function double(x) return 2 * x end")
        state.pushGlobal("double")
        let ref = LuaRef(state, at: -1)
        ls_pop(state.L, 1)
        XCTAssertEqual(try ref.call([.integer(21)], on: state.L), [.integer(42)])
        try state.run("function double(x) error('nope') end")
        XCTAssertEqual(try ref.call([.integer(1)], on: state.L), [.integer(2)], "the reference keeps the old function")
    }

    func testConversionsRoundTripNestedValues() throws {
        let state = LuaState()
        let value = LuaValue.table(["a": .array([.integer(1), .number(0.5), .table(["b": .boolean(false)])]),
                                    "s": .string("é")])
        state.stack.push(value)
        XCTAssertEqual(try state.stack.value(at: -1), value)
        XCTAssertThrowsError(try state.run("t = {} t.t = t return t")) { _ in }
    }

    func testClassesInstallOnTheirFirstPush() throws {
        let state = LuaState()
        var built = 0
        state.install(LuaModule("lazy", "makes lazily installed objects")
            .function("make", "", returns: "Lazy", "boxes a Swift object") { call in
                call.stack.pushObject(Counted(), metatable: "fairlua.Lazy")
                return 1
            })
        state.installOnFirstPush("Lazy") {
            built += 1
            return LuaClass<Counted>("Lazy", "installed on first push")
                .method("ping", returns: "string", "answers") { _, call in call.returns("pong") }
        }
        XCTAssertEqual(built, 0)
        XCTAssertNil(state.docRegistry.lookup("Lazy:ping"))
        // the first object is made on a coroutine's thread; the metatable is shared by the whole state
        XCTAssertEqual(try state.run("""
            local a = coroutine.wrap(function() return lazy.make():ping() end)()
            return a, lazy.make():ping()
            """), [.string("pong"), .string("pong")])
        XCTAssertEqual(built, 1)
        XCTAssertNotNil(state.docRegistry.lookup("Lazy:ping"))

        let other = LuaState()
        other.installOnFirstPush("Lazy") { LuaClass<Counted>("Lazy", "installed for the docs") }
        XCTAssertNotNil(other.docs.lookup("Lazy"), "reading docs installs every pending class")
        XCTAssertTrue(other.pendingClasses.isEmpty)
    }
}
