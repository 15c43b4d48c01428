import Datasets
import Foundation
@testable import Learning
import Tensors
import XCTest

/// Adult encoded as FairLua's FeatureEncoder encodes it, and the scikit-learn fixture (Tests/reference/generate_trees.py).
enum TreesReference {
    nonisolated(unsafe) static let json: [String: Any] = {
        let path = "/" + #filePath.split(separator: "/").dropLast(2).joined(separator: "/") + "/reference/trees_reference.json"
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    /// The tree fitted with settings `key`.
    static func tree(_ key: String) -> [String: Any] { ((json["trees"] as? [String: Any])?[key] as? [String: Any]) ?? [:] }

    /// (names, x, y, test x, test y): the training schema's encoder on both splits.
    static func adult() throws -> (names: [String], x: Tensor, y: [Double], testX: Tensor, testY: [Double]) {
        let (train, test) = try BundledDatasets.adult()
        let encoder = FeatureEncoder(fitting: train)
        func matrix(_ ds: Dataset) throws -> Tensor {
            let m = try encoder.transform(ds)
            return try Tensor(shape: [m.rows, m.names.count], storage: m.values)
        }
        return (encoder.names, try matrix(train), try train.labels().map(Double.init), try matrix(test), try test.labels().map(Double.init))
    }
}

final class DecisionTreeTests: XCTestCase {
    /// The fixture's settings as a tree.
    func tree(_ settings: [String: Any]) throws -> DecisionTree {
        try DecisionTree(maxDepth: settings["max_depth"] as? Int, minSamplesLeaf: settings["min_samples_leaf"] as? Int ?? 1,
                         minSamplesSplit: settings["min_samples_split"] as? Int ?? 2,
                         criterion: (settings["criterion"] as? String).flatMap(DecisionTree.Criterion.init) ?? .gini)
    }

    /// Fits the fixture tree `key` on the training rows (weights 1 + (i mod 3) for "weighted").
    func fitted(_ key: String, _ adult: (names: [String], x: Tensor, y: [Double], testX: Tensor, testY: [Double])) throws -> (DecisionTree, [String: Any], accuracy: Double) {
        let ref = TreesReference.tree(key)
        let model = try tree(try XCTUnwrap(ref["settings"] as? [String: Any]))
        try model.fit(adult.x, adult.y, weights: key == "weighted" ? (0..<adult.y.count).map { 1 + Double($0 % 3) } : nil)
        let p = try model.predictProbability(adult.testX)
        let accuracy = zip(p, adult.testY).reduce(0.0) { $0 + (($1.0 > 0.5 ? 1 : 0) == $1.1 ? 1 : 0) } / Double(p.count)
        return (model, ref, accuracy)
    }

    /// Where no two splits tie: the same nodes as scikit-learn 1.9's DecisionTreeClassifier (features, children,
    /// thresholds bit for bit, row counts, weighted counts, P(y = 1)), the same export_text and test accuracy.
    func testAdultTreesEqualScikitLearn() throws {
        let adult = try TreesReference.adult()
        XCTAssertEqual(adult.names, TreesReference.json["features"] as? [String])
        for key in ["depth4_leaf10", "entropy_split50", "weighted"] {
            let (model, ref, accuracy) = try fitted(key, adult)
            let nodes = model.nodes
            XCTAssertEqual(nodes.feature.map(Int.init), (ref["feature"] as? [Int])?.map { max($0, -1) }, key)
            XCTAssertEqual(nodes.left.map(Int.init), ref["children_left"] as? [Int], key)
            XCTAssertEqual(nodes.right.map(Int.init), ref["children_right"] as? [Int], key)
            XCTAssertEqual(nodes.count, ref["n_node_samples"] as? [Int], key)
            let thresholds = try XCTUnwrap(ref["threshold"] as? [Double])
            for k in 0..<nodes.nodeCount where nodes.feature[k] >= 0 { XCTAssertEqual(nodes.threshold[k], thresholds[k], "\(key) node \(k)") }
            for (a, b) in zip(nodes.cover, try XCTUnwrap(ref["weighted_n_node_samples"] as? [Double])) { XCTAssertEqual(a, b, accuracy: 1e-9 * b, key) }
            for (a, b) in zip(nodes.value, try XCTUnwrap(ref["p1"] as? [Double])) { XCTAssertEqual(a, b, accuracy: 1e-12, key) }
            XCTAssertEqual(model.text(names: adult.names), ref["export_text"] as? String, key)
            XCTAssertEqual(accuracy, try XCTUnwrap(ref["test_accuracy"] as? Double), accuracy: 1e-12, key)
            let head = try model.predictProbability(try Tensor(shape: [20, adult.names.count], storage: Array(adult.testX.storage.prefix(20 * adult.names.count))))
            for (a, b) in zip(head, try XCTUnwrap(ref["test_proba_head"] as? [Double])) { XCTAssertEqual(a, b, accuracy: 1e-12, key) }
        }
    }

