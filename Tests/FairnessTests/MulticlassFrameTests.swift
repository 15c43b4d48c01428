@testable import Fairness
import XCTest

final class MulticlassFrameTests: XCTestCase {
    /// Macro recall and precision by group equal scikit-learn's classification_report "macro avg" (zero_division = nan),
    /// and the micro recall its accuracy, on the digits predictions (Tests/reference/generate_multiclass.py), to 1e-12.
    func testMacroAndMicroMatchScikitLearn() throws {
        let node = MulticlassReference.digits
        let yTrue = try XCTUnwrap(node["y_true"] as? [Int]).map(Double.init), yPred = try XCTUnwrap(node["y_pred"] as? [Int]).map(Double.init)
        let names = try XCTUnwrap(node["groups"] as? [String])
        let levels = Array(Set(names)).sorted()
        let groups = try GroupIndex(features: [(name: "ink", levels: levels, codes: names.map { Int32(levels.firstIndex(of: $0) ?? 0) })])
        let f = try MulticlassFrame(metrics: [try XCTUnwrap(Metrics.builtIn("tpr")), try XCTUnwrap(Metrics.builtIn("ppv"))], yTrue: yTrue, yPred: yPred,
                                    groups: groups, names: (0..<10).map(String.init))
        let reports = try XCTUnwrap(node["reports"] as? [String: [String: Any]])
        for (g, name) in f.groups.enumerated() {
            let report = try XCTUnwrap(reports[name]), macro = try XCTUnwrap(report["macro avg"] as? [String: Double])
            XCTAssertEqual(f.macro[g][0], try XCTUnwrap(macro["recall"]), accuracy: 1e-12, name)
            XCTAssertEqual(f.macro[g][1], try XCTUnwrap(macro["precision"]), accuracy: 1e-12, name)
            XCTAssertEqual(f.micro[g][0], try XCTUnwrap(report["accuracy"] as? Double), accuracy: 1e-12, name)
        }
        XCTAssertEqual(f.classes.map(\.label), (0..<10).map(String.init))
        XCTAssertThrowsError(try MulticlassFrame(metrics: [], yTrue: [0, 12], yPred: [0, 1], groups: try GroupIndex(features: [(name: "g", levels: ["a"], codes: [0, 0])]),
                                                 names: ["x", "y"])) { XCTAssert("\($0)".contains("12 is not a class index 0..1"), "\($0)") }
    }
}
