import FoundationEssentials
import FairLuaBindings
import LuaHost
import Tensors
#if canImport(Glibc)
import Glibc
#endif

/// One Jupyter message (messaging protocol 5.3): routing identities, then `<IDS|MSG>`, the HMAC-SHA256
/// signature (hex) of the four JSON frames header, parent_header, metadata and content, then those frames.
struct KernelMessage {
    var identities: [[UInt8]] = []
    var header: [String: LuaValue]
    var parent: [String: LuaValue] = [:]
    var metadata: [String: LuaValue] = [:]
    var content: [String: LuaValue] = [:]

    static let delimiter = Array("<IDS|MSG>".utf8)
    static let protocolVersion = "5.3"

    /// The message type (`execute_request`, …).
    var type: String { header["msg_type"]?.stringValue ?? "" }

    /// Parses `frames` received on a ROUTER socket; nil when malformed or when the signature is wrong
    /// (an empty key accepts unsigned messages, as jupyter_client does).
    init?(frames: [[UInt8]], key: [UInt8]) {
        guard let split = frames.firstIndex(of: KernelMessage.delimiter), frames.count >= split + 6 else { return nil }
        let parts = Array(frames[(split + 2)..<(split + 6)])
        if !key.isEmpty {
            let expected = HMAC.sha256(key: key, message: parts.flatMap { $0 })
            guard HMAC.equal(Array(SHA256.hexDigits(expected).utf8), frames[split + 1]) else { return nil }
        }
        func object(_ bytes: [UInt8]) -> [String: LuaValue]? {
            switch (try? bytes.withUnsafeBytes { try JSONValue.parse($0) }).map(LuaValue.init) {
            case let .table(t)?: return t
            case .array([])?: return [:]
            default: return nil
            }
        }
        guard let header = object(parts[0]), header["msg_type"]?.stringValue != nil,
              let parent = object(parts[1]), let metadata = object(parts[2]), let content = object(parts[3]) else { return nil }
        identities = Array(frames[..<split])
        self.header = header
        self.parent = parent
        self.metadata = metadata
        self.content = content
    }

    /// A new message of `type` from `session`, replying to (or caused by) `parent`.
    init(type: String, session: String, parent: KernelMessage?, content: [String: LuaValue], identities: [[UInt8]] = []) {
        header = ["msg_id": .string(UUID().uuidString.lowercased()), "session": .string(session), "username": .string("kernel"),
                  "date": .string(KernelMessage.now()), "msg_type": .string(type), "version": .string(KernelMessage.protocolVersion)]
        self.parent = parent?.header ?? [:]
        self.content = content
        self.identities = identities
    }

    /// The frames to send, signed with `key`.
    func frames(key: [UInt8]) -> [[UInt8]] {
        let parts = [header, parent, metadata, content].map { Array(LuaValue.table($0).jsonValue.encoded().utf8) }
        let signature = key.isEmpty ? [] : Array(SHA256.hexDigits(HMAC.sha256(key: key, message: parts.flatMap { $0 })).utf8)
        return identities + [KernelMessage.delimiter, signature] + parts
    }

    /// The current time in ISO 8601 with microseconds, UTC.
    static func now() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec), parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ v: Int32, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(tv.tv_usec), 6))Z"
    }
}
