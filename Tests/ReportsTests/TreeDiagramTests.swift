import Learning
import Reports
import Tensors
import XCTest

final class TreeDiagramTests: XCTestCase {
    /// One box per node with its rule or leaf value and row counts, yes/no edges; deeper nodes folded into "…".
    func testBoxesRulesAndFolding() throws {
        let x = try Tensor(shape: [6, 2], storage: [0, 5, 1, 5, 2, 0, 3, 0, 4, 5, 5, 0])
        let tree = try DecisionTree()
        try tree.fit(x, [0, 0, 1, 1, 0, 1])
        let svg = TreeDiagram.svg(tree.nodes, names: ["a", "b"], title: "T & U")
        XCTAssert(svg.hasPrefix("<svg"))
        XCTAssert(svg.contains("T &amp; U"))
        XCTAssert(svg.contains("b ≤ 2.5"), svg)
        XCTAssert(svg.contains("P(y=1) = 1.000") && svg.contains("P(y=1) = 0.000"), svg)
        XCTAssertEqual(svg.components(separatedBy: "<rect x=").count - 1, 3)
        XCTAssertEqual(svg.components(separatedBy: ">yes<").count - 1, 1)
        let cut = TreeDiagram.svg(tree.nodes, names: ["a", "b"], title: "t", maxDepth: 0)
        XCTAssert(cut.contains("… (6 rows)"), cut)
    }
}
