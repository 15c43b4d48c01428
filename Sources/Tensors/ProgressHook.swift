/// Progress of the library's long loops (adversarial debiasing epochs, reduction oracle calls, grid points,
/// bootstrap replicates, partial-dependence grids), reported to whatever draws it. The library knows nothing
/// of terminals: a host sets `ProgressHook.start` once (FairLua's draws `LuaHost.Progress` bars on stderr,
/// which decide whether to show anything at all), and with no host every report is a no-op.
public struct ProgressHook {
    /// One loop's display, made by the host.
    public protocol Display: AnyObject {
        /// `done` of the loop's steps are finished; `status` is a short text such as the loss.
        func update(_ done: Int, status: String)
        /// The loop ended (normally or by an error).
        func finish()
    }

    /// Makes the display of a loop named `label` with `total` steps; nil draws nothing.
    nonisolated(unsafe) public static var start: ((_ label: String, _ total: Int) -> (any Display)?)?

    private let display: (any Display)?

    /// Progress of a loop of `total` steps (0: unknown, a pipe's bytes), named `label` ("adversarial debiasing"). Report from the thread
    /// that runs the loop; call `finish()` when it ends (`defer`).
    public init(_ label: String, total: Int) {
        display = ProgressHook.start?(label, total)
    }

    /// `done` steps are finished.
    public func update(_ done: Int, status: String = "") { display?.update(done, status: status) }

    /// The loop ended.
    public func finish() { display?.finish() }
}
