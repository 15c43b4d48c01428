import CZMQ
#if canImport(Glibc)
import Glibc
#endif

/// One ZeroMQ socket, used by one thread at a time (the iopub socket is shared under a lock).
final class ZMQSocket: @unchecked Sendable {
    private let socket: UnsafeMutableRawPointer
    private let lock = PThreadMutex()

    /// A socket of `type` (ZMQ_ROUTER, ZMQ_PUB, ZMQ_REP) bound to `endpoint`.
    init(context: UnsafeMutableRawPointer, type: Int32, endpoint: String) throws {
        guard let s = zmq_socket(context, type) else { throw KernelError.zmq("socket: \(ZMQSocket.lastError)") }
        socket = s
        var linger: Int32 = 1000
        zmq_setsockopt(s, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        guard zmq_bind(s, endpoint) == 0 else {
            let reason = ZMQSocket.lastError
            zmq_close(s)
            throw KernelError.zmq("cannot bind \(endpoint): \(reason)")
        }
    }

    deinit { zmq_close(socket) }

    static var lastError: String { String(cString: zmq_strerror(zmq_errno())) }

    /// Waits up to `milliseconds` for a message; true when one can be read.
    func poll(milliseconds: Int) -> Bool {
        var item = zmq_pollitem_t(socket: socket, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        return zmq_poll(&item, 1, milliseconds) > 0 && item.revents & Int16(ZMQ_POLLIN) != 0
    }

    /// Receives every frame of one message (blocking), or nil if the socket failed.
    func receive() -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        repeat {
            var msg = zmq_msg_t()
            zmq_msg_init(&msg)
            defer { zmq_msg_close(&msg) }
            guard zmq_msg_recv(&msg, socket, 0) >= 0 else {
                if zmq_errno() == EINTR { continue }
                return nil
            }
            let size = zmq_msg_size(&msg)
            frames.append(size == 0 ? [] : Array(UnsafeRawBufferPointer(start: zmq_msg_data(&msg), count: size)))
            if zmq_msg_more(&msg) == 0 { break }
        } while true
        return frames
    }

    /// Sends `frames` as one message (never blocks the caller forever: a gone peer's frames are dropped).
    func send(_ frames: [[UInt8]]) {
        lock.locked {
            for (i, frame) in frames.enumerated() {
                let flags = i + 1 < frames.count ? ZMQ_SNDMORE : 0
                _ = frame.withUnsafeBytes { zmq_send(socket, $0.baseAddress, $0.count, flags) }
            }
        }
    }
}

/// A pthread mutex (the kernel's threads share the iopub socket and the output's parent header).
final class PThreadMutex: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    /// Runs `body` holding the lock.
    func locked<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

/// Starts `body` on a new detached thread.
func startThread(_ body: @escaping @Sendable () -> Void) {
    final class Box { let body: @Sendable () -> Void; init(_ b: @escaping @Sendable () -> Void) { body = b } }
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    pthread_create(&thread, nil, { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
        box.body()
        return nil
    }, box)
    pthread_detach(thread)
}
