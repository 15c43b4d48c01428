import Datasets
@testable import Fairness
import XCTest

/// Reweighing by group × class on the digits training folder against NumPy (Tests/reference/generate_multiclass.py).
final class ClassReweighingTests: XCTestCase {
    func testWeightsAreKamiranAndCaldersFormulaPerGroupAndClass() throws {
        let node = MulticlassReference.digits
        let expected = try XCTUnwrap(node["reweighing"] as? [String: [Double]])
        let train = try MulticlassReference.folder("train")
        let r = try ClassReweighing(train)
        XCTAssertEqual(r.groups, ["heavy", "light"])
        for (g, name) in r.groups.enumerated() {
            for (c, w) in try XCTUnwrap(expected[name]).enumerated() { XCTAssertEqual(r.weights[g][c], w, accuracy: 1e-12, "\(name) \(c)") }
        }
        // Under the weights every group has the overall class distribution: Σ w over (g, c) = n_g · P(c).
        let w = r.rowWeights(train)
        let heavy8 = train.labels.indices.filter { train.labels[$0] == 8 && train.groups.value($0) == "heavy" }.reduce(0.0) { $0 + w[$1] }
        XCTAssertEqual(heavy8, 666.0 * 131.0 / 1347.0, accuracy: 1e-9)
    }
}
