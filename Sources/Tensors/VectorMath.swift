#if canImport(Glibc)
import Glibc
#endif

/// Vectorised exp for Float32, 8 lanes at a time (Cephes' expf: range reduction by ln 2 and a degree-6
/// polynomial, within 2 ulp of expf). Blocks holding NaN or values outside [-87, 88] use `expf` itself.
enum VectorMath {
    static func exp(_ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, scale: Float = 1) {
        let n = x.count
        var i = 0
        if let xb = x.baseAddress, let yb = y.baseAddress {
            let src = UnsafeRawPointer(xb), dst = UnsafeMutableRawPointer(yb)
            while i + 8 <= n {
                let v = src.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) * scale
                if all(v .>= -87) && all(v .<= 88) {
                    dst.storeBytes(of: exp8(v), toByteOffset: i * 4, as: SIMD8<Float>.self)
                } else {
                    for k in 0..<8 { y[i + k] = expf(v[k]) }
                }
                i += 8
            }
        }
        while i < n {
            y[i] = expf(x[i] * scale)
            i += 1
        }
    }

    /// 1.5 · 2^23: adding it rounds a Float to the nearest integer, which then sits in the low mantissa bits.
    static let magic: Float = 12_582_912

    @inline(__always)
    static func exp8(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let shifted = x * 1.44269504088896341 + magic
        let n = shifted - magic                                   // round(x / ln 2)
        var r = x - n * 0.693359375
        r = r - n * -2.12194440e-4
        var p = SIMD8<Float>(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let y = p * r * r + r + 1
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let bits = (integer &+ 127) &<< 23
        return y * unsafeBitCast(bits, to: SIMD8<Float>.self)
    }
}
