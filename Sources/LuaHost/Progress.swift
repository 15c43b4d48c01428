#if canImport(Glibc)
import Glibc
#endif
import LuaBridgeC

/// Seconds since an arbitrary point, from CLOCK_MONOTONIC (timing scripts and progress bars).
public func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}

/// A progress bar on stderr for loops that run longer than a second: shown only on a terminal and
/// not with `--quiet`; redrawn at most ten times a second with rate and time left; erased at the end.
public final class Progress: @unchecked Sendable {
    /// Whether bars may be drawn at all (false when stderr is not a terminal or with `--quiet`).
    nonisolated(unsafe) public static var enabled = isatty(2) != 0

    private let label: String
    private let total: Int
    private let start = monotonicSeconds()
    private var lastDraw = 0.0
    private var drawn = false

    /// A bar for `total` steps, named `label`.
    public init(label: String, total: Int) {
        self.label = label
        self.total = max(total, 1)
    }


    /// Reports that `done` steps are finished (and, optionally, a short status such as the loss).
    public func update(_ done: Int) { update(done, status: "") }

    /// Reports progress with a status text after the bar.
    public func update(_ done: Int, status: String) {
        guard Progress.enabled else { return }
        let t = monotonicSeconds()
        guard t - start >= 1, t - lastDraw >= 0.1 || done >= total else { return }
        lastDraw = t
        drawn = true
        let fraction = min(1, Double(done) / Double(total))
        let width = 24, filled = Int(fraction * Double(width))
        let rate = Double(done) / (t - start)
        let left = rate > 0 ? Double(total - done) / rate : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        ls_write_stderr("\r\(label) [\(bar)] \(done)/\(total) \(Progress.format(rate))/s ETA \(Int(left.rounded()))s \(status)\u{1B}[K")
    }

    /// Erases the bar if it was drawn.
    public func finish() {
        if drawn { ls_write_stderr("\r\u{1B}[K") }
        drawn = false
    }

    static func format(_ rate: Double) -> String {
        rate >= 100 ? String(Int(rate.rounded())) : String(Double(Int(rate * 10)) / 10)
    }
}
