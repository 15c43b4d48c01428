import FairLuaBindings
import LuaHost
import Tensors

/// What a Jupyter connection file says: where the five sockets are and the key that signs messages.
public struct ConnectionInfo {
    /// `tcp` or `ipc`.
    public let transport: String
    /// The address the sockets bind to.
    public let ip: String
    /// Ports by channel: shell, iopub, stdin, control, hb.
    public let ports: [String: Int]
    /// The HMAC key (empty: messages are not signed).
    public let key: [UInt8]

    /// Reads and checks the connection file at `path`.
    public init(path: String) throws {
        let fields: [String: LuaValue]
        do {
            guard case let .table(t) = LuaValue(try JSONValue.parse(String(decoding: try FileBytes.read(path, limit: 1 << 20), as: UTF8.self))) else {
                throw KernelError.connection("\(path): a JSON object expected")
            }
            fields = t
        } catch let error as KernelError {
            throw error
        } catch {
            throw KernelError.connection("\(path): \(error)")
        }
        transport = fields["transport"]?.stringValue ?? "tcp"
        ip = fields["ip"]?.stringValue ?? "127.0.0.1"
        guard transport == "tcp" || transport == "ipc" else { throw KernelError.connection("\(path): transport '\(transport)' is neither tcp nor ipc") }
        let scheme = fields["signature_scheme"]?.stringValue ?? "hmac-sha256"
        guard scheme == "hmac-sha256" else { throw KernelError.connection("\(path): signature_scheme '\(scheme)' is not supported (hmac-sha256 is)") }
        key = Array((fields["key"]?.stringValue ?? "").utf8)
        var ports: [String: Int] = [:]
        for channel in ConnectionInfo.channels {
            guard let port = fields[channel + "_port"]?.doubleValue, port >= 0, port < 65536, port == port.rounded() else {
                throw KernelError.connection("\(path): '\(channel)_port' missing or not a port number")
            }
            ports[channel] = Int(port)
        }
        self.ports = ports
    }

    /// The channels a kernel serves.
    static let channels = ["shell", "iopub", "stdin", "control", "hb"]

    /// The ZeroMQ endpoint of `channel` (`tcp://127.0.0.1:5555`, or `ipc://ip-5555` as jupyter_client names them).
    func endpoint(_ channel: String) -> String {
        let port = ports[channel] ?? 0
        return transport == "tcp" ? "tcp://\(ip):\(port)" : "ipc://\(ip)-\(port)"
    }
}

/// Why the kernel could not start or serve.
public enum KernelError: Error, CustomStringConvertible {
    /// The connection file is missing, unreadable or wrong.
    case connection(String)
    /// A ZeroMQ call failed.
    case zmq(String)
    /// Installing or removing the kernelspec failed.
    case install(String)

    public var description: String {
        switch self {
        case let .connection(m): return "connection file: \(m)"
        case let .zmq(m): return "ZeroMQ: \(m)"
        case let .install(m): return "kernelspec: \(m)"
        }
    }
}
