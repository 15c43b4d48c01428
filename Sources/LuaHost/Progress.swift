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

/// A progress bar on stderr for loops that run longer than a second (`after`): shown only on a terminal and
/// not with `--quiet`; redrawn at most ten times a second with rate and time left; erased at the end.
/// One bar owns the line at a time: a bar made while another is running (the epochs of a mitigator's
/// inner training inside `fair.sweep`) stays silent.
public final class Progress: @unchecked Sendable {
    /// Whether bars may be drawn at all (false when stderr is not a terminal or with `--quiet`).
    nonisolated(unsafe) public static var enabled = isatty(2) != 0
    /// The bar that owns the line (until it finishes or is released).
    nonisolated(unsafe) private static weak var running: Progress?
    /// Whether another bar owned the line when this one was made.
    private let nested: Bool
    private var finished = false

    /// Seconds a loop runs before its bar shows (1; `FAIRLUA_PROGRESS_AFTER` sets it, see `configure`).
    nonisolated(unsafe) public static var after = 1.0
    /// The variable that sets `after`.
    public static let afterVariable = "FAIRLUA_PROGRESS_AFTER"

    /// Sets `after` from `FAIRLUA_PROGRESS_AFTER` when it is set; returns what is wrong with it, if anything
    /// (a number of seconds from 0 to 3600 is expected).
    public static func configure() -> String? {
        guard let text = FileSystem.environment(afterVariable) else { return nil }
        guard let seconds = Double(text), seconds >= 0, seconds <= 3600 else {
            return "\(afterVariable): seconds from 0 to 3600 expected, got '\(text)'"
        }
        after = seconds
        return nil
    }

    /// Where bars are drawn instead of stderr (the Jupyter kernel: one updating display per bar); nil: stderr.
    nonisolated(unsafe) public static var display: ((Snapshot) -> Void)?

    /// One redraw of a bar, for `display`.
    public struct Snapshot: Sendable {
        /// Distinguishes the bars of one process.
        public let id: Int
        /// What the loop does (`training`).
        public let label: String
        /// Steps done and in all.
        public let done, total: Int
        /// The bar as a terminal shows it, without control characters.
        public let text: String
        /// True for the last redraw (the loop ended or was stopped); `text` then gives the time taken.
        public let finished: Bool
    }

    nonisolated(unsafe) private static var count = 0
    private let id: Int
    private var done = 0

    private let label: String
    private let total: Int
    /// Whether the total is unknown (a pipe's bytes): the bar shows the count and rate, no ETA.
    private let unknown: Bool
    private let start = monotonicSeconds()
    private var lastDraw = 0.0
    private var drawn = false

    /// A bar for `total` steps, named `label`; a total of 0 or less is unknown.
    public init(label: String, total: Int) {
        self.label = label
        self.total = max(total, 1)
        unknown = total <= 0
        Progress.count += 1
        id = Progress.count
        if let owner = Progress.running, !owner.finished {
            nested = true
        } else {
            nested = false
            Progress.running = self
        }
    }


    /// Reports that `done` steps are finished (and, optionally, a short status such as the loss).
    public func update(_ done: Int) { update(done, status: "") }

    /// Reports progress with a status text after the bar.
    public func update(_ done: Int, status: String) {
        guard Progress.enabled, !nested, !finished else { return }
        let t = monotonicSeconds()
        guard t - start >= Progress.after, t - lastDraw >= 0.1 || (done >= total && !unknown) else { return }
        lastDraw = t
        drawn = true
        self.done = done
        let fraction = min(1, Double(done) / Double(total))
        let width = 24, filled = Int(fraction * Double(width))
        let rate = Double(done) / (t - start)
        let left = rate > 0 ? Double(total - done) / rate : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let text = unknown ? "\(label) \(done) \(Progress.format(rate))/s \(status)"
            : "\(label) [\(bar)] \(done)/\(total) \(Progress.format(rate))/s ETA \(Int(left.rounded()))s \(status)"
        if let display = Progress.display {
            display(Snapshot(id: id, label: label, done: done, total: total, text: text, finished: false))
        } else {
            ls_write_stderr("\r" + text + "\u{1B}[K")
        }
    }

    /// Erases the bar if it was drawn (a display keeps one line: steps done and the time taken).
    public func finish() {
        if drawn, let display = Progress.display {
            let seconds = Double(Int((monotonicSeconds() - start) * 10)) / 10
            display(Snapshot(id: id, label: label, done: done, total: total, text: "\(label): \(done)/\(total) in \(seconds) s", finished: true))
        } else if drawn {
            ls_write_stderr("\r\u{1B}[K")
        }
        drawn = false
        finished = true
    }

    static func format(_ rate: Double) -> String {
        rate >= 100 ? String(Int(rate.rounded())) : String(Double(Int(rate * 10)) / 10)
    }
}
