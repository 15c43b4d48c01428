import CLua
import CZMQ
import FairLuaBindings
import FoundationEssentials
import LuaHost
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The Jupyter kernel: messaging protocol 5.3 over ZeroMQ for one Lua state. The main thread serves the
/// shell channel and runs cells; a control thread answers interrupt and shutdown requests while a cell runs;
/// a heartbeat thread echoes; output is captured and streamed (OutputCapture); input is asked for on the
/// stdin channel (StdinChannel); progress bars are updating displays (showProgress).
public final class Kernel: @unchecked Sendable {
    private let info: ConnectionInfo
    private let state: LuaState
    private let session = UUID().uuidString.lowercased()
    private let context: UnsafeMutableRawPointer
    private let shell, control, stdin, iopub, heartbeat: ZMQSocket
    private var output: OutputCapture?
    private let input: StdinChannel
    private var progressShown: Set<Int> = []    // bars whose display_data was sent (main thread and loops' threads, under parentLock)
    private let parentLock = PThreadMutex()
    private var parent: KernelMessage?          // the request whose output is being streamed
    private var executionCount = 0
    private var history: [(count: Int, code: String)] = []
    private let stopping = Atomic<Bool>(false)

    /// Binds the five channels of the connection file at `connectionFile` for `state`.
    public init(connectionFile: String, state: LuaState) throws {
        info = try ConnectionInfo(path: connectionFile)
        self.state = state
        guard let ctx = zmq_ctx_new() else { throw KernelError.zmq("cannot create a context") }
        context = ctx
        shell = try ZMQSocket(context: ctx, type: ZMQ_ROUTER, endpoint: info.endpoint("shell"))
        control = try ZMQSocket(context: ctx, type: ZMQ_ROUTER, endpoint: info.endpoint("control"))
        stdin = try ZMQSocket(context: ctx, type: ZMQ_ROUTER, endpoint: info.endpoint("stdin"))
        iopub = try ZMQSocket(context: ctx, type: ZMQ_PUB, endpoint: info.endpoint("iopub"))
        heartbeat = try ZMQSocket(context: ctx, type: ZMQ_REP, endpoint: info.endpoint("hb"))
        input = StdinChannel(socket: stdin, key: info.key, session: session)
    }

    /// Serves until a shutdown request; returns the exit status.
    public func run() throws -> Int32 {
        signal(SIGINT, SIG_IGN)                 // between cells an interrupt has nothing to stop
        output = try OutputCapture { [self] stream, text in
            publish("stream", ["name": .string(stream), "text": .string(text)], parent: currentParent)
        }
        Display.sink = { [self] forms in
            output?.drain()                     // what was printed before shows before the display
            publish("display_data", ["data": .table(forms.mapValues { .string($0) }), "metadata": .table([:]), "transient": .table([:])],
                    parent: currentParent)
        }
        Progress.display = { [self] bar in showProgress(bar) }
        try input.install(into: state) { [self] in output?.drain() }
        startThread { [self] in while true { if let frames = heartbeat.receive() { heartbeat.send(frames) } } }
        startThread { [self] in serveControl() }
        publish("status", ["execution_state": .string("starting")], parent: nil)
        while !stopping.load(ordering: .relaxed) {
            guard shell.poll(milliseconds: 100), let frames = shell.receive() else { continue }
            guard let request = KernelMessage(frames: frames, key: info.key) else {
                output?.note("ignored a message on shell with a wrong signature or malformed frames")
                continue
            }
            serve(request, on: shell)
        }
        usleep(100_000)                          // the last reply and status leave before exit
        return 0
    }

    private var currentParent: KernelMessage? { parentLock.locked { parent } }

    /// Publishes `type` with `content` on iopub.
    private func publish(_ type: String, _ content: [String: LuaValue], parent: KernelMessage?) {
        iopub.send(KernelMessage(type: type, session: session, parent: parent, content: content).frames(key: info.key))
    }

    /// Sends the reply to `request` on `socket`.
    private func reply(_ request: KernelMessage, on socket: ZMQSocket, _ content: [String: LuaValue]) {
        let type = request.type.hasSuffix("_request") ? String(request.type.dropLast("_request".count)) + "_reply" : request.type + "_reply"
        socket.send(KernelMessage(type: type, session: session, parent: request, content: content, identities: request.identities).frames(key: info.key))
    }

    /// One shell request between `busy` and `idle`.
    private func serve(_ request: KernelMessage, on socket: ZMQSocket) {
        publish("status", ["execution_state": .string("busy")], parent: request)
        defer { publish("status", ["execution_state": .string("idle")], parent: request) }
        let c = request.content
        switch request.type {
        case "kernel_info_request": reply(request, on: socket, kernelInfo)
        case "execute_request": execute(request, on: socket)
        case "complete_request":
            let (code, cursor) = codeAndCursor(c)
            let token = Cell.token(before: cursor, in: code)
            reply(request, on: socket, ["status": "ok", "matches": .array(Completion(state: state).candidates(for: token).map { .string($0) }),
                                        "cursor_start": .integer(cursor - token.unicodeScalars.count), "cursor_end": .integer(cursor), "metadata": .table([:])])
        case "inspect_request":
            let (code, cursor) = codeAndCursor(c)
            let text = state.helpText(forPath: Cell.token(around: cursor, in: code))
            reply(request, on: socket, ["status": "ok", "found": .boolean(text != nil), "metadata": .table([:]),
                                        "data": .table(text.map { ["text/plain": .string($0)] } ?? [:])])
        case "is_complete_request":
            reply(request, on: socket, ["status": .string(Cell.completeness(c["code"]?.stringValue ?? "", state)), "indent": ""])
        case "history_request":
            let n = c["n"]?.doubleValue.flatMap { Int(exactly: min(max($0, 0), 1e9).rounded(.down)) } ?? 1000
            let items = c["hist_access_type"]?.stringValue == "tail" ? Array(history.suffix(n)) : history
            reply(request, on: socket, ["status": "ok", "history": .array(items.map { .array([.integer(0), .integer($0.count), .string($0.code)]) })])
        case "comm_info_request": reply(request, on: socket, ["status": "ok", "comms": .table([:])])
        case "shutdown_request": shutdown(request, on: socket)
        default: output?.note("no handler for \(request.type)")
        }
    }

