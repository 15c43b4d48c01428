import Datasets
@testable import Fairness
import Foundation
import XCTest

/// Multiclass metrics by group against scikit-learn's classification_report (Tests/reference/generate_multiclass.py).
final class ClassificationReportTests: XCTestCase {
    /// Checks the model's reports on `name`'s rows against scikit-learn's, per group and overall, to 1e-12.
    func check(_ name: String, classes: Int) throws {
        let node = try XCTUnwrap(MulticlassReference.json[name] as? [String: Any])
        let yTrue = try XCTUnwrap(node["y_true"] as? [Int]), yPred = try XCTUnwrap(node["y_pred"] as? [Int])
        let groups = try XCTUnwrap(node["groups"] as? [String]), expected = try XCTUnwrap(node["reports"] as? [String: [String: Any]])
        let rows = try GroupedClasses(classes: (0..<classes).map(String.init), labels: yTrue, groups: CategoricalColumn(values: groups))
        let model = try ClassModelBias(test: rows, probabilities: MulticlassReference.oneHot(yPred, classes: classes), groups: Set(groups).sorted())
        let reports = [("overall", model.overall)] + zip(model.groups, model.byGroup).map { ($0, $1) }
        XCTAssertEqual(reports.count, expected.count)
        for (group, report) in reports {
            let sk = try XCTUnwrap(expected[group])
            func number(_ v: Any?) -> Double? { v is NSNull ? .nan : (v as? NSNumber)?.doubleValue }
            XCTAssert(close(report.accuracy, number(sk["accuracy"]), 1e-12), "\(name) \(group) accuracy")
            for c in 0..<classes {
                let row = try XCTUnwrap(sk[String(c)] as? [String: Any])
                XCTAssert(close(report.precision[c], number(row["precision"]), 1e-12), "\(name) \(group) precision \(c)")
                XCTAssert(close(report.recall[c], number(row["recall"]), 1e-12), "\(name) \(group) recall \(c)")
                XCTAssert(close(report.f1[c], number(row["f1-score"]), 1e-12), "\(name) \(group) f1 \(c)")
                XCTAssertEqual(Double(report.support[c]), number(row["support"]), "\(name) \(group) support \(c)")
            }
            for (key, average) in [("macro avg", report.macro), ("weighted avg", report.weighted)] {
                let row = try XCTUnwrap(sk[key] as? [String: Any])
                XCTAssert(close(average.precision, number(row["precision"]), 1e-12), "\(name) \(group) \(key) precision")
                XCTAssert(close(average.recall, number(row["recall"]), 1e-12), "\(name) \(group) \(key) recall")
                XCTAssert(close(average.f1, number(row["f1-score"]), 1e-12), "\(name) \(group) \(key) f1")
            }
        }
    }

    func testDigitsPredictionsByGroupMatchScikitLearn() throws { try check("digits", classes: 10) }

    func testClassesAbsentFromAGroupAreNaNAndLeftOutOfTheMacroAverage() throws { try check("small", classes: 4) }
}
