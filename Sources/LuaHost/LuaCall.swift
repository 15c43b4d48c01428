import CLua
import LuaBridgeC

/// The arguments of one call of a Swift function from Lua, with decoders that throw
/// `bad argument #i to 'name' (… expected, got …)` exactly as lauxlib words it.
public struct LuaCall {
    /// The stack of the calling thread.
    public let stack: LuaStack
    /// The function's name as Lua code sees it, used in messages.
    public let name: String

    /// Wraps the stack of a call to the function `name`.
    public init(_ L: OpaquePointer, name: String) {
        self.stack = LuaStack(L)
        self.name = name
    }

    /// The raw Lua state.
    public var L: OpaquePointer { stack.L }
    /// Number of arguments passed.
    public var count: Int32 { lua_gettop(stack.L) }

    /// An argument error for position `i`.
    public func argumentError(_ i: Int32, _ message: String) -> LuaError {
        .badArgument(position: Int(i), function: name, message: message)
    }

    /// `body`, reading a table nested in argument `argument` (at a stack slot, not an argument position): its
    /// argument errors are told as errors of that argument's option `option`.
    public func nested<R>(_ option: String, of argument: Int32, _ body: () throws -> R) throws -> R {
        do { return try body() } catch let LuaError.badArgument(_, _, message) { throw argumentError(argument, "option '\(option)': \(message)") }
    }

    /// The "X expected, got Y" error for position `i`.
    public func typeError(_ i: Int32, expected: String) -> LuaError {
        let got = i > count ? "no value" : stack.typeName(at: i)
        return argumentError(i, "\(expected) expected, got \(got)")
    }

    /// The type of argument `i`.
    public func type(_ i: Int32) -> LuaType { stack.type(at: i) }

    /// Whether argument `i` is absent or nil.
    public func isNone(_ i: Int32) -> Bool { lua_type(stack.L, i) <= LUA_TNIL }

    /// Argument `i` as a number (numeric strings are not accepted).
    public func number(_ i: Int32) throws -> Double {
        guard lua_type(stack.L, i) == LUA_TNUMBER else { throw typeError(i, expected: "number") }
        return lua_tonumberx(stack.L, i, nil)
    }

    /// Argument `i` as an integer; floats with an exact integer value are accepted.
    public func integer(_ i: Int32) throws -> Int {
        guard lua_type(stack.L, i) == LUA_TNUMBER else { throw typeError(i, expected: "number") }
        do { return try stack.integer(at: i) } catch let error as LuaError { throw argumentError(i, error.description) }
    }

    /// Argument `i` as a string (numbers are accepted and formatted as Lua does).
    public func string(_ i: Int32) throws -> String {
        switch stack.type(at: i) {
        case .string: return stack.string(at: i) ?? ""
        case .number:
            if ls_isinteger(stack.L, i) != 0 { return String(lua_tointegerx(stack.L, i, nil)) }
            return LuaStack.format(lua_tonumberx(stack.L, i, nil))
        default: throw typeError(i, expected: "string")
        }
    }

    /// Argument `i` as Lua truth (nil and false are false).
    public func boolean(_ i: Int32) -> Bool { lua_toboolean(stack.L, i) != 0 }

    /// Argument `i` converted to a Swift value (tables deeply copied).
    public func value(_ i: Int32) throws -> LuaValue {
        do { return try stack.value(at: i) } catch let error as LuaError { throw argumentError(i, error.description) }
    }

    /// Argument `i` as a boxed Swift object of type `T`, named `expected` in the error.
    public func object<T: AnyObject>(_ i: Int32, _ type: T.Type, expected: String) throws -> T {
        guard let object = stack.object(at: i, as: type) else { throw typeError(i, expected: expected) }
        return object
    }

    /// Argument `i` read by `read`, or `fallback` when it is absent or nil:
    /// `try call.optional(2, 0.5, call.number)`.
    public func optional<R>(_ i: Int32, _ fallback: R, _ read: (Int32) throws -> R) rethrows -> R {
        isNone(i) ? fallback : try read(i)
    }

    /// Other names of options, declared once by the API (`sensitive_features` → `sensitive`): every options
    /// table that takes an option takes its other names too.
    nonisolated(unsafe) public static var optionAliases: [String: String] = [:]

