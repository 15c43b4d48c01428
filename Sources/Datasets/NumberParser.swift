#if canImport(Glibc)
import Glibc
#endif

/// Parses decimal numbers from bytes without allocating: `-12`, `3.25`, `1e-5`, `+.5`.
/// Up to 15 significant digits and |exponent| ≤ 22 are computed exactly (one correctly rounded
/// multiplication or division, Clinger's fast path); anything else goes through `strtod`.
enum NumberParser {
    private static let powers: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// The number written in `bytes`, or nil when the bytes are not a number.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = bytes.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0, significant = 0, scale = 0
        while i < n, bytes[i] &- 48 < 10 {
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                if mantissa > 0 { significant += 1 }
            } else {
                scale += 1
            }
            digits += 1
            i += 1
        }
        if i < n && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, bytes[i] &- 48 < 10 {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                    if mantissa > 0 { significant += 1 }
                    scale -= 1
                }
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < n && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            var expNegative = false
            if i < n && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var exponent = 0, expDigits = 0
            while i < n, bytes[i] &- 48 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] &- 48) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            scale += expNegative ? -exponent : exponent
        }
        guard i == n else { return nil }
        if significant <= 15 && abs(scale) <= 22 {
            let m = Double(mantissa)
            let value = scale >= 0 ? m * powers[scale] : m / powers[-scale]
            return negative ? -value : value
        }
        return slowParse(bytes)
    }

    private static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var text = [CChar](repeating: 0, count: bytes.count + 1)
        for (k, b) in bytes.enumerated() { text[k] = CChar(bitPattern: b) }
        return text.withUnsafeBufferPointer { p in strtod(p.baseAddress!, nil) }
    }
}
