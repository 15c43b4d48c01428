/// Errors of tensor operations, worded for the Lua user (dimensions and indices are 1-based in messages).
public enum TensorError: Error, CustomStringConvertible, Equatable {
    /// Two shapes that an operation cannot combine.
    case shapeMismatch(op: String, [Int], [Int])
    /// A shape that is invalid for the operation, with the reason.
    case badShape(op: String, reason: String)
    /// A 0-based index outside 0..<size along 0-based dimension `dim`.
    case indexOutOfRange(op: String, index: Int, dim: Int, size: Int)
    /// A 0-based dimension outside 0..<rank.
    case dimOutOfRange(op: String, dim: Int, rank: Int)
    /// An allocation of `bytes` for `what` that the process cannot get (`available` bytes left).
    case outOfMemory(op: String, what: String, bytes: Int, available: Int)
    /// Anything else.
    case invalid(String)

    public var description: String {
        switch self {
        case let .shapeMismatch(op, a, b):
            return "'\(op)': shapes \(Tensor.format(shape: a)) and \(Tensor.format(shape: b)) cannot broadcast"
        case let .badShape(op, reason): return "'\(op)': \(reason)"
        case let .indexOutOfRange(op, index, dim, size):
            return "'\(op)': index \(index + 1) out of range for dimension \(dim + 1) of size \(size) (valid: 1..\(size))"
        case let .dimOutOfRange(op, dim, rank):
            return "'\(op)': dimension \(dim + 1) out of range for a \(rank)-d tensor (valid: 1..\(Swift.max(rank, 1)))"
        case let .outOfMemory(op, what, bytes, available):
            func size(_ b: Int) -> String { b >= 1 << 30 ? "\(b >> 30) GiB" : "\(b >> 20) MiB" }
            return "'\(op)': \(what) needs \(size(bytes)); the process can get \(size(available)) (not enough memory)"
        case let .invalid(message): return message
        }
    }
}