    /// A depth-8 tree meets equally good splits (marital-status=Married-AF-spouse and relationship=Wife select
    /// the same rows in some nodes): scikit-learn picks among them at random, FairLua the lowest feature index.
    /// The nodes above the first tie agree, and the test accuracy is within 0.002.
    func testTiedSplitsStayWithinAccuracy() throws {
        let adult = try TreesReference.adult()
        let (model, ref, accuracy) = try fitted("depth8_gini", adult)
        XCTAssertEqual(model.nodes.feature.prefix(10).map(Int.init), (ref["feature"] as? [Int])?.prefix(10).map { max($0, -1) })
        XCTAssertEqual(accuracy, try XCTUnwrap(ref["test_accuracy"] as? Double), accuracy: 0.002)
    }

    /// Integer weights are exactly row replication: weight 2 on a row grows the tree of that row twice
    /// (with min_samples_leaf 1, where counts do not limit the splits).
    func testIntegerWeightsEqualReplicatedRows() throws {
        let x = try Tensor(shape: [6, 2], storage: [0, 1, 1, 0, 2, 1, 3, 0, 4, 1, 5, 0])
        let y: [Double] = [0, 1, 0, 1, 1, 0]
        let weighted = try DecisionTree(maxDepth: 3)
        try weighted.fit(x, y, weights: [1, 2, 1, 3, 1, 1])
        let rows = [0, 1, 1, 2, 3, 3, 3, 4, 5]
        let replicated = try DecisionTree(maxDepth: 3)
        try replicated.fit(try Tensor(shape: [rows.count, 2], storage: rows.flatMap { [x.storage[2 * $0], x.storage[2 * $0 + 1]] }),
                           rows.map { y[$0] })
        XCTAssertEqual(weighted.nodes.feature, replicated.nodes.feature)
        XCTAssertEqual(weighted.nodes.threshold, replicated.nodes.threshold)
        XCTAssertEqual(weighted.nodes.value, replicated.nodes.value)
        XCTAssertEqual(weighted.nodes.cover, replicated.nodes.cover)
    }

    /// Rows of weight 0 are left out, as if absent (scikit-learn drops them from the splitter).
    func testZeroWeightRowsAreLeftOut() throws {
        let x = try Tensor(shape: [5, 1], storage: [0, 1, 2, 3, 4])
        let with = try DecisionTree()
        try with.fit(x, [0, 1, 0, 1, 1], weights: [1, 0, 1, 1, 1])
        let without = try DecisionTree()
        try without.fit(try Tensor(shape: [4, 1], storage: [0, 2, 3, 4]), [0, 0, 1, 1])
        XCTAssertEqual(with.nodes, without.nodes)
        XCTAssertEqual(with.nodes.threshold[0], 2.5)
    }

    /// A refit of the same matrix with other weights (what the reductions do) uses the cached column order
    /// and still follows the new weights.
    func testRefitWithNewWeightsFollowsThem() throws {
        let x = try Tensor(shape: [4, 1], storage: [0, 1, 2, 3])
        let tree = try DecisionTree(maxDepth: 1)
        try tree.fit(x, [0, 1, 1, 1], weights: [1, 1, 1, 1])
        XCTAssertEqual(tree.nodes.threshold[0], 0.5)
        let copy = tree.blank()
        try copy.fit(x, [0, 0, 1, 1], weights: [1, 1, 1, 1])
        XCTAssertEqual(copy.nodes.threshold[0], 1.5)
        XCTAssertEqual(try copy.predictProbability(x), [0, 0, 1, 1])
    }

    /// The training matrix is scored from the leaves its rows reached in the fit, exactly as a traversal scores a
    /// copy of it; a matrix changed since, and a fit that left rows out (weight 0), are traversed.
    func testTrainingRowsScoreAsTheirLeaves() throws {
        let adult = try TreesReference.adult()
        let tree = try DecisionTree(maxDepth: 4, minSamplesLeaf: 10)
        try tree.fit(adult.x, adult.y, weights: (0..<adult.y.count).map { 1 + Double($0 % 3) })
        let copy = try Tensor(shape: adult.x.shape, storage: adult.x.storage)
        XCTAssertEqual(try tree.predictProbability(adult.x), try tree.predictProbability(copy))
        let x = try Tensor(shape: [5, 1], storage: [0, 1, 2, 3, 4])
        let partial = try DecisionTree()
        try partial.fit(x, [0, 1, 0, 1, 1], weights: [1, 0, 1, 1, 1])
        XCTAssertEqual(try partial.predictProbability(x), [0, 0, 0, 1, 1])
    }

