/// Hugging Face's safetensors format (what `safetensors.torch.save_file` writes): an 8-byte little-endian
/// header length N, N bytes of JSON `{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]},
/// "__metadata__": {…}}`, then the data. Reads F32, F16, BF16, F64, I64, I32, U8 and BOOL into Float32 tensors
/// (see `ElementType`), validating as the reference implementation does: the header is a JSON object of at
/// most 100 MB, every dtype known, shape × element size = the byte range, ranges inside the data, and the
/// ranges, sorted, tile the data exactly (no overlap, no gap, no trailing bytes). Writes F32.
public enum Safetensors {
    /// The tensors of the file at `path`, sorted by data offset (the file's order); metadata is ignored.
    public static func load(_ path: String, warn: (String) -> Void = { _ in }) throws -> [(name: String, tensor: Tensor)] {
        let file = try MappedFile(path)
        return try decode(file.bytes, name: path, warn: warn)
    }

    /// Parses safetensors bytes; `name` appears in error messages.
    public static func decode(_ bytes: UnsafeRawBufferPointer, name: String, warn: (String) -> Void = { _ in }) throws
        -> [(name: String, tensor: Tensor)] {
        func fail(_ reason: String) -> TensorError { .invalid("\(name): \(reason)") }
        guard bytes.count >= 8 else { throw fail("not a safetensors file: shorter than its 8-byte header length") }
        let declared = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard declared <= 100_000_000 else { throw fail("header length \(declared) exceeds the format's 100 MB limit (not a safetensors file?)") }
        let length = Int(declared)
        guard length <= bytes.count - 8 else { throw fail("truncated: the header says \(length) bytes but only \(bytes.count - 8) follow") }
        let data = UnsafeRawBufferPointer(rebasing: bytes[(8 + length)...])
        guard case let .object(fields)? = try? JSONValue.parse(UnsafeRawBufferPointer(rebasing: bytes[8..<(8 + length)]), maxDepth: 64) else {
            throw fail("the header is not a JSON object (not a safetensors file?)")
        }
        var entries: [(name: String, type: ElementType, shape: [Int], begin: Int, end: Int)] = []
        for (key, value) in fields where key != "__metadata__" {
            guard case let .object(info) = value, case let .string(dtype)? = info["dtype"],
                  case let .array(shapeItems)? = info["shape"], case let .array(offsetItems)? = info["data_offsets"] else {
                throw fail("'\(key)': the header entry needs dtype, shape and data_offsets")
            }
            guard let type = types[dtype] else {
                throw fail("'\(key)': dtype '\(dtype)' is not read (F32, F16, BF16, F64, I64, I32, U8 and BOOL are)")
            }
            let shape = try shapeItems.map { item -> Int in
                guard case let .integer(n) = item, n >= 0 else { throw fail("'\(key)': bad shape") }
                return n
            }
            let offsets = offsetItems.compactMap { item -> Int? in if case let .integer(n) = item { return n } else { return nil } }
            guard offsets.count == 2, offsetItems.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw fail("'\(key)': data_offsets must be two integers [begin, end] with 0 ≤ begin ≤ end")
            }
            guard offsets[1] <= data.count else {
                throw fail("'\(key)': data_offsets [\(offsets[0]), \(offsets[1])] out of range: the data is \(data.count) bytes (truncated?)")
            }
            do { _ = try Tensor.count(shape.map { Swift.max($0, 1) }, op: "load_safetensors") } catch {
                throw fail("'\(key)': shape \(Tensor.format(shape: shape)) is too large to load")
            }
            let elements = shape.reduce(1, *)
            guard elements * type.size == offsets[1] - offsets[0] else {
                throw fail("'\(key)': shape \(Tensor.format(shape: shape)) needs \(elements) values of \(type.size) bytes, but data_offsets span \(offsets[1] - offsets[0]) bytes")
            }
            entries.append((key, type, shape, offsets[0], offsets[1]))
        }
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var covered = 0
        for e in entries {
            if e.begin < covered {
                throw fail("'\(e.name)': data_offsets [\(e.begin), \(e.end)] overlap another tensor's (which ends at \(covered))")
            }
            if e.begin > covered { throw fail("'\(e.name)': a gap of \(e.begin - covered) bytes precedes its data_offsets") }
            covered = e.end
        }
        guard covered == data.count else { throw fail("\(data.count - covered) bytes of trailing data after the last tensor") }
        return try entries.map { e in
            let range = UnsafeRawBufferPointer(rebasing: data[e.begin..<e.end])
            return (e.name, try Npy.tensor(e.type, shape: e.shape, bigEndian: false, fortran: false, from: range,
                                           name: "\(name): '\(e.name)'", warn: warn))
        }
    }

    /// The dtypes read, by their safetensors names.
    static let types: [String: ElementType] = [
        "F32": .float32, "F16": .float16, "BF16": .bfloat16, "F64": .float64,
        "I64": .int64, "I32": .int32, "U8": .uint8, "BOOL": .bool,
    ]

    /// Safetensors bytes of `tensors` as F32, in the order given; the header is padded with spaces to 8 bytes.
    public static func encode(_ tensors: [(name: String, tensor: Tensor)]) -> [UInt8] {
        var header = "{"
        var offset = 0
        for (k, item) in tensors.enumerated() {
            let size = item.tensor.numel * 4
            header += (k == 0 ? "" : ",") + JSONValue.string(item.name).encoded() + ":{\"dtype\":\"F32\",\"shape\":["
                + item.tensor.shape.map(String.init).joined(separator: ",") + "],\"data_offsets\":[\(offset),\(offset + size)]}"
            offset += size
        }
        header += "}"
        while header.utf8.count % 8 != 0 { header += " " }
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.utf8.count + offset)
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { out += $0 }
        out += Array(header.utf8)
        for item in tensors { item.tensor.storage.withUnsafeBytes { out += $0 } }
        return out
    }

    /// Writes `tensors` to `path` as F32 safetensors (names sorted), atomically; `safetensors.torch.load_file` reads it.
    public static func save(_ tensors: [(name: String, tensor: Tensor)], to path: String) throws {
        let names = Set(tensors.map(\.name))
        guard names.count == tensors.count else { throw TensorError.invalid("\(path): tensor names repeat") }
        try AtomicFile.write(encode(tensors.sorted { $0.name < $1.name }), to: path)
    }
}
