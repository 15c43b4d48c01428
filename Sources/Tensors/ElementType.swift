/// The element types that files written in Python hold (NumPy dtypes, safetensors dtypes), and their
/// conversion to Float32: integers and booleans by value (rounded to nearest when above 2^24),
/// float16 / bfloat16 exactly, float64 rounded to nearest.
public enum ElementType: String, CaseIterable, Sendable {
    case bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, bfloat16, float32, float64

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .bool, .int8, .uint8: return 1
        case .int16, .uint16, .float16, .bfloat16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        }
    }

    /// The raw bits and conversion of this type.
    var bits: any ElementBits.Type {
        switch self {
        case .bool: return BoolBits.self
        case .int8: return Int8Bits.self
        case .int16: return Int16Bits.self
        case .int32: return Int32Bits.self
        case .int64: return Int64Bits.self
        case .uint8: return UInt8Bits.self
        case .uint16: return UInt16Bits.self
        case .uint32: return UInt32Bits.self
        case .uint64: return UInt64Bits.self
        case .float16: return Float16Bits.self
        case .bfloat16: return BFloat16Bits.self
        case .float32: return Float32Bits.self
        case .float64: return Float64Bits.self
        }
    }

    /// Converts `count` elements laid out at `source` (little-endian unless `bigEndian`) into `out`.
    /// Row-major to row-major when `fortranShape` is nil; otherwise `source` is in Fortran order for that
    /// row-major shape and the values are transposed on the way (no intermediate copy).
    func convert(_ source: UnsafeRawPointer, count: Int, bigEndian: Bool, fortranShape: [Int]?,
                 into out: UnsafeMutablePointer<Float>) {
        switch self {
        case .bool: Converter<BoolBits>.run(source, count, bigEndian, fortranShape, out)
        case .int8: Converter<Int8Bits>.run(source, count, bigEndian, fortranShape, out)
        case .int16: Converter<Int16Bits>.run(source, count, bigEndian, fortranShape, out)
        case .int32: Converter<Int32Bits>.run(source, count, bigEndian, fortranShape, out)
        case .int64: Converter<Int64Bits>.run(source, count, bigEndian, fortranShape, out)
        case .uint8: Converter<UInt8Bits>.run(source, count, bigEndian, fortranShape, out)
        case .uint16: Converter<UInt16Bits>.run(source, count, bigEndian, fortranShape, out)
        case .uint32: Converter<UInt32Bits>.run(source, count, bigEndian, fortranShape, out)
        case .uint64: Converter<UInt64Bits>.run(source, count, bigEndian, fortranShape, out)
        case .float16: Converter<Float16Bits>.run(source, count, bigEndian, fortranShape, out)
        case .bfloat16: Converter<BFloat16Bits>.run(source, count, bigEndian, fortranShape, out)
        case .float32: Converter<Float32Bits>.run(source, count, bigEndian, fortranShape, out)
        case .float64: Converter<Float64Bits>.run(source, count, bigEndian, fortranShape, out)
        }
    }

    /// The integers among `count` elements at `source` that Float32 does not hold exactly: how many,
    /// and the first one with its Float32 value (nil when none changed).
    func lostIntegers(_ source: UnsafeRawPointer, count: Int, bigEndian: Bool) -> (count: Int, first: String, became: Float)? {
        func lost<E: ElementBits>(_: E.Type) -> (count: Int, first: String, became: Float)? {
            E.canBeInexact ? Converter<E>.lost(source, count, bigEndian) : nil
        }
        return lost(bits)
    }

    /// Little-endian bytes of `values` written as `type`, for the `.npy` and safetensors writers: float32,
    /// int64 (values must be integers in range) and bool (non-zero is true, as NumPy's `astype(bool)`).
    static func encode(_ values: [Float], as type: ElementType, name: String) throws -> [UInt8] {
        switch type {
        case .float32: return values.withUnsafeBytes { Array($0) }
        case .bool: return values.map { $0 != 0 ? 1 : 0 }
        case .int64:
            var out = [UInt8](repeating: 0, count: values.count * 8)
            try out.withUnsafeMutableBytes { raw in
                for (i, v) in values.enumerated() {
                    guard v == v.rounded(), let n = Int64(exactly: v) else {
                        throw TensorError.invalid("\(name): value \(v) at position \(i + 1) is not an integer; int64 holds only integers")
                    }
                    raw.storeBytes(of: n.littleEndian, toByteOffset: i * 8, as: Int64.self)
                }
            }
            return out
        default:
            throw TensorError.invalid("\(name): cannot write \(type.rawValue); float32, int64 and bool are written")
        }
    }
}

/// One element type's raw bits and their value as Float32 (and as an exact integer, for the types that have one).
protocol ElementBits {
    associatedtype Bits: FixedWidthInteger
    static func float(_ bits: Bits) -> Float
    /// The value when it is an integer that Float32 cannot hold exactly, as text; nil otherwise.
    static func inexactInteger(_ bits: Bits) -> String?
    /// Whether some value of this type can be such an integer (32- and 64-bit integers, float64).
    static var canBeInexact: Bool { get }
}

extension ElementBits {
    static func inexactInteger(_ bits: Bits) -> String? { nil }
    static var canBeInexact: Bool { false }
}

