import Datasets
@testable import Fairness
import Foundation
import XCTest

final class PreprocessingTests: XCTestCase {
    nonisolated(unsafe) static let reference: [String: Any] = {
        guard let data = FileManager.default.contents(atPath: Reference.directory + "/mitigation_reference.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    func train() throws -> Dataset {
        let (train, _) = try BundledDatasets.adult()
        return try Dataset(table: train.table, label: "income", positive: [">50K"], sensitive: ["sex"])
    }

    func testReweighingEqualsAIF360() throws {
        let ds = try train()
        var rw = Reweighing(sensitive: ["sex"])
        try rw.fit(ds)
        let ref = try XCTUnwrap(Self.reference["reweighing"] as? [String: [Double]])
        for (group, cells) in ref {
            for y in 0...1 { XCTAssertEqual(try XCTUnwrap(rw.weights[group])[y], cells[y], accuracy: 1e-12, "\(group) \(y)") }
        }
        // Under the weights, the labels are independent of sex: equal weighted base rates.
        let out = try rw.transform(ds)
        let w = try XCTUnwrap(out.weights), labels = try out.labels(), sex = try out.sensitiveColumn("sex")
        var positive = [0.0, 0.0], total = [0.0, 0.0]
        for i in 0..<out.count { let g = Int(sex.codes[i]); total[g] += w[i]; positive[g] += w[i] * Double(labels[i]) }
        XCTAssertEqual(positive[0] / total[0], positive[1] / total[1], accuracy: 1e-12)
    }

    func testCorrelationRemoverEqualsFairlearn() throws {
        let ds = try train()
        for alpha in ["1.0", "0.5"] {
            var remover = try CorrelationRemover(alpha: Double(alpha)!)
            try remover.fit(ds)
            let out = try remover.transform(ds)
            let ref = try XCTUnwrap((Self.reference["correlation_remover"] as? [String: Any])?[alpha] as? [String: Any])
            let columns = try XCTUnwrap(ref["columns"] as? [String])
            let rows = try XCTUnwrap(ref["rows"] as? [[Double]]), sums = try XCTUnwrap(ref["sums"] as? [Double])
            for (j, name) in columns.enumerated() {
                guard case let .numeric(x) = try out.column(name) else { return XCTFail(name) }
                for (k, row) in rows.enumerated() { XCTAssertEqual(x[k * 1000], row[j], accuracy: 1e-9 * max(1, abs(row[j])), "\(alpha) \(name) row \(k * 1000)") }
                XCTAssertEqual(x.reduce(0, +), sums[j], accuracy: 1e-9 * abs(sums[j]), "\(alpha) \(name) sum")
            }
        }
        XCTAssertThrowsError(try CorrelationRemover(alpha: 1.5))
    }
}
