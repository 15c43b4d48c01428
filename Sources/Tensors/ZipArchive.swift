/// The zip container of `.npz` files (PKWARE APPNOTE 6.3): reads stored and deflated entries, with zip64
/// sizes and offsets as Python's `zipfile` writes them, checking every offset against the file and every
/// entry's CRC-32; writes stored entries.
public enum ZipArchive {
    /// One member of an archive to write.
    public struct Entry {
        /// The member's name inside the archive.
        public let name: String
        /// The member's uncompressed bytes.
        public let bytes: [UInt8]
    }

    /// Calls `body` with each member's name and uncompressed bytes, in central-directory order, after checking
    /// its CRC-32; stored members are handed over without a copy. `name` is the file, for messages.
    public static func forEachEntry(_ bytes: UnsafeRawBufferPointer, name: String,
                                    _ body: (String, UnsafeRawBufferPointer) throws -> Void) throws {
        func fail(_ reason: String) -> TensorError { .invalid("\(name): \(reason)") }
        let reader = Reader(bytes: bytes)
        guard let end = findEndRecord(bytes) else { throw fail("not a zip archive (no end-of-central-directory record; truncated?)") }
        var count = Int(reader.u16(end + 10) ?? 0)
        var directory = Int(reader.u32(end + 16) ?? 0)
        if count == 0xFFFF || directory == 0xFFFF_FFFF {
            // zip64: the locator sits just before the end record and points at the zip64 end record
            guard end >= 20, reader.u32(end - 20) == 0x0706_4B50, let at = reader.u64(end - 12).flatMap({ Int(exactly: $0) }),
                  reader.u32(at) == 0x0606_4B50, let n = reader.u64(at + 32).flatMap({ Int(exactly: $0) }),
                  let d = reader.u64(at + 48).flatMap({ Int(exactly: $0) }) else { throw fail("bad zip64 end record") }
            count = n
            directory = d
        }
        var position = directory
        for _ in 0..<count {
            guard reader.u32(position) == 0x0201_4B50, let flags = reader.u16(position + 8), let method = reader.u16(position + 10),
                  let crc = reader.u32(position + 16), var compressed = reader.u32(position + 20).map(Int.init),
                  var size = reader.u32(position + 24).map(Int.init), let nameLength = reader.u16(position + 28).map(Int.init),
                  let extraLength = reader.u16(position + 30).map(Int.init), let commentLength = reader.u16(position + 32).map(Int.init),
                  var local = reader.u32(position + 42).map(Int.init),
                  let entryName = reader.slice(position + 46, nameLength).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw fail("corrupt central directory at byte \(position) (truncated?)")
            }
            // zip64 extra field (id 1): the 64-bit values of the fields set to 0xFFFFFFFF, in this order
            var extra = position + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd, let id = reader.u16(extra), let length = reader.u16(extra + 2).map(Int.init) {
                if id == 1 {
                    var field = extra + 4
                    func next() throws -> Int {
                        guard field + 8 <= extra + 4 + length, let v = reader.u64(field).flatMap({ Int(exactly: $0) }) else {
                            throw fail("'\(entryName)': bad zip64 sizes")
                        }
                        field += 8
                        return v
                    }
                    if size == 0xFFFF_FFFF { size = try next() }
                    if compressed == 0xFFFF_FFFF { compressed = try next() }
                    if local == 0xFFFF_FFFF { local = try next() }
                }
                extra += 4 + length
            }
            position = extraEnd + commentLength
            guard flags & 1 == 0 else { throw fail("'\(entryName)' is encrypted") }
            guard reader.u32(local) == 0x0403_4B50, let localName = reader.u16(local + 26).map(Int.init),
                  let localExtra = reader.u16(local + 28).map(Int.init),
                  let data = reader.slice(local + 30 + localName + localExtra, compressed) else {
                throw fail("'\(entryName)': its data lies outside the file (truncated?)")
            }
            let content: [UInt8]?
            switch method {
            case 0:
                guard compressed == size else { throw fail("'\(entryName)': stored sizes disagree") }
                content = nil
            case 8:
                _ = try Tensor.count([size], op: "npz")
                do { content = try Inflater.inflateRaw(data, size: size) } catch { throw fail("'\(entryName)': \(error)") }
            default: throw fail("'\(entryName)' uses compression method \(method); stored (0) and deflate (8) are read")
            }
            try withBytes(content, or: data) { bytes in
                guard Inflater.crc32(bytes) == crc else {
                    throw fail("'\(entryName)': CRC-32 mismatch (the archive is corrupt)")
                }
                try body(entryName, bytes)
            }
        }
    }

    private static func withBytes(_ owned: [UInt8]?, or borrowed: UnsafeRawBufferPointer,
                                  _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        if let owned { try owned.withUnsafeBytes(body) } else { try body(borrowed) }
    }

    /// The offset of the end-of-central-directory record, searched backwards over the longest comment.
    private static func findEndRecord(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 22 else { return nil }
        let reader = Reader(bytes: bytes)
        let lowest = Swift.max(0, bytes.count - 22 - 0xFFFF)
        for at in stride(from: bytes.count - 22, through: lowest, by: -1) where reader.u32(at) == 0x0605_4B50 {
            return at
        }
        return nil
    }

    /// A stored (uncompressed) zip archive of `entries`, as `np.savez` writes one.
    public static func stored(_ entries: [Entry], name: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func u16(_ v: Int, _ to: inout [UInt8]) { to += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: Int, _ to: inout [UInt8]) { u16(v & 0xFFFF, &to); u16((v >> 16) & 0xFFFF, &to) }
        for entry in entries {
            let crc = entry.bytes.withUnsafeBytes { Inflater.crc32($0) }
            let nameBytes = Array(entry.name.utf8)
            guard out.count < 0xFFFF_FFFF - 64 - entry.bytes.count, nameBytes.count < 0xFFFF else {
                throw TensorError.invalid("\(name): the archive would exceed 4 GiB, the limit of the zip files written here")
            }
            let offset = out.count
            // version 2.0, no flags, stored, DOS time 00:00 on 1980-01-01 (reproducible files)
            func common(_ to: inout [UInt8]) {
                u16(20, &to); u16(0, &to); u16(0, &to); u16(0, &to); u16(0x21, &to)
                u32(Int(crc), &to); u32(entry.bytes.count, &to); u32(entry.bytes.count, &to)
                u16(nameBytes.count, &to); u16(0, &to)
            }
            u32(0x0403_4B50, &out)
            common(&out)
            out += nameBytes
            out += entry.bytes
            u32(0x0201_4B50, &directory)
            u16(20, &directory)
            common(&directory)
            u16(0, &directory); u16(0, &directory); u16(0, &directory); u32(0, &directory); u32(offset, &directory)
            directory += nameBytes
        }
        let start = out.count
        out += directory
        u32(0x0605_4B50, &out)
        u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
        u32(directory.count, &out); u32(start, &out); u16(0, &out)
        return out
    }

    /// Little-endian reads that return nil instead of reading outside the buffer.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer

        func slice(_ at: Int, _ count: Int) -> UnsafeRawBufferPointer? {
            guard at >= 0, count >= 0, at <= bytes.count, count <= bytes.count - at else { return nil }
            return UnsafeRawBufferPointer(rebasing: bytes[at..<(at + count)])
        }

        func integer<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T? {
            slice(at, MemoryLayout<T>.size).map { T(littleEndian: $0.loadUnaligned(as: T.self)) }
        }

        func u16(_ at: Int) -> UInt16? { integer(at, UInt16.self) }
        func u32(_ at: Int) -> UInt32? { integer(at, UInt32.self) }
        func u64(_ at: Int) -> UInt64? { integer(at, UInt64.self) }
    }
}
