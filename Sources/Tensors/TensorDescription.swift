#if canImport(Glibc)
import Glibc
#endif

extension Tensor: CustomStringConvertible {
    /// NumPy-style text: a header with the shape, then aligned rows; tensors of more than 1000 elements
    /// show the first and last 3 entries of each dimension with `...` between.
    /// Integral values print as integers, others with 4 decimals (scientific when very large or small).
    public var description: String {
        if dim == 0 { return "Tensor(\(Tensor.formatValues([storage[0]])[0]))" }
        let elide = numel > 1000
        let kept = visibleIndices(elide: elide)
        let texts = Tensor.formatValues(kept.flatMap { $0 }.map { storage[$0] })
        let width = texts.map(\.count).max() ?? 0
        var cursor = 0
        func render(_ level: Int, _ offset: Int, _ indent: String) -> String {
            let positions = Tensor.window(shape[level], elide: elide)
            let step = Shape.product(shape[(level + 1)...])
            if level == dim - 1 {
                let cells = positions.map { p -> String in
                    guard p >= 0 else { return "..." }
                    defer { cursor += 1 }
                    let t = texts[cursor]
                    return String(repeating: " ", count: width - t.count) + t
                }
                return "[" + cells.joined(separator: ", ") + "]"
            }
            let inner = positions.map { p in p < 0 ? "..." : render(level + 1, offset + p * step, indent + " ") }
            let separator = "," + String(repeating: "\n", count: dim - level - 1) + indent + " "
            return "[" + inner.joined(separator: separator) + "]"
        }
        return "Tensor of shape \(Tensor.format(shape: shape))\n" + render(0, 0, "")
    }

    /// Positions shown along a dimension of `size`: all, or the first 3, -1 (the ellipsis), the last 3.
    static func window(_ size: Int, elide: Bool) -> [Int] {
        guard elide && size > 6 else { return Array(0..<size) }
        return [0, 1, 2, -1, size - 3, size - 2, size - 1]
    }

    /// Flat indices of the shown elements, in print order (grouped per innermost row).
    private func visibleIndices(elide: Bool) -> [[Int]] {
        var rows: [[Int]] = []
        func walk(_ level: Int, _ offset: Int) {
            let step = Shape.product(shape[(level + 1)...])
            let positions = Tensor.window(shape[level], elide: elide).filter { $0 >= 0 }
            if level == dim - 1 {
                rows.append(positions.map { offset + $0 })
            } else {
                for p in positions { walk(level + 1, offset + p * step) }
            }
        }
        if numel > 0 { walk(0, 0) }
        return rows
    }

    /// Text of each value, in one shared style.
    public static func formatValues(_ values: [Float]) -> [String] {
        let finite = values.filter { $0.isFinite }
        let integral = finite.allSatisfy { $0 == $0.rounded() && Swift.abs($0) < 1e9 }
        let largest = finite.map { Swift.abs($0) }.max() ?? 0
        let smallest = finite.filter { $0 != 0 }.map { Swift.abs($0) }.min() ?? 1
        let scientific = !integral && (largest >= 1e8 || smallest < 1e-4)
        return values.map { v in
            if v.isNaN { return "nan" }
            if v.isInfinite { return v < 0 ? "-inf" : "inf" }
            if integral { return String(Int64(v)) }
            return printf(scientific ? "%.4e" : "%.4f", Double(v))
        }
    }

    /// `value` formatted by C's printf with one `%…f/e/g` conversion (`printf("%.6g", x)`).
    public static func printf(_ format: String, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        _ = buffer.withUnsafeMutableBufferPointer { p in withVaList([value]) { vsnprintf(p.baseAddress, 64, format, $0) } }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
