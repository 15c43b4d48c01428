import LuaHost

/// String literals as JSON values in message contents (`"status": "ok"`).
extension LuaValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}
