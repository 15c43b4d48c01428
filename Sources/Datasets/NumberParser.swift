#if canImport(Glibc)
import Glibc
#endif

/// Parses decimal numbers from bytes without allocating: `-12`, `3.25`, `1e-5`, `+.5`.
/// Up to 15 significant digits and |exponent| ≤ 22 are computed exactly (one correctly rounded
/// multiplication or division, Clinger's fast path); anything else goes through `strtod`.
public enum NumberParser {
    /// 10^e for 0 ≤ e ≤ 22 (all exact in Double); a switch compiles to a table lookup without lazy globals.
    @inline(__always)
    static func power(_ e: Int) -> Double {
        switch e {
        case 0: return 1e0; case 1: return 1e1; case 2: return 1e2; case 3: return 1e3; case 4: return 1e4
        case 5: return 1e5; case 6: return 1e6; case 7: return 1e7; case 8: return 1e8; case 9: return 1e9
        case 10: return 1e10; case 11: return 1e11; case 12: return 1e12; case 13: return 1e13; case 14: return 1e14
        case 15: return 1e15; case 16: return 1e16; case 17: return 1e17; case 18: return 1e18; case 19: return 1e19
        case 20: return 1e20; case 21: return 1e21; default: return 1e22
        }
    }

    /// Whether `formatNumber` certainly writes the number in `bytes` back as the same bytes: a plain
    /// integer or decimal without leading or trailing zeros, ≤ 15 significant digits, in [1e-4, 1e15).
    /// A fast test for the common forms; false means "compare the texts".
    static func isShortestText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9"), n = bytes.count
        @inline(__always) func isDigit(_ i: Int) -> Bool { bytes[i] >= zero && bytes[i] <= nine }
        var i = n > 0 && bytes[0] == UInt8(ascii: "-") ? 1 : 0
        let integerStart = i
        while i < n && isDigit(i) { i += 1 }
        let integerDigits = i - integerStart
        guard integerDigits >= 1, integerDigits <= 15 else { return false }
        let leadingZero = bytes[integerStart] == zero
        if leadingZero && integerDigits > 1 { return false }
        if i == n { return !(leadingZero && integerStart == 1) }                     // "-0" is written "0"
        guard bytes[i] == UInt8(ascii: ".") else { return false }
        let fractionStart = i + 1
        i = fractionStart
        while i < n && isDigit(i) { i += 1 }
        guard i == n, n > fractionStart, bytes[n - 1] != zero else { return false }
        guard leadingZero else { return integerDigits + n - fractionStart <= 15 }
        var first = fractionStart
        while bytes[first] == zero { first += 1 }
        return first - fractionStart <= 3 && n - first <= 15                         // below 1e-4: an exponent
    }

    /// The number written in `bytes`, or nil when the bytes are not a number.
    @inline(__always)
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return nil }
        let n = bytes.count
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0, scale = 0
        while i < n {
            let d = p[i] &- 48
            if d >= 10 { break }
            if mantissa < 100_000_000_000_000_000 { mantissa = mantissa &* 10 &+ UInt64(d) } else { scale += 1 }
            digits += 1
            i += 1
        }
        if i < n && p[i] == UInt8(ascii: ".") {
            i += 1
            while i < n {
                let d = p[i] &- 48
                if d >= 10 { break }
                if mantissa < 100_000_000_000_000_000 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    scale -= 1
                }
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < n {
            guard p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") else { return nil }
            i += 1
            var expNegative = false
            if i < n && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var exponent = 0, expDigits = 0
            while i < n {
                let d = p[i] &- 48
                if d >= 10 { return nil }
                if exponent < 100_000 { exponent = exponent * 10 + Int(d) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            scale += expNegative ? -exponent : exponent
        }
        // Clinger's fast path: an exactly representable mantissa and power give a correctly rounded result.
        if mantissa <= 1 << 53 && scale >= -22 && scale <= 22 {
            let m = Double(mantissa)
            let value = scale >= 0 ? m * power(scale) : m / power(-scale)
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
