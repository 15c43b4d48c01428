/// NumPy's `.npy` format, as `np.save` writes it: versions 1.0, 2.0 and 3.0; C or Fortran order (Fortran
/// transposed into row-major while converting); little- or big-endian bool, int8…int64, uint8…uint64,
/// float16, float32 and float64, all read as Float32 (see `ElementType`); 0-d arrays. Writes float32,
/// int64 or bool (format 1.0, or 2.0 for headers of 64 KiB and more), atomically.
public enum Npy {
    /// Parses `.npy` bytes; `name` appears in error messages, `warn` receives notes on lossy conversions.
    public static func decode(_ bytes: UnsafeRawBufferPointer, name: String, warn: (String) -> Void = { _ in }) throws -> Tensor {
        let layout = try header(bytes, name: name)
        let data = UnsafeRawBufferPointer(rebasing: bytes[layout.dataOffset...])
        return try tensor(layout.type, shape: layout.shape, bigEndian: layout.bigEndian, fortran: layout.fortran,
                          from: data, name: name, warn: warn)
    }

    /// Parses `.npy` bytes held in an array.
    public static func decode(_ bytes: [UInt8], name: String, warn: (String) -> Void = { _ in }) throws -> Tensor {
        try bytes.withUnsafeBytes { try decode($0, name: name, warn: warn) }
    }

    /// Reads a `.npy` file (memory-mapped when large).
    public static func load(_ path: String, warn: (String) -> Void = { _ in }) throws -> Tensor {
        let file = try MappedFile(path)
        return try decode(file.bytes, name: path, warn: warn)
    }