    /// max_features below the feature count draws a seeded subset per node: the same seed, the same tree.
    func testFeatureSubsetsAreSeeded() throws {
        let adult = try TreesReference.adult()
        let rows = 2000, d = adult.names.count
        let x = try Tensor(shape: [rows, d], storage: Array(adult.x.storage.prefix(rows * d)))
        let y = Array(adult.y.prefix(rows))
        func fitted(_ seed: UInt64) throws -> TreeNodes {
            let t = try DecisionTree(maxDepth: 4, maxFeatures: .sqrt, seed: seed)
            try t.fit(x, y)
            return t.nodes
        }
        XCTAssertEqual(try fitted(3), try fitted(3))
        XCTAssertNotEqual(try fitted(3).feature, try fitted(4).feature)
    }

    /// Bad settings and inputs are errors naming the option, never traps.
    func testBadOptionsAndInputsAreErrors() throws {
        XCTAssertThrowsError(try DecisionTree(maxDepth: -1)) { XCTAssert("\($0)".contains("max_depth"), "\($0)") }
        XCTAssertThrowsError(try DecisionTree(minSamplesLeaf: 0)) { XCTAssert("\($0)".contains("min_samples_leaf"), "\($0)") }
        XCTAssertThrowsError(try DecisionTree(minSamplesSplit: 1)) { XCTAssert("\($0)".contains("min_samples_split"), "\($0)") }
        XCTAssertThrowsError(try DecisionTree.MaxFeatures(.nan))
        XCTAssertThrowsError(try DecisionTree.MaxFeatures(9_007_199_254_740_992.0 * 4))
        XCTAssertThrowsError(try DecisionTree.MaxFeatures(named: "half"))
        let t = try DecisionTree()
        XCTAssertThrowsError(try t.predictProbability(try Tensor(shape: [1, 1], storage: [0])))
        let x = try Tensor(shape: [2, 1], storage: [0, .nan])
        XCTAssertThrowsError(try t.fit(x, [0, 1])) { XCTAssert("\($0)".contains("finite"), "\($0)") }
        XCTAssertThrowsError(try t.fit(try Tensor(shape: [2, 1], storage: [0, 1]), [0, 2]))
        XCTAssertThrowsError(try t.fit(try Tensor(shape: [2, 1], storage: [0, 1]), [0, 1], weights: [0, 0])) { XCTAssert("\($0)".contains("sum"), "\($0)") }
        try t.fit(try Tensor(shape: [2, 1], storage: [0, 1]), [0, 1])
        XCTAssertThrowsError(try t.predictProbability(try Tensor(shape: [1, 2], storage: [0, 0])))
    }

    /// Saved and loaded, a tree predicts the same probabilities; its settings come back.
    func testSaveLoadRoundTrip() throws {
        let x = try Tensor(shape: [6, 2], storage: [0, 1, 1, 0, 2, 1, 3, 0, 4, 1, 5, 0])
        let t = try DecisionTree(maxDepth: 2, criterion: .entropy)
        try t.fit(x, [0, 1, 0, 1, 1, 0])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tree-\(UUID().uuidString).fairlua").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FittedModel(t).save(to: path)
        let loaded = try XCTUnwrap(try FittedModel.load(path).estimator as? DecisionTree)
        XCTAssertEqual(loaded.nodes, t.nodes)
        XCTAssertEqual(loaded.criterion, .entropy)
        XCTAssertEqual(loaded.maxDepth, 2)
        XCTAssertEqual(try loaded.predictProbability(x), try t.predictProbability(x))
    }

    /// A model file whose children point backwards (a cycle) is refused, not looped over.
    func testCorruptTreeArchiveIsRefused() throws {
        var archive = EstimatorArchive(kind: "DecisionTree", settings: ["min_samples_leaf": .number(1), "min_samples_split": .number(2),
                                                                        "seed": .number(0), "features": .number(1)])
        archive.tensors = ["feature": .float64([0]), "threshold": .float64([0.5]), "left": .float64([0]), "right": .float64([0]),
                           "value": .float64([0]), "cover": .float64([1]), "count": .float64([1])]
        XCTAssertThrowsError(try DecisionTree.unarchive(archive, .learning)) { XCTAssert("\($0)".contains("node 0"), "\($0)") }
    }
}
