import LuaHost
import Tensors

/// The stdin channel: `input(prompt)` and `io.read()` in a cell send an `input_request` to the front end
/// that sent the cell (when its execute_request allowed stdin) and wait for its `input_reply`; an interrupt
/// or a shutdown stops the wait as it stops any loop.
final class StdinChannel: @unchecked Sendable {
    private let socket: ZMQSocket
    private let key: [UInt8]
    private let session: String
    private let lock = PThreadMutex()
    private var request: KernelMessage?

    /// Serves input on `socket`, signing with `key` as `session`.
    init(socket: ZMQSocket, key: [UInt8], session: String) {
        self.socket = socket
        self.key = key
        self.session = session
    }

    /// The execute_request now running, or nil between cells; input is read only if it allowed stdin.
    func begin(_ request: KernelMessage?) {
        lock.locked { self.request = request }
    }

    /// Asks the front end for a line of input (shown after `prompt`; hidden when `password`).
    func read(prompt: String, password: Bool) throws -> String {
        guard let request = lock.locked({ request }) else {
            throw LuaError.message("input: no input can be read here: the front end sent this cell with allow_stdin = false " +
                                   "(nbconvert and nbclient always do); give the value in the code instead")
        }
        while socket.poll(milliseconds: 0) { _ = socket.receive() }       // a late reply to an interrupted request
        socket.send(KernelMessage(type: "input_request", session: session, parent: request,
                                  content: ["prompt": .string(prompt), "password": .boolean(password)],
                                  identities: request.identities).frames(key: key))
        while true {
            try Cancellation.check()
            guard socket.poll(milliseconds: 50), let frames = socket.receive() else { continue }
            guard let reply = KernelMessage(frames: frames, key: key), reply.type == "input_reply" else { continue }
            return reply.content["value"]?.stringValue ?? ""
        }
    }

    /// Installs `input(prompt?, {password=}?)` and makes `io.read` and `io.stdin:read` read through it.
    func install(into state: LuaState, beforeRead: @escaping @Sendable () -> Void) throws {
        state.installFunction(LuaDoc(name: "input", kind: .function, params: "prompt: string?, opts: {password: boolean?}?", returns: "string",
                                     summary: "In a notebook: asks for a line of input (the front end shows a text box); io.read() does too.")) { [self] call in
            let prompt = try call.isNone(1) ? "" : call.string(1)
            let password = try call.options(2, allowed: ["password"]).boolean("password") ?? false
            beforeRead()
            return call.returns(try read(prompt: prompt, password: password))
        }
        try state.run(StdinChannel.readThroughInput, chunkName: "=kernel")
    }

    /// `io.read` formats on a line of input: `l` (the default), `L` (with its newline), `n` (a number or nil),
    /// `a` (the line), a count (that many bytes of the line and its newline); one input request per format.
    static let readThroughInput = """
    local input, stdin, ioread, ioinput = input, io.stdin, io.read, io.input
    local methods = getmetatable(stdin).__index
    local fileread = methods.read
    local function one(format)
      local line = input("")
      if math.type(format) == "integer" then return (line .. "\\n"):sub(1, format) end
      local f = tostring(format):gsub("^%*", ""):sub(1, 1)
      if f == "n" then return tonumber(line) end
      if f == "L" then return line .. "\\n" end
      return line
    end
    local function read(...)
      local n = select("#", ...)
      if n == 0 then return one("l") end
      local out = {}
      for i = 1, n do out[i] = one((select(i, ...))) end
      return table.unpack(out, 1, n)
    end
    io.read = function(...) if rawequal(ioinput(), stdin) then return read(...) end return ioread(...) end
    methods.read = function(file, ...) if rawequal(file, stdin) then return read(...) end return fileread(file, ...) end
    """
}