    /// `.npy` bytes of `tensor` as `type` (float32, int64 or bool).
    public static func encode(_ tensor: Tensor, as type: ElementType = .float32, name: String = "npy") throws -> [UInt8] {
        let descr = ["float32": "<f4", "int64": "<i8", "bool": "|b1"][type.rawValue] ?? "?"
        let payload = try ElementType.encode(tensor.storage, as: type, name: name)
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        let version: UInt8 = header.utf8.count + 12 < 65_536 - 64 ? 1 : 2
        let prefix = version == 1 ? 10 : 12
        while (prefix + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let n = header.utf8.count
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0, UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF)]
        if version == 2 { out += [UInt8((n >> 16) & 0xFF), UInt8((n >> 24) & 0xFF)] }
        out += Array(header.utf8)
        out += payload
        return out
    }

    /// Writes `tensor` to `path` as `.npy` of `dtype` ("float32", "int64" or "bool"), atomically.
    public static func save(_ tensor: Tensor, to path: String, dtype: String = "float32") throws {
        guard let type = ElementType(rawValue: dtype), [.float32, .int64, .bool].contains(type) else {
            throw TensorError.invalid("save: dtype '\(dtype)' is not written; use float32, int64 or bool")
        }
        try AtomicFile.write(encode(tensor, as: type, name: path), to: path)
    }

    /// What a `.npy` header says.
    struct Layout {
        var type: ElementType
        var bigEndian: Bool
        var fortran: Bool
        var shape: [Int]
        var dataOffset: Int
    }

    /// Validates the magic, version and header dict of `.npy` bytes.
    static func header(_ bytes: UnsafeRawBufferPointer, name: String) throws -> Layout {
        func fail(_ reason: String) -> TensorError { .invalid("\(name): \(reason)") }
        if bytes.first == 0x80 {
            throw fail("is a Python pickle, not a .npy array; save the array with np.save(path, arr.astype(np.float32))")
        }
        guard bytes.count >= 10, bytes[0] == 0x93, bytes[1..<6].elementsEqual("NUMPY".utf8) else {
            throw fail("not a .npy file (bad magic)")
        }
        let major = bytes[6]
        guard (1...3).contains(major) else { throw fail("unsupported .npy format version \(major).\(bytes[7]) (1.0, 2.0 and 3.0 are read)") }
        let start = major == 1 ? 10 : 12
        guard bytes.count >= start else { throw fail("truncated header") }
        var length = Int(bytes[8]) | Int(bytes[9]) << 8
        if major > 1 { length |= Int(bytes[10]) << 16 | Int(bytes[11]) << 24 }
        guard length <= bytes.count - start else {
            throw fail("truncated: the header says \(length) bytes but only \(bytes.count - start) follow")
        }
        let text = String(decoding: bytes[start..<(start + length)], as: UTF8.self)
        let shown = String(text.reversed().drop { $0 == " " || $0 == "\n" }.reversed()).debugDescription
        guard case let .dict(entries)? = try? PythonLiteral.parse(text) else { throw fail("unreadable header \(shown)") }
        guard case let .string(descr)? = entries["descr"] else {
            if case .list? = entries["descr"] {
                throw fail("holds a structured array (header \(text.prefix { $0 != "}" })}); save one field at a time with np.save(path, arr['field'].astype(np.float32))")
            }
            throw fail("header lacks 'descr': \(shown)")
        }
        guard case let .bool(fortran)? = entries["fortran_order"] else { throw fail("header lacks 'fortran_order': \(shown)") }
        guard case let .tuple(sizes)? = entries["shape"] else { throw fail("header lacks 'shape': \(shown)") }
        let shape = try sizes.map { item -> Int in
            guard case let .integer(n) = item, n >= 0 else { throw fail("bad shape in header \(shown)") }
            return n
        }
        let (type, bigEndian) = try dtype(descr, fail)
        return Layout(type: type, bigEndian: bigEndian, fortran: fortran, shape: shape, dataOffset: start + length)
    }

    /// The element type of a NumPy `descr` such as `<f4`, `>i8`, `|b1`; other kinds are refused with what NumPy wrote.
    static func dtype(_ descr: String, _ fail: (String) -> TensorError) throws -> (ElementType, Bool) {
        let order = descr.first ?? "?"
        let code = "<>|=".contains(order) ? String(descr.dropFirst()) : descr
        let types: [String: ElementType] = [
            "b1": .bool, "?": .bool, "i1": .int8, "i2": .int16, "i4": .int32, "i8": .int64,
            "u1": .uint8, "u2": .uint16, "u4": .uint32, "u8": .uint64, "f2": .float16, "f4": .float32, "f8": .float64,
        ]
        if let type = types[code] { return (type, order == ">") }
        let kinds: [Character: String] = ["O": "pickled Python objects", "U": "unicode strings", "S": "byte strings",
                                          "a": "byte strings", "V": "raw or structured records", "M": "datetimes",
                                          "m": "timedeltas", "c": "complex numbers", "f": "long doubles"]
        let kind = code.first.flatMap { kinds[$0] } ?? "an unknown type"
        throw fail("holds dtype '\(descr)' (\(kind)), which FairLua does not read; save numbers instead: np.save(path, arr.astype(np.float32))")
    }

    /// A Float32 tensor of `shape` from raw elements of `type` (at least enough bytes must be present).
    static func tensor(_ type: ElementType, shape: [Int], bigEndian: Bool, fortran: Bool, from data: UnsafeRawBufferPointer,
                       name: String, warn: (String) -> Void) throws -> Tensor {
        // Zero sizes count as 1 here, so that (2**60, 0) is refused too: every later loop over a dimension must be feasible.
        do { _ = try Tensor.count(shape.map { Swift.max($0, 1) }, op: "load") } catch {
            throw TensorError.invalid("\(name): shape \(Tensor.format(shape: shape)) is too large to load")
        }
        let elements = shape.reduce(1, *)
        let (needed, overflow) = elements.multipliedReportingOverflow(by: type.size)
        guard !overflow, needed <= data.count else {
            throw TensorError.invalid("\(name): truncated: \(elements) values of \(type.size) bytes expected, \(data.count) bytes found")
        }
        guard let source = data.baseAddress, elements > 0 else { return Tensor(unchecked: shape, []) }
        if let lost = type.lostIntegers(source, count: elements, bigEndian: bigEndian) {
            warn("\(name): \(lost.count) \(type.rawValue) integer\(lost.count == 1 ? " above 2^24 is" : "s above 2^24 are") not exact in Float32 "
                 + "(the first, \(lost.first), became \(Int64(exactly: lost.became).map(String.init) ?? "\(lost.became)")); "
                 + "keep ids in a CSV column instead")
        }
        let storage = [Float](unsafeUninitializedCapacity: elements) { out, initialized in
            guard let base = out.baseAddress else { return }
            type.convert(source, count: elements, bigEndian: bigEndian, fortranShape: fortran ? shape : nil, into: base)
            initialized = elements
        }
        return Tensor(unchecked: shape, storage)
    }
}
