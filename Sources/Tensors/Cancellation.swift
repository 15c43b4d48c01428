import Synchronization

/// The process's one cancellation flag. A SIGINT handler requests it (the REPL's and `fairlua run`'s);
/// every long loop — training batches, bootstrap replicates, reduction iterations, audit records —
/// calls `check()`, which throws `Cancelled`, so Ctrl-C stops Swift work as it stops Lua code.
public enum Cancellation {
    private static let flag = Atomic<Bool>(false)

    /// Asks running loops to stop (async-signal-safe: one lock-free store).
    public static func request() { flag.store(true, ordering: .relaxed) }

    /// Clears the request (before running the next piece of work).
    public static func reset() { flag.store(false, ordering: .relaxed) }

    /// Whether a stop was requested.
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Throws `Cancelled` when a stop was requested.
    @inline(__always)
    public static func check() throws { if flag.load(ordering: .relaxed) { throw Cancelled() } }
}

/// The error a cancelled loop throws.
public struct Cancelled: Error, CustomStringConvertible {
    public var description: String { "interrupted!" }
}
