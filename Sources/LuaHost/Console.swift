import LuaBridgeC

/// Standard output and error, flushed in the order a reader expects (stdout first).
public enum Console {
    /// Flushes standard output.
    public static func flush() { ls_flush_stdout() }

    /// Writes `text` and a newline to standard error, after flushing standard output.
    public static func error(_ text: String) { ls_write_stderr(text + "\n") }
}
