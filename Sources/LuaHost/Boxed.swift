/// A library value (a struct result) held by a Lua userdata: `LuaClass<Boxed<T>>` binds it without a wrapper class of its own.
public final class Boxed<Value> {
    /// The value.
    public let value: Value
    /// Boxes `value`.
    public init(_ value: Value) { self.value = value }
}
