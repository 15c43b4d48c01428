import CZlib

/// zlib's inflate (Debian's zlib1g), streaming: raw deflate (zip entries) or gzip members (whose CRC-32
/// and length trailer zlib checks). Errors are `TensorError.invalid` messages to be prefixed with the file.
public final class Inflater {
    /// The framing of the compressed bytes.
    public enum Format: Sendable {
        /// Raw deflate, as inside zip archives.
        case raw
        /// A gzip member (RFC 1952): header, deflate, CRC-32 and length.
        case gzip
    }

    private var stream = z_stream()
    private var open = false

    /// A fresh decompressor.
    public init(_ format: Format) throws {
        let status = cz_inflate_init(&stream, format == .raw ? -MAX_WBITS : MAX_WBITS + 16)
        guard status == Z_OK else { throw TensorError.invalid("zlib could not start (status \(status))") }
        open = true
    }

    deinit { if open { inflateEnd(&stream) } }

    /// Decompresses from `input` into `output`: how many bytes were consumed and produced, and whether the
    /// stream (the gzip member) ended. A corrupt stream is an error saying what zlib found.
    public func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws
        -> (consumed: Int, produced: Int, ended: Bool) {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(clamping: input.count)
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(clamping: output.count)
        let before = (Int(stream.avail_in), Int(stream.avail_out))
        let status = CZlib.inflate(&stream, Z_NO_FLUSH)
        let consumed = before.0 - Int(stream.avail_in), produced = before.1 - Int(stream.avail_out)
        switch status {
        case Z_OK: return (consumed, produced, false)
        case Z_STREAM_END: return (consumed, produced, true)
        case Z_BUF_ERROR: return (consumed, produced, false)          // no progress possible: more input needed
        default:
            let detail = stream.msg.map { String(cString: $0) } ?? "status \(status)"
            let meaning = detail == "incorrect data check" ? " (the CRC-32 does not match the data: the file is corrupt)" : ""
            throw TensorError.invalid("corrupt compressed data: \(detail)\(meaning)")
        }
    }

    /// Starts over for the next gzip member of a multi-member file.
    public func reset() { inflateReset(&stream) }

    /// Decompresses a whole raw-deflate buffer that must expand to exactly `size` bytes (zip entries).
    public static func inflateRaw(_ input: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        let inflater = try Inflater(.raw)
        var out = [UInt8](repeating: 0, count: size + 1)            // one spare byte shows a stream that runs on
        let (_, produced, ended) = try out.withUnsafeMutableBytes { try inflater.inflate(input, into: $0) }
        guard produced == size, ended else {
            let what = produced > size ? "more than the declared \(size) bytes" : (ended ? "\(produced) bytes where \(size) were declared" : "the stream is truncated")
            throw TensorError.invalid("corrupt compressed data: \(what)")
        }
        out.removeLast()
        return out
    }

    /// CRC-32 (zlib's, as zip and gzip use) of `bytes`.
    public static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: uLong = 0
        var rest = bytes
        while !rest.isEmpty {
            let n = Swift.min(rest.count, 1 << 30)
            crc = CZlib.crc32(crc, rest.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(n))
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
