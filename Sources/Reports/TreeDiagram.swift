import Datasets
import Learning

/// A fitted tree drawn as SVG: one box per node (the split rule, or the leaf's value), rows and weighted
/// rows under it, edges labelled yes (≤, left) and no (>, right); leaves spread evenly, each parent centred over
/// its children; nodes below `maxDepth` are drawn as one "…" box.
public enum TreeDiagram {
    /// The SVG of `tree` with features named by `names`; `valueLabel` names a leaf's value ("P(y=1)").
    public static func svg(_ tree: TreeNodes, names: [String], title: String, valueLabel: String = "P(y=1)", maxDepth: Int = 6) -> String {
        let boxWidth = 150.0, boxHeight = 46.0, levelHeight = 90.0, top = 60.0
        // Leaf slots, left to right, of the tree cut at maxDepth (iteratively, depth first, left subtree first).
        var x = [Double](repeating: 0, count: tree.nodeCount), depth = [Int](repeating: 0, count: tree.nodeCount)
        var cut = [Bool](repeating: false, count: tree.nodeCount)
        var slot = 0.0, order: [Int] = []
        var stack = tree.nodeCount > 0 ? [(node: 0, depth: 0, expanded: false)] : []
        while let (node, d, expanded) = stack.popLast() {
            depth[node] = d
            let isLeaf = tree.feature[node] < 0 || d >= maxDepth
            if isLeaf {
                cut[node] = tree.feature[node] >= 0
                x[node] = slot
                slot += 1
                order.append(node)
            } else if expanded {
                x[node] = (x[Int(tree.left[node])] + x[Int(tree.right[node])]) / 2
                order.append(node)
            } else {
                stack.append((node, d, true))
                stack.append((Int(tree.right[node]), d + 1, false))
                stack.append((Int(tree.left[node]), d + 1, false))
            }
        }
        let width = max(800, slot * (boxWidth + 20) + 40), levels = (depth.max() ?? 0) + 1
        let height = top + Double(levels) * levelHeight + 20
        func cx(_ node: Int) -> Double { 20 + (boxWidth + 20) * x[node] + boxWidth / 2 }
        func cy(_ node: Int) -> Double { top + Double(depth[node]) * levelHeight }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="\(SVGChart.escape(title))">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(Int(width / 2))" y="26" text-anchor="middle" font-size="16" font-weight="bold">\(SVGChart.escape(title))</text>

        """
        for node in order where tree.feature[node] >= 0 && !cut[node] {
            for (child, label) in [(Int(tree.left[node]), "yes"), (Int(tree.right[node]), "no")] {
                let (x1, y1, x2, y2) = (cx(node), cy(node) + boxHeight, cx(child), cy(child))
                out += "<line x1=\"\(SVGChart.number(x1))\" y1=\"\(SVGChart.number(y1))\" x2=\"\(SVGChart.number(x2))\" y2=\"\(SVGChart.number(y2))\" stroke=\"#555\"/>\n"
                out += "<text x=\"\(SVGChart.number((x1 + x2) / 2))\" y=\"\(SVGChart.number((y1 + y2) / 2))\" text-anchor=\"middle\" fill=\"#555\">\(label)</text>\n"
            }
        }
        for node in order {
            let f = Int(tree.feature[node])
            let rule: String
            if cut[node] {
                rule = "… (\(tree.count[node]) rows)"
            } else if f >= 0 {
                rule = "\(f < names.count ? names[f] : "feature_\(f)") ≤ \(formatC("%.4g", tree.threshold[node]))"
            } else {
                rule = "\(valueLabel) = \(formatC("%.3f", tree.value[node]))"
            }
            let fill = f >= 0 && !cut[node] ? "#E8F1F8" : (tree.value[node] > 0.5 ? "#F5D9C4" : "#D6EDE4")
            let left = cx(node) - boxWidth / 2, y = cy(node)
            out += "<rect x=\"\(SVGChart.number(left))\" y=\"\(SVGChart.number(y))\" width=\"\(Int(boxWidth))\" height=\"\(Int(boxHeight))\" rx=\"6\" fill=\"\(fill)\" stroke=\"#333\"/>\n"
            out += "<text x=\"\(SVGChart.number(cx(node)))\" y=\"\(SVGChart.number(y + 19))\" text-anchor=\"middle\">\(SVGChart.escape(rule))</text>\n"
            out += "<text x=\"\(SVGChart.number(cx(node)))\" y=\"\(SVGChart.number(y + 36))\" text-anchor=\"middle\" fill=\"#555\">n = \(tree.count[node]), w = \(formatC("%.4g", tree.cover[node]))</text>\n"
        }
        return out + "</svg>\n"
    }
}
