import Datasets
@testable import Explain
import Foundation
import Learning
import Tensors
import XCTest

final class PermutationImportanceTests: XCTestCase {
    /// The ranking equals scikit-learn's permutation_importance for the same logistic regression.
    func testRankingEqualsScikitLearn() throws {
        let path = "/" + #filePath.split(separator: "/").dropLast(2).joined(separator: "/") + "/reference/explain_reference.json"
        let ref = try XCTUnwrap(try JSONSerialization.jsonObject(with: try XCTUnwrap(FileManager.default.contents(atPath: path))) as? [String: Any])
        let names = try XCTUnwrap(ref["features"] as? [String])
        let (train, test) = try BundledDatasets.adult()
        let data = try AdultMatrix(names: names, train: train, test: test)
        let model = try LogisticRegression(tolerance: 1e-10)
        try model.fit(data.train, try train.labels().map(Double.init))
        let xt = data.test, yt = try test.labels().map(Double.init)
        let result = try PermutationImportance(x: xt, features: names, columns: names.indices.map { [$0] }, repeats: 10, seed: 0) { x in
            let p = try model.predict(x)
            return Double(zip(p, yt).filter { $0 == $1 }.count) / Double(yt.count)
        }
        XCTAssertEqual(result.ranking.map(\.feature), try XCTUnwrap(ref["ranking"] as? [String]))
        let mean = try XCTUnwrap(ref["mean"] as? [Double]), std = try XCTUnwrap(ref["std"] as? [Double])
        for j in names.indices { XCTAssertEqual(result.mean[j], mean[j], accuracy: 3 * max(std[j], result.std[j]) + 1e-3, names[j]) }
    }

    /// A cancellation request stops the repeats (Ctrl-C within 0.5 s): the score runs once for the baseline
    /// and once more at most.
    func testCancellationStopsTheRepeats() throws {
        defer { Cancellation.reset() }
        let x = try Tensor(shape: [4, 1], storage: [1, 2, 3, 4])
        var scores = 0
        XCTAssertThrowsError(try PermutationImportance(x: x, features: ["a"], columns: [[0]], repeats: 1_000_000, seed: 0) { _ in
            scores += 1
            if scores == 2 { Cancellation.request() }
            return 0
        }) { XCTAssertTrue($0 is Cancelled) }
        XCTAssertEqual(scores, 2)
    }

    func testBadInput() throws {
        XCTAssertThrowsError(try PermutationImportance(x: Tensor([1, 2]), features: ["a"], columns: [[0]], repeats: 1, seed: 0) { _ in 0 })
        let x = try Tensor(shape: [2, 1], storage: [1, 2])
        XCTAssertThrowsError(try PermutationImportance(x: x, features: ["a"], columns: [[3]], repeats: 1, seed: 0) { _ in 0 })
    }
}

final class PartialDependenceTests: XCTestCase {
    /// With scikit-learn's own coefficients the averages equal its partial_dependence within 1e-6 (the
    /// features are Float32 here, so the grid agrees to 1e-5).
    func testAveragesAndGridEqualScikitLearn() throws {
        let path = "/" + #filePath.split(separator: "/").dropLast(2).joined(separator: "/") + "/reference/explain_reference.json"
        let ref = try XCTUnwrap(try JSONSerialization.jsonObject(with: try XCTUnwrap(FileManager.default.contents(atPath: path))) as? [String: Any])
        let names = try XCTUnwrap(ref["features"] as? [String])
        let pd = try XCTUnwrap(ref["partial_dependence"] as? [String: Any])
        let (train, test) = try BundledDatasets.adult()
        let data = try AdultMatrix(names: names, train: train, test: test)
        let coef = try XCTUnwrap(ref["coef"] as? [Double]), intercept = try XCTUnwrap(ref["intercept"] as? Double)
        func predict(_ x: Tensor) -> [Double] {
            (0..<x.shape[0]).map { i in
                let z = intercept + (0..<coef.count).reduce(0) { $0 + coef[$1] * Double(x.storage[i * coef.count + $1]) }
                return 1 / (1 + exp(-z))
            }
        }
        for (j, name) in names.enumerated() {
            let column = (0..<test.count).map { data.test.storage[$0 * names.count + j] }
            guard let r = pd[name] as? [String: Any] else {
                XCTAssertThrowsError(try PartialDependence.grid(column, resolution: 20, percentiles: (0.05, 0.95)), name)
                continue
            }
            let grid = try PartialDependence.grid(column, resolution: 20, percentiles: (0.05, 0.95))
            let refGrid = try XCTUnwrap(r["grid"] as? [Double]), refAverage = try XCTUnwrap(r["average"] as? [Double])
            XCTAssertEqual(grid.count, refGrid.count, name)
            for (a, b) in zip(grid, refGrid) { XCTAssertEqual(Double(a), b, accuracy: 1e-5, name) }
            let result = try PartialDependence(x: data.test, columns: [j], grid: grid.map { [$0] }, labels: grid.map { "\($0)" },
                                               individual: true) { predict($0) }
            for (a, b) in zip(result.average, refAverage) { XCTAssertEqual(a, b, accuracy: 1e-6, name) }
            XCTAssertEqual(result.individual?.count, test.count)
        }
        // Two features: the average over the 5 × 5 product grid, first feature varying slowest.
        let two = try XCTUnwrap(ref["partial_dependence_2d"] as? [String: Any])
        let refGrids = try XCTUnwrap(two["grid"] as? [[Double]]), refAverage = try XCTUnwrap(two["average"] as? [[Double]])
        let columns = try XCTUnwrap(two["features"] as? [String]).compactMap { names.firstIndex(of: $0) }
        let grids = try columns.map { j in
            try PartialDependence.grid((0..<test.count).map { data.test.storage[$0 * names.count + j] }, resolution: 5, percentiles: (0.05, 0.95))
        }
        for (g, r) in zip(grids, refGrids) { for (a, b) in zip(g, r) { XCTAssertEqual(Double(a), b, accuracy: 1e-5) } }
        let product = grids[0].flatMap { a in grids[1].map { b in [a, b] } }
        let result = try PartialDependence(x: data.test, columns: columns, grid: product, labels: product.map { "\($0)" }, individual: false) { predict($0) }
        for (k, value) in result.average.enumerated() { XCTAssertEqual(value, refAverage[k / 5][k % 5], accuracy: 1e-6) }
    }
}

/// Adult's numeric features standardised with the training statistics (population deviation).
struct AdultMatrix {
    let train: Tensor, test: Tensor

    init(names: [String], train: Dataset, test: Dataset) throws {
        let stats = try names.map { name -> (Double, Double) in
            guard case let .numeric(v) = try train.column(name) else { return (0, 1) }
            let m = v.reduce(0, +) / Double(v.count)
            return (m, (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot())
        }
        func matrix(_ ds: Dataset) throws -> Tensor {
            let cols = try names.map { name -> [Double] in
                guard case let .numeric(v) = try ds.column(name) else { return [] }
                return v
            }
            var values = [Float](repeating: 0, count: ds.count * names.count)
            for i in 0..<ds.count { for j in names.indices { values[i * names.count + j] = Float((cols[j][i] - stats[j].0) / stats[j].1) } }
            return try Tensor(shape: [ds.count, names.count], storage: values)
        }
        self.train = try matrix(train)
        self.test = try matrix(test)
    }
}
