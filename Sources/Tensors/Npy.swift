#if canImport(Glibc)
import Glibc
#endif

/// NumPy's `.npy` format: read float32, float64, int32, int64, uint8, int8 and bool arrays (little-endian,
/// C order) into Float32 tensors; write float32 (format 1.0), atomically.
public enum Npy {
    /// Parses `.npy` bytes; `name` appears in error messages.
    public static func decode(_ bytes: [UInt8], name: String) throws -> Tensor {
        func fail(_ reason: String) -> TensorError { .invalid("\(name): \(reason)") }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw fail("not a .npy file (bad magic)")
        }
        let major = bytes[6]
        let headerStart = major == 1 ? 10 : 12
        guard major >= 1 && major <= 3, bytes.count >= headerStart else { throw fail("unsupported .npy version \(major)") }
        let headerLength = major == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        guard bytes.count >= headerStart + headerLength else { throw fail("truncated header") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard let descr = field(header, "descr").map({ $0.filter { $0 != "'" && $0 != "\"" } }),
              let shapeText = field(header, "shape") else { throw fail("header lacks descr or shape: \(header)") }
        if field(header, "fortran_order")?.hasPrefix("True") == true { throw fail("Fortran-order arrays are not supported") }
        let shape = try shapeText.filter { $0 != "(" && $0 != ")" && $0 != " " }.split(separator: ",").map { part -> Int in
            guard let n = Int(part), n >= 0 else { throw fail("bad shape \(shapeText)") }
            return n
        }
        let count = shape.reduce(1, *)
        let data = headerStart + headerLength
        let width: Int
        let convert: (Int) -> Float
        func load<T>(_ type: T.Type, _ f: @escaping (T) -> Float) -> (Int) -> Float {
            { i in bytes.withUnsafeBytes { f($0.loadUnaligned(fromByteOffset: data + i * MemoryLayout<T>.size, as: T.self)) } }
        }
        switch descr {
        case "<f4": width = 4; convert = load(Float.self) { $0 }
        case "<f8": width = 8; convert = load(Double.self) { Float($0) }
        case "<i4": width = 4; convert = load(Int32.self) { Float($0) }
        case "<i8": width = 8; convert = load(Int64.self) { Float($0) }
        case "|u1", "<u1": width = 1; convert = load(UInt8.self) { Float($0) }
        case "|i1", "<i1": width = 1; convert = load(Int8.self) { Float($0) }
        case "|b1", "<b1": width = 1; convert = load(UInt8.self) { $0 != 0 ? 1 : 0 }
        default: throw fail("unsupported dtype '\(descr)' (float32, float64, int32, int64, int8, uint8 and bool are read)")
        }
        guard bytes.count >= data + count * width else {
            throw fail("truncated: \(count) values of \(width) bytes expected, \(bytes.count - data) bytes found")
        }
        return try Tensor(shape: shape, storage: (0..<count).map(convert))
    }

    /// The value text of `key` in a header dict such as `{'descr': '<f4', 'shape': (2, 3), }`.
    static func field(_ header: String, _ key: String) -> String? {
        let characters = Array(header)
        let needles = ["'\(key)':", "\"\(key)\":"].map(Array.init)
        guard let end = (0..<characters.count).lazy.compactMap({ i -> Int? in
            needles.first { n in i + n.count <= characters.count && Array(characters[i..<(i + n.count)]) == n }.map { i + $0.count }
        }).first else { return nil }
        let rest = characters[end...].drop { $0 == " " }
        if rest.first == "(" { return rest.firstIndex(of: ")").map { String(rest[...$0]) } }
        return String(rest.prefix { $0 != "," && $0 != "}" })
    }

    /// `.npy` (format 1.0, '<f4') bytes of `tensor`.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        out += Array(header.utf8)
        tensor.storage.withUnsafeBytes { out += $0 }
        return out
    }

    /// Reads a `.npy` file.
    public static func load(_ path: String) throws -> Tensor {
        let bytes = try FileBytes.read(path)
        return try decode(bytes, name: path)
    }

    /// Writes `tensor` to `path` as float32 `.npy`, atomically.
    public static func save(_ tensor: Tensor, to path: String) throws {
        try AtomicFile.write(encode(tensor), to: path)
    }
}
