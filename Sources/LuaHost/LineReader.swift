import CEditline
import LuaBridgeC
#if canImport(Glibc)
import Glibc
#endif

/// A source of REPL input lines.
public protocol LineReader: AnyObject {
    /// The next line without its newline, or nil at end of input (Ctrl-D).
    func readLine(prompt: String) -> String?
    /// Remembers a complete entry in the history.
    func remember(_ entry: String)
}

/// Reads piped standard input: no prompts, no history.
public final class PipeLineReader: LineReader {
    /// A reader of standard input.
    public init() {}
    public func readLine(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
    public func remember(_ entry: String) {}
}

/// libedit's readline on a terminal, with history in a file and tab completion.
public final class EditlineReader: LineReader {
    private let historyPath: String?

    /// Completes the text before the cursor; set by the REPL before reading.
    nonisolated(unsafe) static var completer: ((String) -> [String])?
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var next = 0

    /// A reader whose history lives in `historyPath` (nil: no history file).
    public init(historyPath: String?) {
        self.historyPath = historyPath
        fl_readline_setup("fairlua", EditlineReader.generate)
        using_history()
        if let historyPath { _ = read_history(historyPath) }
    }

    /// readline's generator protocol: state 0 computes the matches, then one malloc'ed string per call.
    private static let generate: fl_generator = { text, state in
        if state == 0 {
            matches = text.map { completer?(String(cString: $0)) ?? [] } ?? []
            next = 0
        }
        guard next < matches.count else { return nil }
        defer { next += 1 }
        return strdup(matches[next])
    }

    /// Ctrl-C at the prompt ends libedit's read as end of input would: it drops the line instead.
    public func readLine(prompt: String) -> String? {
        guard let line = readline(prompt) else {
            guard ls_prompt_take_interrupt() != 0 else { return nil }
            print()
            return ""
        }
        defer { free(line) }
        return String(cString: line)
    }

    public func remember(_ entry: String) {
        guard !entry.isEmpty else { return }
        _ = add_history(entry)
        if let historyPath { _ = write_history(historyPath) }
    }
}