    /// Argument `i` as an options table (absent or nil gives an empty one); keys outside `allowed` are refused.
    /// `aliases` maps other names of an option to it (default `optionAliases`); giving both names is an error.
    public func options(_ i: Int32, allowed: [String], aliases: [String: String] = LuaCall.optionAliases) throws -> LuaOptions {
        if isNone(i) { return LuaOptions(call: self, index: 0, aliases: [:]) }
        guard type(i) == .table else { throw typeError(i, expected: "table") }
        let index = lua_absindex(stack.L, i)
        let aliases = aliases.filter { allowed.contains($0.value) }
        for key in stack.stringKeys(of: index) where !allowed.contains(key) && aliases[key] == nil {
            throw argumentError(i, "unknown option '\(key)'; valid options: \(allowed.sorted().joined(separator: ", "))")
        }
        return LuaOptions(call: self, index: index, aliases: aliases)
    }

    /// `body` refusing calls with more arguments than `doc` declares (plus `receivers`, the self of a method):
    /// an extra options table would otherwise be silently ignored (`data.compas(path, {drop = …})`).
    static func checkingArity(_ doc: LuaDoc, receivers: Int32, _ body: @escaping LuaFunctionBody) -> LuaFunctionBody {
        guard let arity = doc.arity.map({ Int32($0) + receivers }) else { return body }
        return { call in
            var given = call.count
            while given > arity, call.type(given) == .nil { given -= 1 }   // trailing nils are absent arguments
            guard given <= arity else {
                let takes = doc.params.isEmpty ? "no arguments" : "\(arity - receivers) argument\(arity - receivers == 1 ? "" : "s") (\(doc.params))"
                throw call.argumentError(arity + 1, "'\(doc.name)' takes \(takes); got \(given - receivers)")
            }
            return try body(call)
        }
    }

    /// Returns argument 1 itself (the receiver of a chainable method), not a new box around it.
    public func returnsSelf() -> Int32 {
        lua_pushvalue(L, 1)
        return 1
    }

    /// Pushes a table result that prints its contents (`print(ds:groups("race"))` shows `{Black = 2817, …}`,
    /// not `table: 0x…`): the table, and every table inside it, gets the host's printable metatable. Every
    /// `LuaValue` result of `returns` is pushed so.
    public func returnsPrintable(_ value: LuaValue) -> Int32 {
        stack.pushPrintable(value)
        return 1
    }

    /// Pushes one result and returns 1, for `return call.returns(x)`.
    public func returns(_ value: some LuaPushable) -> Int32 {
        value.push(on: stack)
        return 1
    }
}

/// A Swift value that can be pushed as one Lua value.
public protocol LuaPushable {
    /// Pushes the value.
    func push(on stack: LuaStack)
}

extension LuaValue: LuaPushable {
    /// Results print themselves: tables get the printable metatable (see `returnsPrintable`).
    public func push(on stack: LuaStack) { stack.pushPrintable(self) }
}

extension String: LuaPushable {
    public func push(on stack: LuaStack) { stack.push(self) }
}

extension Double: LuaPushable {
    public func push(on stack: LuaStack) { stack.push(self) }
}

extension Int: LuaPushable {
    public func push(on stack: LuaStack) { stack.push(self) }
}

extension Bool: LuaPushable {
    public func push(on stack: LuaStack) { stack.push(self) }
}

/// An options table passed to a function (`{indent = 2}`), read without metamethods.
public struct LuaOptions {
    let call: LuaCall
    /// Stack index of the table, 0 when none was given.
    let index: Int32
    /// Other names of options (`sensitive_features` → `sensitive`).
    let aliases: [String: String]

    /// The name under which option `key` was given (itself or one alias), nil when absent or nil.
    private func givenName(_ key: String) throws -> String? {
        let names = ([key] + aliases.filter { $0.value == key }.map(\.key).sorted()).filter { name in
            call.stack.withRawField(index, name) { lua_type(call.L, $0) > LUA_TNIL }
        }
        if names.count > 1 { throw call.argumentError(index, "options '\(names[0])' and '\(names[1])' are the same option; give one") }
        return names.first
    }

    /// Runs `body` with the stack slot of option `key` (nil when absent or nil), for readers of their own.
    public func withField<R>(_ key: String, _ body: (Int32) throws -> R?) throws -> R? {
        guard index != 0, let name = try givenName(key) else { return nil }
        return try call.stack.withRawField(index, name) { slot in try body(slot) }
    }

    private func error(_ key: String, _ expected: String, _ slot: Int32) -> LuaError {
        call.argumentError(index, "option '\(key)': \(expected) expected, got \(call.stack.typeName(at: slot))")
    }

    /// Pushes option `key` and returns its absolute stack index (the caller pops it), or nil (nothing
    /// pushed) when it is absent or nil — for values used after this call returns, such as callbacks.
    public func pushField(_ key: String) -> Int32? {
        guard index != 0 else { return nil }
        call.stack.push(key)
        lua_rawget(call.L, index)
        if lua_type(call.L, -1) <= LUA_TNIL { ls_pop(call.L, 1); return nil }
        return lua_gettop(call.L)
    }

