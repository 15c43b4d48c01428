import Datasets
import Foundation
@testable import Learning
import Tensors
import XCTest

/// Adult's six numeric features standardised with the training mean and population deviation.
enum AdultNumeric {
    static let names = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]

    static func load() throws -> (x: Tensor, y: [Double], weights: [Double], testX: Tensor, testY: [Double]) {
        let (train, test) = try BundledDatasets.adult()
        func columns(_ ds: Dataset) throws -> [[Double]] {
            try names.map { name in
                guard case let .numeric(v) = try ds.column(name) else { return [] }
                return v
            }
        }
        let c = try columns(train), t = try columns(test)
        let stats = c.map { v -> (Double, Double) in
            let mean = v.reduce(0, +) / Double(v.count)
            return (mean, (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)).squareRoot())
        }
        func matrix(_ cols: [[Double]]) throws -> Tensor {
            let n = cols[0].count
            var values = [Float](repeating: 0, count: n * names.count)
            for i in 0..<n { for j in names.indices { values[i * names.count + j] = Float((cols[j][i] - stats[j].0) / stats[j].1) } }
            return try Tensor(shape: [n, names.count], storage: values)
        }
        let fnlwgt = c[1].map { $0 / 1e5 }
        return (try matrix(c), try train.labels().map(Double.init), fnlwgt, try matrix(t), try test.labels().map(Double.init))
    }
}

final class LogisticRegressionTests: XCTestCase {
    nonisolated(unsafe) static let reference: [String: Any] = {
        let path = "/" + #filePath.split(separator: "/").dropLast(2).joined(separator: "/") + "/reference/learning_reference.json"
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    func check(_ model: LogisticRegression, _ key: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let ref = try XCTUnwrap(Self.reference[key] as? [String: Any])
        let coef = try XCTUnwrap(ref["coef"] as? [Double])
        for (a, b) in zip(model.coefficients, coef) { XCTAssertEqual(a, b, accuracy: 1e-4, key, file: file, line: line) }
        XCTAssertEqual(model.intercept, try XCTUnwrap(ref["intercept"] as? Double), accuracy: 1e-4, key, file: file, line: line)
    }

    func testCoefficientsEqualScikitLearn() throws {
        let data = try AdultNumeric.load()
        let model = try LogisticRegression(c: 1, tolerance: 1e-10)
        try model.fit(data.x, data.y)
        try check(model, "unweighted")
        let accuracy = zip(try model.predict(data.testX), data.testY).filter { $0 == $1 }.count
        let ref = try XCTUnwrap(Self.reference["unweighted"] as? [String: Any])
        XCTAssertEqual(Double(accuracy) / Double(data.testY.count), try XCTUnwrap(ref["test_accuracy"] as? Double), accuracy: 1e-4)

        let weighted = try LogisticRegression(c: 1, tolerance: 1e-10)
        try weighted.fit(data.x, data.y, weights: data.weights)
        try check(weighted, "weighted")

        let strong = try LogisticRegression(c: 0.01, tolerance: 1e-10)
        try strong.fit(data.x, data.y)
        try check(strong, "c_0.01")
    }

    /// Compressed-row storage (used for one-hot designs) gives the dense storage's products.
    func testSparseStorageMatchesDense() throws {
        var generator = RandomGenerator(seed: 9)
        let n = 50, d = 8
        let values = (0..<(n * d)).map { _ in generator.uniform() < 0.2 ? generator.uniform() * 4 - 2 : 0 }
        let x = try Tensor(shape: [n, d], storage: values)
        let y = (0..<n).map { Double($0 % 2) }, s = [Double](repeating: 1, count: n)
        for intercept in [true, false] {
            let p = d + (intercept ? 1 : 0)
            let sparse = LogisticRegression.Problem(x: x, y: y, s: s, c: 1, intercept: intercept, n: n, p: p)
            let dense = LogisticRegression.Problem(x: x, y: y, s: s, c: 1, intercept: intercept, n: n, p: p, allowSparse: false)
            guard case .sparse = sparse.storage, case .dense = dense.storage else { return XCTFail("expected both storages") }
            let beta = (0..<p).map { Double($0) * 0.3 - 1 }, v = (0..<n).map { sin(Double($0)) }
            for (a, b) in zip(try sparse.margins(beta), try dense.margins(beta)) { XCTAssertEqual(a, b, accuracy: 1e-12) }
            for (a, b) in zip(try sparse.transposeTimes(v), try dense.transposeTimes(v)) { XCTAssertEqual(a, b, accuracy: 1e-12) }
            var zs = [Float](repeating: 0, count: n * p), zd = zs
            sparse.scaleRows(v, into: &zs)
            dense.scaleRows(v, into: &zd)
            XCTAssertEqual(zs, zd)
        }
        // A fit on sparse data converges.
        let model = try LogisticRegression(tolerance: 1e-10)
        try model.fit(x, y)
        XCTAssertEqual(model.coefficients.count, d)
        XCTAssertLessThan(model.iterations, 100)
    }

    func testBadInput() throws {
        XCTAssertThrowsError(try LogisticRegression(c: 0))
        let model = try LogisticRegression()
        XCTAssertThrowsError(try model.fit(Tensor([1, 2]), [0, 1], weights: nil))
        XCTAssertThrowsError(try model.fit(try Tensor(shape: [2, 1], storage: [1, 2]), [0, 2], weights: nil)) {
            XCTAssertEqual("\($0)", "LogisticRegression: labels must be 0 or 1, found 2.0")
        }
        XCTAssertThrowsError(try model.predictProbability(try Tensor(shape: [1, 1], storage: [1]))) {
            XCTAssertEqual("\($0)", "LogisticRegression: call fit first")
        }
    }
}