enum BoolBits: ElementBits { static func float(_ b: UInt8) -> Float { b != 0 ? 1 : 0 } }
enum Int8Bits: ElementBits { static func float(_ b: UInt8) -> Float { Float(Int8(bitPattern: b)) } }
enum Int16Bits: ElementBits { static func float(_ b: UInt16) -> Float { Float(Int16(bitPattern: b)) } }
enum UInt8Bits: ElementBits { static func float(_ b: UInt8) -> Float { Float(b) } }
enum UInt16Bits: ElementBits { static func float(_ b: UInt16) -> Float { Float(b) } }
enum Float16Bits: ElementBits { static func float(_ b: UInt16) -> Float { Float(Float16(bitPattern: b)) } }
/// bfloat16 is the top half of a Float32.
enum BFloat16Bits: ElementBits { static func float(_ b: UInt16) -> Float { Float(bitPattern: UInt32(b) << 16) } }
enum Float32Bits: ElementBits { static func float(_ b: UInt32) -> Float { Float(bitPattern: b) } }

enum Int32Bits: ElementBits {
    static let canBeInexact = true
    static func float(_ b: UInt32) -> Float { Float(Int32(bitPattern: b)) }
    static func inexactInteger(_ b: UInt32) -> String? {
        let v = Int32(bitPattern: b)
        return Int32(exactly: Float(v)) == v ? nil : String(v)
    }
}

enum Int64Bits: ElementBits {
    static let canBeInexact = true
    static func float(_ b: UInt64) -> Float { Float(Int64(bitPattern: b)) }
    static func inexactInteger(_ b: UInt64) -> String? {
        let v = Int64(bitPattern: b)
        return Int64(exactly: Float(v)) == v ? nil : String(v)
    }
}

enum UInt32Bits: ElementBits {
    static let canBeInexact = true
    static func float(_ b: UInt32) -> Float { Float(b) }
    static func inexactInteger(_ b: UInt32) -> String? { UInt32(exactly: Float(b)) == b ? nil : String(b) }
}

enum UInt64Bits: ElementBits {
    static let canBeInexact = true
    static func float(_ b: UInt64) -> Float { Float(b) }
    static func inexactInteger(_ b: UInt64) -> String? { UInt64(exactly: Float(b)) == b ? nil : String(b) }
}

enum Float64Bits: ElementBits {
    static let canBeInexact = true
    static func float(_ b: UInt64) -> Float { Float(Double(bitPattern: b)) }
    static func inexactInteger(_ b: UInt64) -> String? {
        let v = Double(bitPattern: b)
        guard v == v.rounded(), Float(v).isFinite, Double(Float(v)) != v else { return nil }
        return abs(v) < 1e18 ? String(Int64(v)) : String(v)
    }
}

/// The conversion loops of one element type (specialised per type, so each loop is a plain load and convert).
enum Converter<E: ElementBits> {
    @inline(__always)
    static func load(_ p: UnsafeRawPointer, _ i: Int, _ swap: Bool) -> E.Bits {
        let bits = p.loadUnaligned(fromByteOffset: i &* MemoryLayout<E.Bits>.size, as: E.Bits.self)
        return swap ? bits.byteSwapped : bits
    }

    static func run(_ p: UnsafeRawPointer, _ count: Int, _ bigEndian: Bool, _ fortranShape: [Int]?,
                    _ out: UnsafeMutablePointer<Float>) {
        let swap = bigEndian == (1.littleEndian == 1)
        guard let shape = fortranShape, shape.count >= 2, count > 0 else {
            for i in 0..<count { out[i] = E.float(load(p, i, swap)) }
            return
        }
        // Fortran order reverses the strides: element (i0, …, ik) sits at i0 + d0·(i1 + d1·(…)).
        // For each setting of the middle indices, axes 0 and k form a strided matrix, transposed in tiles.
        let rows = shape[0], cols = shape[shape.count - 1]
        let sourceColumnStride = count / cols                     // d0·…·d(k-1)
        let outRowStride = count / rows                           // d1·…·dk
        let middle = Array(shape[1..<(shape.count - 1)])
        var index = [Int](repeating: 0, count: middle.count)
        let tile = 32
        while true {
            var sourceBase = 0, outBase = 0, sourceStride = rows, outStride = cols
            for k in stride(from: middle.count - 1, through: 0, by: -1) { outBase += index[k] * outStride; outStride *= middle[k] }
            for k in 0..<middle.count { sourceBase += index[k] * sourceStride; sourceStride *= middle[k] }
            for i0 in stride(from: 0, to: rows, by: tile) {
                let i1 = Swift.min(i0 + tile, rows)
                for j0 in stride(from: 0, to: cols, by: tile) {
                    let j1 = Swift.min(j0 + tile, cols)
                    for i in i0..<i1 {
                        let o = out + outBase + i * outRowStride
                        for j in j0..<j1 { o[j] = E.float(load(p, sourceBase + i + j * sourceColumnStride, swap)) }
                    }
                }
            }
            var k = middle.count - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < middle[k] { break }
                index[k] = 0
                k -= 1
            }
            if k < 0 { return }
        }
    }

    static func lost(_ p: UnsafeRawPointer, _ count: Int, _ bigEndian: Bool) -> (count: Int, first: String, became: Float)? {
        let swap = bigEndian == (1.littleEndian == 1)
        var n = 0
        var first: (String, Float)?
        for i in 0..<count {
            let bits = load(p, i, swap)
            if let text = E.inexactInteger(bits) {
                n += 1
                if first == nil { first = (text, E.float(bits)) }
            }
        }
        return first.map { (n, $0.0, $0.1) }
    }
}