    /// Whether the option is present and not nil.
    public func has(_ key: String) throws -> Bool { try withField(key) { _ in true } ?? false }

    /// A number option.
    public func number(_ key: String) throws -> Double? {
        try withField(key) { slot in
            guard lua_type(call.L, slot) == LUA_TNUMBER else { throw error(key, "number", slot) }
            return lua_tonumberx(call.L, slot, nil)
        }
    }

    /// An integer option.
    public func integer(_ key: String) throws -> Int? {
        try withField(key) { slot in
            guard lua_type(call.L, slot) == LUA_TNUMBER else { throw error(key, "integer", slot) }
            do { return try call.stack.integer(at: slot) } catch let e as LuaError {
                throw call.argumentError(index, "option '\(key)': \(e.description)")
            }
        }
    }

    /// A string option.
    public func string(_ key: String) throws -> String? {
        try withField(key) { slot in
            guard let s = call.stack.string(at: slot) else { throw error(key, "string", slot) }
            return s
        }
    }

    /// The seed option `key` as a random generator's seed (Lua integers wrap to UInt64, as `tensor.manual_seed`).
    public func seed(_ key: String = "seed") throws -> UInt64? {
        try integer(key).map { UInt64(truncatingIfNeeded: $0) }
    }

    /// A string option that must be one of `allowed` (the error lists them).
    public func choice(_ key: String, among allowed: [String]) throws -> String? {
        guard let s = try string(key) else { return nil }
        guard allowed.contains(s) else {
            throw call.argumentError(index, "option '\(key)': unknown \(key) '\(s)'; expected one of: \(allowed.joined(separator: ", "))")
        }
        return s
    }

    /// A string option naming a case of `E` (the error lists the cases).
    public func choice<E: RawRepresentable & CaseIterable>(_ key: String, as _: E.Type = E.self) throws -> E? where E.RawValue == String {
        try choice(key, among: E.allCases.map(\.rawValue)).flatMap(E.init(rawValue:))
    }

    /// A `{name = number, …}` option (an empty table is an error).
    public func numbers(byName key: String) throws -> [String: Double]? {
        do { return try value(key)?.numbersByName() } catch let e as LuaError {
            throw call.argumentError(index, "option '\(key)': \(e.description)")
        }
    }

    /// A list-of-names option: one string or number, or an array of them (`{"sex", "race"}`).
    public func texts(_ key: String) throws -> [String]? {
        do { return try value(key)?.texts() } catch let e as LuaError {
            throw call.argumentError(index, "option '\(key)': \(e.description)")
        }
    }

    /// A boolean option.
    public func boolean(_ key: String) throws -> Bool? {
        try withField(key) { slot in
            guard lua_type(call.L, slot) == LUA_TBOOLEAN else { throw error(key, "boolean", slot) }
            return lua_toboolean(call.L, slot) != 0
        }
    }

    /// Any option converted to a Swift value.
    public func value(_ key: String) throws -> LuaValue? {
        try withField(key) { slot in
            do { return try call.stack.value(at: slot) } catch let e as LuaError {
                throw call.argumentError(index, "option '\(key)': \(e.description)")
            }
        }
    }

    /// A boxed Swift object option.
    public func object<T: AnyObject>(_ key: String, _ type: T.Type, expected: String) throws -> T? {
        try withField(key) { slot in
            guard let object = call.stack.object(at: slot, as: type) else { throw error(key, expected, slot) }
            return object
        }
    }
}

extension LuaCall {
    /// Calls the function at argument `i` with the values `pushArguments` pushes (it returns their count),
    /// in protected mode with a traceback; leaves `nresults` results on the stack. A Lua error becomes
    /// `LuaError.runtime` (its message already says where), so it can be rethrown to Lua unchanged.
    public func callFunction(at i: Int32, nresults: Int32, _ pushArguments: () throws -> Int32) throws {
        guard type(i) == .function else { throw typeError(i, expected: "function") }
        guard lua_checkstack(L, 8) != 0 else { throw LuaError.message("Lua stack overflow") }
        lua_pushvalue(L, i)
        let nargs = try pushArguments()
        if ls_pcall_callback(L, nargs, nresults, "callback to '\(name)'") != LUA_OK {
            let message = stack.string(at: -1) ?? "(error object is a \(stack.typeName(at: -1)) value)"
            ls_pop(L, 1)
            throw LuaError.runtime(message)
        }
    }
}
