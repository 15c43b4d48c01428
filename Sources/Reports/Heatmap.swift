extension SVGChart {
    /// A heat map of `values[row][column]` in [0, 1], shaded white to blue, each cell showing `labels[row][column]`
    /// (a confusion matrix: true classes down, predicted classes across, row shares shaded, counts written).
    public static func heatmap(title: String, rows: [String], columns: [String], values: [[Double]], labels: [[String]],
                               xLabel: String, yLabel: String) -> String {
        let map = heatmapPanel(title: title, rows: rows, columns: columns, values: values, labels: labels, xLabel: xLabel, yLabel: yLabel)
        return document(title: title, width: map.width, height: map.height, body: map.body)
    }

    /// Several heat maps side by side in one SVG, each as `heatmap` draws it.
    public static func heatmaps(title: String, _ maps: [(title: String, rows: [String], columns: [String], values: [[Double]], labels: [[String]])],
                                xLabel: String, yLabel: String) -> String {
        var body = "", x = 0.0, height = 0.0
        for m in maps {
            let map = heatmapPanel(title: m.title, rows: m.rows, columns: m.columns, values: m.values, labels: m.labels, xLabel: xLabel, yLabel: yLabel)
            body += "<g transform=\"translate(\(x) 0)\">\n\(map.body)</g>\n"
            x += map.width
            height = max(height, map.height)
        }
        return document(title: title, width: max(x, 320), height: height, body: body)
    }

    /// An SVG document of `width` × `height` on white around `body`.
    static func document(title: String, width: Double, height: Double, body: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" " +
            "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"\(escape(title))\">\n" +
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + body + "</svg>\n"
    }

    /// One heat map's title, cells and axis labels, and the size they take.
    static func heatmapPanel(title: String, rows: [String], columns: [String], values: [[Double]], labels: [[String]],
                             xLabel: String, yLabel: String) -> (body: String, width: Double, height: Double) {
        // Cells as wide as the widest column name or label, rows' names right of the rotated axis label.
        let cell = max(34, 10 + ((columns + labels.flatMap { $0 }).map { textWidth($0, size: 12) }.max() ?? 0))
        let left = max(90, 40 + (rows.map { textWidth($0, size: 12) }.max() ?? 0)), top = 60.0
        let width = max(left + cell * Double(columns.count) + 30, 320), height = top + cell * Double(rows.count) + 60
        var out = "<text x=\"\(Int(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(escape(title))</text>\n"
        for (r, name) in rows.enumerated() {
            let y = top + cell * Double(r)
            out += "<text x=\"\(left - 8)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"end\">\(escape(name))</text>\n"
            for c in columns.indices {
                let v = r < values.count && c < values[r].count ? values[r][c] : .nan
                let share = v.isFinite ? min(1, max(0, v)) : 0
                // White (255, 255, 255) to Okabe–Ito blue (0, 114, 178).
                let fill = "rgb(\(Int(255 - 255 * share)),\(Int(255 - 141 * share)),\(Int(255 - 77 * share)))"
                let text = r < labels.count && c < labels[r].count ? labels[r][c] : ""
                let x = left + cell * Double(c)
                out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" fill=\"\(fill)\" stroke=\"#ccc\"><title>\(escape(name)) → \(escape(columns[c])): \(escape(text))</title></rect>" +
                    "<text x=\"\(x + cell / 2)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"middle\" fill=\"\(share > 0.5 ? "white" : "#222")\">\(escape(text))</text>\n"
            }
        }
        for (c, name) in columns.enumerated() {
            out += "<text x=\"\(left + cell * (Double(c) + 0.5))\" y=\"\(top - 6)\" text-anchor=\"middle\">\(escape(name))</text>\n"
        }
        out += "<text x=\"\(left + cell * Double(columns.count) / 2)\" y=\"\(top + cell * Double(rows.count) + 30)\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        out += "<text transform=\"translate(18 \(top + cell * Double(rows.count) / 2)) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        return (out, width, height)
    }
}