    /// The code and cursor of a complete or inspect request (the cursor counts Unicode code points).
    private func codeAndCursor(_ c: [String: LuaValue]) -> (String, Int) {
        let code = c["code"]?.stringValue ?? ""
        let cursor = c["cursor_pos"]?.doubleValue.map { Int(exactly: $0.rounded()) ?? 0 } ?? code.unicodeScalars.count
        return (code, min(max(cursor, 0), code.unicodeScalars.count))
    }

    private var kernelInfo: [String: LuaValue] {
        ["status": "ok", "protocol_version": .string(KernelMessage.protocolVersion), "implementation": "fairlua",
         "implementation_version": .string(FairLuaAPI.version), "banner": .string("FairLua \(FairLuaAPI.version) (Lua 5.4)"),
         "language_info": .table(["name": "lua", "version": "5.4", "mimetype": "text/x-lua", "file_extension": ".lua",
                                  "pygments_lexer": "lua", "codemirror_mode": "lua", "nbconvert_exporter": "script"]),
         "help_links": .array([.table(["text": "Lua 5.4 manual", "url": "https://www.lua.org/manual/5.4/"])]),   // FairLua's own: help(x) in a cell
         "debugger": .boolean(false)]
    }

    /// execute_request: execute_input, streamed output, then execute_result or error, then the reply.
    private func execute(_ request: KernelMessage, on socket: ZMQSocket) {
        let code = request.content["code"]?.stringValue ?? ""
        let silent = request.content["silent"] == .boolean(true)
        if !silent && request.content["store_history"] != .boolean(false) {
            executionCount += 1
            history.append((executionCount, code))
        }
        if !silent { publish("execute_input", ["code": .string(code), "execution_count": .integer(executionCount)], parent: request) }
        parentLock.locked { parent = request }
        input.begin(request.content["allow_stdin"] == .boolean(true) ? request : nil)
        let outcome = Cell.run(code, in: state)
        input.begin(nil)
        output?.drain()
        parentLock.locked { parent = nil }
        let count = LuaValue.integer(executionCount)
        switch outcome {
        case let .success(forms):
            if let forms, !silent {
                publish("execute_result", ["execution_count": count, "data": .table(forms.mapValues { .string($0) }), "metadata": .table([:])], parent: request)
            }
            reply(request, on: socket, ["status": "ok", "execution_count": count, "user_expressions": .table([:]), "payload": .array([])])
        case let .failure(error):
            let content: [String: LuaValue] = ["ename": .string(error.name), "evalue": .string(error.value),
                                               "traceback": .array(error.traceback.map { .string($0) })]
            if !silent { publish("error", content, parent: request) }
            reply(request, on: socket, content.merging(["status": "error", "execution_count": count]) { $1 })
        }
    }

    /// A progress bar as one display per bar: `display_data` at its first redraw, `update_display_data` after
    /// (a front end redraws it in place; a saved notebook keeps its last state, the time taken).
    private func showProgress(_ bar: Progress.Snapshot) {
        let (request, first) = parentLock.locked { (parent, progressShown.insert(bar.id).inserted) }
        guard let request else { return }
        output?.drain()
        publish(first ? "display_data" : "update_display_data",
                ["data": .table(["text/plain": .string(bar.text)]), "metadata": .table([:]),
                 "transient": .table(["display_id": .string("progress-\(session)-\(bar.id)")])], parent: request)
    }

    /// Replies, then stops the main loop (and any running cell).
    private func shutdown(_ request: KernelMessage, on socket: ZMQSocket) {
        reply(request, on: socket, ["status": "ok", "restart": request.content["restart"] ?? .boolean(false)])
        stopping.store(true, ordering: .relaxed)
        LuaState.interrupt()
    }

    /// The control channel: interrupt and shutdown while a cell runs; kernel_info too.
    private func serveControl() {
        while !stopping.load(ordering: .relaxed) {
            guard control.poll(milliseconds: 100), let frames = control.receive() else { continue }
            guard let request = KernelMessage(frames: frames, key: info.key) else {
                output?.note("ignored a message on control with a wrong signature or malformed frames")
                continue
            }
            publish("status", ["execution_state": .string("busy")], parent: request)
            switch request.type {
            case "interrupt_request":
                LuaState.interrupt()
                reply(request, on: control, ["status": "ok"])
            case "shutdown_request": shutdown(request, on: control)
            case "kernel_info_request": reply(request, on: control, kernelInfo)
            default: output?.note("no handler for \(request.type) on control")
            }
            publish("status", ["execution_state": .string("idle")], parent: request)
        }
    }
}
