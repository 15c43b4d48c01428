import Tensors

extension Tensor: HTMLRenderable {
    /// Rows and columns shown at each end of a larger tensor (the middle is elided as `…`).
    static let shownAtEachEnd = 8

    /// The shape, then a table: one row per index of the leading dimensions (`[i, j]`) and one column per
    /// index of the last; tensors larger than 16 along an axis show its first and last 8 with `…` between.
    public var htmlFragment: String {
        let caption = HTMLFragment.caption("Tensor of shape \(Tensor.format(shape: shape))")
        guard dim > 0 else { return HTMLFragment.wrap(caption + HTMLReport.table(header: ["value"], rows: [Tensor.formatValues([storage[0]])])) }
        let columns = shape[dim - 1], rowCount = numel / Swift.max(columns, 1)
        let shownColumns = Tensor.shown(columns), shownRows = Tensor.shown(rowCount)
        let texts = Tensor.formatValues(shownRows.compactMap { $0 }.flatMap { r in shownColumns.compactMap { $0 }.map { storage[r * columns + $0] } })
        var next = texts.makeIterator()
        let rows = shownRows.map { row -> [String] in
            guard let row else { return ["…"] + shownColumns.map { _ in "…" } }
            return [label(row: row)] + shownColumns.map { $0 == nil ? "…" : next.next() ?? "" }
        }
        return HTMLFragment.wrap(caption + HTMLReport.table(header: [""] + shownColumns.map { $0.map { String($0 + 1) } ?? "…" }, rows: rows))
    }

    /// The indices shown along an axis of `size`: all, or the first and last few with nil (the ellipsis) between.
    static func shown(_ size: Int) -> [Int?] {
        let k = shownAtEachEnd
        guard size > 2 * k else { return Array(0..<size) }
        return Array(0..<k) + [nil] + Array((size - k)..<size)
    }

    /// The 1-based index of flat row `row` over the leading dimensions: `3` for a matrix, `[2, 3]` above.
    private func label(row: Int) -> String {
        guard dim > 1 else { return "" }
        var rest = row, parts: [Int] = []
        for axis in (0..<(dim - 1)).reversed() {
            parts.insert(rest % shape[axis] + 1, at: 0)
            rest /= shape[axis]
        }
        return parts.count == 1 ? String(parts[0]) : "[" + parts.map(String.init).joined(separator: ", ") + "]"
    }
}
