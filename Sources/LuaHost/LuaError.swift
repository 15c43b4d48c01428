/// Errors crossing the Swift/Lua boundary. Every one becomes a Lua error with `file:line` (BINDING.md §1).
public enum LuaError: Error, CustomStringConvertible, Equatable {
    /// An argument of the wrong type or value: `bad argument #2 to 'f' (number expected, got string)`.
    case badArgument(position: Int, function: String, message: String)
    /// An error raised by Lua code; the message already carries its position (and maybe a traceback).
    case runtime(String)
    /// A chunk that does not compile.
    case syntax(String)
    /// Anything else a binding wants to report; the caller's `file:line` is added.
    case message(String)

    public var description: String {
        switch self {
        case let .badArgument(position, function, message):
            return "bad argument #\(position) to '\(function)' (\(message))"
        case let .runtime(text), let .syntax(text), let .message(text):
            return text
        }
    }

    /// Whether the message already says where it happened (so no `file:line` is added).
    var isPositioned: Bool {
        switch self {
        case .runtime, .syntax: return true
        case .badArgument, .message: return false
        }
    }
}
