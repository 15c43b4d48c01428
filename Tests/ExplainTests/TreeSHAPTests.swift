@testable import Explain
import Foundation
import Learning
import Tensors
import XCTest

final class TreeSHAPTests: XCTestCase {
    /// shap_reference.json (Tests/reference/generate_shap.py: shap 0.51's TreeExplainer on scikit-learn and LightGBM trees).
    nonisolated(unsafe) static let reference: [String: Any] = {
        let path = "/" + #filePath.split(separator: "/").dropLast(2).joined(separator: "/") + "/reference/shap_reference.json"
        return (FileManager.default.contents(atPath: path).flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]) ?? [:]
    }()

    /// A tree from one exported record of the reference.
    static func tree(_ record: Any?, features: Int) throws -> TreeNodes {
        let r = try XCTUnwrap(record as? [String: Any])
        func ints(_ key: String) throws -> [Int] { try XCTUnwrap(r[key] as? [Int], key) }
        func doubles(_ key: String) throws -> [Double] { try XCTUnwrap(r[key] as? [NSNumber], key).map(\.doubleValue) }
        return try TreeNodes(feature: try ints("feature"), threshold: try doubles("threshold"), left: try ints("left"), right: try ints("right"),
                             value: try doubles("value"), cover: try doubles("cover"), features: features)
    }

    /// The explained rows of the reference as a Float32 matrix.
    static func rows() throws -> (x: Tensor, features: Int) {
        let x = try XCTUnwrap(reference["x"] as? [[NSNumber]])
        let d = try XCTUnwrap(reference["features"] as? [String]).count
        return (try Tensor(shape: [x.count, d], storage: x.flatMap { $0.map(\.floatValue) }), d)
    }

    /// Every attribution within `tolerance` of shap's, and each row's sum equal to margin − expected value to 1e-6.
    func check(_ ensemble: TreeEnsemble, key: String, margins: [Double], tolerance: Double, tableDepth: Int = TreeSHAP.tableDepth,
               file: StaticString = #filePath, line: UInt = #line) throws {
        let record = try XCTUnwrap(Self.reference[key] as? [String: Any])
        let (x, d) = try Self.rows()
        let expected = try XCTUnwrap(record["shap"] as? [[NSNumber]])
        let result = try TreeSHAP(ensemble, x: x, tableDepth: tableDepth)
        XCTAssertEqual(result.expectedValue, try XCTUnwrap(record["expected_value"] as? Double), accuracy: 1e-9, file: file, line: line)
        var worst = 0.0
        for r in 0..<x.shape[0] {
            for j in 0..<d { worst = max(worst, abs(result.values[r * d + j] - expected[r][j].doubleValue)) }
            XCTAssertEqual(result.row(r).reduce(0, +), margins[r] - result.expectedValue, accuracy: 1e-6, file: file, line: line)
        }
        XCTAssertLessThan(worst, tolerance, "largest difference from shap", file: file, line: line)
    }

    /// shap's TreeExplainer on scikit-learn's depth-6 tree: the same attributions of P(y = 1), to 1e-12.
    func testScikitLearnTreeEqualsShap() throws {
        let d = try Self.rows().features
        let record = try XCTUnwrap(Self.reference["sklearn"] as? [String: Any])
        let tree = try Self.tree(record["tree"], features: d)
        let ensemble = try TreeEnsemble(trees: [tree], base: 0, features: d, margin: .probability)
        let proba = try XCTUnwrap(record["proba"] as? [Double])
        XCTAssertEqual(tree.predict(try Self.rows().x, features: d), proba)
        try check(ensemble, key: "sklearn", margins: proba, tolerance: 1e-12)
        try check(ensemble, key: "sklearn", margins: proba, tolerance: 1e-12, tableDepth: 0)
    }

    /// shap's TreeExplainer on LightGBM's 100 trees × 31 leaves: the same attributions of the log-odds, to 1e-9,
    /// through the leaf tables and through synthetic division alike.
    func testLightGBMTreesEqualShap() throws {
        let d = try Self.rows().features
        let record = try XCTUnwrap(Self.reference["lightgbm"] as? [String: Any])
        let trees = try XCTUnwrap(record["trees"] as? [Any]).map { try Self.tree($0, features: d) }
        XCTAssertEqual(trees.count, 100)
        let ensemble = try TreeEnsemble(trees: trees, base: 0, features: d, margin: .logOdds)
        let margins = try XCTUnwrap(record["margin"] as? [Double])
        try check(ensemble, key: "lightgbm", margins: margins, tolerance: 1e-9)
        try check(ensemble, key: "lightgbm", margins: margins, tolerance: 1e-9, tableDepth: 0)
    }

    /// The exact Shapley values of E[f | x_S] (the tree's cover-weighted expectation, the paper's Algorithm 1),
    /// by enumerating every subset, on a small fitted tree with a feature split twice on one path.
    func testEqualsBruteForceShapley() throws {
        var random = RandomGenerator(seed: 3)
        let n = 300, d = 4
        var storage: [Float] = [], labels: [Double] = []
        for _ in 0..<n {
            let row = (0..<d).map { _ in Float(random.uniformDouble() * 4).rounded() }
            storage += row
            labels.append(row[0] + row[1] * row[2] - row[3] + Float(random.uniformDouble() * 2) > 3 ? 1 : 0)
        }
        let x = try Tensor(shape: [n, d], storage: storage)
        let tree = try DecisionTree(maxDepth: 5, minSamplesLeaf: 3)
        try tree.fit(x, labels)
        let nodes = tree.nodes
        func expectation(_ row: ArraySlice<Float>, _ present: Int, _ node: Int = 0) -> Double {
            let f = Int(nodes.feature[node])
            if f < 0 { return nodes.value[node] }
            let (l, r) = (Int(nodes.left[node]), Int(nodes.right[node]))
            if present & (1 << f) != 0 { return expectation(row, present, Double(row[row.startIndex + f]) <= nodes.threshold[node] ? l : r) }
            return (nodes.cover[l] * expectation(row, present, l) + nodes.cover[r] * expectation(row, present, r)) / nodes.cover[node]
        }
        func factorial(_ k: Int) -> Double { k <= 1 ? 1 : Double(k) * factorial(k - 1) }
        let result = try TreeSHAP(try tree.treeEnsemble(), x: x)
        XCTAssertEqual(result.expectedValue, expectation([0, 0, 0, 0], 0), accuracy: 1e-12)
        for r in 0..<20 {
            let row = storage[(r * d)..<((r + 1) * d)]
            for i in 0..<d {
                var phi = 0.0
                for s in 0..<(1 << d) where s & (1 << i) == 0 {
                    let size = s.nonzeroBitCount
                    phi += factorial(size) * factorial(d - size - 1) / factorial(d) * (expectation(row, s | (1 << i)) - expectation(row, s))
                }
                XCTAssertEqual(result.values[r * d + i], phi, accuracy: 1e-12, "row \(r), feature \(i)")
            }
        }
    }

    /// FairLua's own boosted model: attributions add up to its margin minus the expected value, and both cores give
    /// the rows what one core gives them.
    func testBoostedAttributionsAddUpToTheMargin() throws {
        var random = RandomGenerator(seed: 5)
        let n = 500, d = 6
        let storage = (0..<(n * d)).map { _ in Float(random.uniformDouble()) }
        let labels = (0..<n).map { i in storage[i * d] + storage[i * d + 1] * storage[i * d + 2] > 0.7 ? 1.0 : 0.0 }
        let x = try Tensor(shape: [n, d], storage: storage)
        let model = try GradientBoosting(rounds: 20, numLeaves: 8, minChildSamples: 5)
        try model.fit(x, labels)
        let result = try TreeSHAP(try model.treeEnsemble(), x: x)
        let margins = try model.margins(x)
        for r in 0..<n { XCTAssertEqual(result.row(r).reduce(0, +), margins[r] - result.expectedValue, accuracy: 1e-9) }
        let head = try TreeSHAP(try model.treeEnsemble(), x: try Tensor(shape: [10, d], storage: Array(storage.prefix(10 * d))))
        for k in head.values.indices { XCTAssertEqual(head.values[k], result.values[k], accuracy: 1e-12) }
    }

    /// Bad input says what is wrong: a shared subtree, a zero cover, data of the wrong width.
    func testBadTreesAndDataAreRefused() throws {
        XCTAssertThrowsError(try TreeNodes(feature: [0, 1, -1, -1], threshold: [0, 0, 0, 0], left: [1, 2, -1, -1], right: [2, 3, -1, -1],
                                           value: [0, 0, 1, 2], cover: [4, 2, 2, 1], features: 2)) {
            XCTAssertTrue("\($0)".contains("child of two nodes"), "\($0)")
        }
        let zero = try TreeNodes(feature: [0, -1, -1], threshold: [0.5, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, 0, 1],
                                 cover: [0, 0, 0], features: 1)
        XCTAssertThrowsError(try TreeEnsemble(trees: [zero], base: 0, features: 1, margin: .probability)) {
            XCTAssertTrue("\($0)".contains("no training cover"), "\($0)")
        }
        let tree = try TreeNodes(feature: [0, -1, -1], threshold: [0.5, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, 0, 1],
                                 cover: [2, 1, 1], features: 1)
        let ensemble = try TreeEnsemble(trees: [tree], base: 0, features: 1, margin: .probability)
        XCTAssertThrowsError(try TreeSHAP(ensemble, x: try Tensor(shape: [2, 3], storage: [0, 0, 0, 1, 1, 1]))) {
            XCTAssertTrue("\($0)".contains("expects (rows, 1)"), "\($0)")
        }
        let one = try TreeSHAP(ensemble, x: try Tensor(shape: [2, 1], storage: [0, 1]))
        XCTAssertEqual(one.values, [-0.5, 0.5])
        XCTAssertEqual(one.expectedValue, 0.5)
    }
}
