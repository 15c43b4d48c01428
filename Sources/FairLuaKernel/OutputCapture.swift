import CZMQ
#if canImport(Glibc)
import Glibc
#endif

/// Standard output and error of the whole process (Lua's print, Swift's print, C's stdio) redirected into
/// pipes and sent as `stream` messages while a cell runs: a thread forwards what arrives (so a long training
/// run streams), and `drain()` sends the rest before the cell's reply. Reads and sends happen under one lock,
/// so stream messages keep their order.
final class OutputCapture: @unchecked Sendable {
    private let pipes: [(name: String, fd: Int32)]
    private let lock = PThreadMutex()
    private let send: @Sendable (_ stream: String, _ text: String) -> Void
    /// The real standard error, for the kernel's own log lines.
    let log: Int32

    /// Redirects fds 1 and 2 (and reads stdin from /dev/null); `send(stream, text)` publishes output.
    init(send: @escaping @Sendable (_ stream: String, _ text: String) -> Void) throws {
        self.send = send
        log = dup(2)
        var made: [(String, Int32)] = []
        for (name, target) in [("stdout", Int32(1)), ("stderr", Int32(2))] {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw KernelError.zmq("pipe: \(String(cString: strerror(errno)))") }
            _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
            dup2(fds[1], target)
            close(fds[1])
            made.append((name, fds[0]))
        }
        pipes = made
        let null = open("/dev/null", O_RDONLY)
        if null >= 0 { dup2(null, 0); close(null) }
        fk_line_buffer_stdout()                  // print output leaves at each line, not at 4 KiB
        startThread { [self] in forward() }
    }

    /// Waits for output and publishes it.
    private func forward() {
        var polls = pipes.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        while true {
            guard poll(&polls, nfds_t(polls.count), -1) > 0 else { continue }
            publishAvailable()
        }
    }

    /// Sends everything the pipes hold now.
    private func publishAvailable() {
        lock.locked {
            for (name, fd) in pipes {
                var text: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n <= 0 { break }
                    text += buffer[0..<n]
                }
                if !text.isEmpty { send(name, String(decoding: text, as: UTF8.self)) }
            }
        }
    }

    /// Flushes C's buffers and publishes what is left (before a cell's result and reply).
    func drain() {
        fk_flush_stdio()
        publishAvailable()
    }

    /// Writes a line to the kernel's real standard error.
    func note(_ text: String) {
        let line = Array(("fairlua kernel: " + text + "\n").utf8)
        _ = line.withUnsafeBytes { write(log, $0.baseAddress, $0.count) }
    }
}
