#if canImport(Glibc)
import Glibc
#endif

/// `value` formatted by a printf conversion such as "%.4g" (what Foundation's String(format:) did; the
/// library avoids Foundation, whose start-up cost is measured).
public func formatC(_ format: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    let n = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
    guard n >= 0 else { return String(value) }
    return String(decoding: buffer.prefix(min(Int(n), buffer.count - 1)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    public var trimmedBlanks: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
