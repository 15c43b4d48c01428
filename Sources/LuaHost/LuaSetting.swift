/// A Swift value an options table can hold, read by the typed reader of its type.
public protocol LuaOptionValue {
    /// Option `key` of `o` (nil when absent), or a typed error naming the option.
    static func read(_ o: LuaOptions, _ key: String) throws -> Self?
}

extension Double: LuaOptionValue {
    public static func read(_ o: LuaOptions, _ key: String) throws -> Double? { try o.number(key) }
}

extension Int: LuaOptionValue {
    public static func read(_ o: LuaOptions, _ key: String) throws -> Int? { try o.integer(key) }
}

extension Bool: LuaOptionValue {
    public static func read(_ o: LuaOptions, _ key: String) throws -> Bool? { try o.boolean(key) }
}

extension String: LuaOptionValue {
    public static func read(_ o: LuaOptions, _ key: String) throws -> String? { try o.string(key) }
}

extension UInt64: LuaOptionValue {
    /// A seed: Lua integers wrap to UInt64, as `tensor.manual_seed`.
    public static func read(_ o: LuaOptions, _ key: String) throws -> UInt64? { try o.seed(key) }
}

extension UInt32: LuaOptionValue {
    /// A 32-bit seed: Lua integers wrap.
    public static func read(_ o: LuaOptions, _ key: String) throws -> UInt32? { try o.seed(key).map { UInt32(truncatingIfNeeded: $0) } }
}

extension Array: LuaOptionValue where Element == String {
    /// A list of names: one string or number, or an array of them.
    public static func read(_ o: LuaOptions, _ key: String) throws -> [String]? { try o.texts(key) }
}

/// One option of a library settings struct `S`, declared once: its Lua name and the field it sets. The library's
/// value of the field is the default, so bindings state no defaults of their own.
public struct LuaSetting<S> {
    /// The option's name in Lua.
    public let name: String
    /// Sets the field from the option when it is given.
    let apply: (LuaOptions, inout S) throws -> Void

    /// Option `name` sets `field`, read by the reader of its type.
    public static func field<V: LuaOptionValue>(_ name: String, _ field: WritableKeyPath<S, V>) -> LuaSetting {
        LuaSetting(name: name) { o, s in if let v = try V.read(o, name) { s[keyPath: field] = v } }
    }

    /// Option `name` sets an optional `field`.
    public static func field<V: LuaOptionValue>(_ name: String, _ field: WritableKeyPath<S, V?>) -> LuaSetting {
        LuaSetting(name: name) { o, s in if let v = try V.read(o, name) { s[keyPath: field] = v } }
    }

    /// Option `name` names a case of `E` (an unknown name is an error listing the cases).
    public static func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ field: WritableKeyPath<S, E>) -> LuaSetting where E.RawValue == String {
        LuaSetting(name: name) { o, s in if let v = try o.choice(name, as: E.self) { s[keyPath: field] = v } }
    }

    /// Option `name` read by `read` into `field` (for values with a reader of their own).
    public static func custom<V>(_ name: String, _ field: WritableKeyPath<S, V>, _ read: @escaping (LuaOptions) throws -> V?) -> LuaSetting {
        LuaSetting(name: name) { o, s in if let v = try read(o) { s[keyPath: field] = v } }
    }
}

extension LuaCall {
    /// The options table at argument `i` applied to `defaults` (the library's settings) by `settings`; a name that is
    /// neither a setting nor in `extra` (read by the caller from the returned table) is an error listing the allowed ones.
    public func settings<S>(_ i: Int32, _ defaults: S, _ settings: [LuaSetting<S>], extra: [String] = []) throws -> (S, LuaOptions) {
        let o = try options(i, allowed: settings.map(\.name) + extra)
        var s = defaults
        for setting in settings {
            // A reader's own message names the option; the error names the argument too.
            do { try setting.apply(o, &s) } catch let LuaError.message(text) { throw argumentError(i, text) }
        }
        return (s, o)
    }
}
