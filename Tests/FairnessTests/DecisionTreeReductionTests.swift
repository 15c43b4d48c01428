import Datasets
import Fairness
import Foundation
import Learning
import Tensors
import XCTest

/// Fairlearn's quick-start with FairLua's tree: Adult (sex), DecisionTreeClassifier(min_samples_leaf=10,
/// max_depth=4), then ExponentiatedGradient with DemographicParity (Tests/reference/generate_trees.py).
final class DecisionTreeReductionTests: XCTestCase {
    nonisolated(unsafe) static let quickstart: [String: Any] = {
        let path = "/" + #filePath.split(separator: "/").dropLast(2).joined(separator: "/") + "/reference/trees_reference.json"
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object["quickstart"] as? [String: Any] ?? [:]
    }()

    /// The reference value at `phase` ("before", "after"), `split` ("train", "test"), `key`.
    func reference(_ phase: String, _ split: String, _ key: String) throws -> Double {
        try XCTUnwrap(((Self.quickstart[phase] as? [String: Any])?[split] as? [String: Any])?[key] as? Double, "\(phase).\(split).\(key)")
    }

    /// |mean rate(Male) − mean rate(Female)| of per-row rates `p`.
    func gap(_ p: [Double], _ groups: GroupIndex) -> Double {
        var sums = [Double](repeating: 0, count: groups.count), counts = sums
        for i in p.indices {
            sums[Int(groups.codes[i])] += p[i]
            counts[Int(groups.codes[i])] += 1
        }
        let rates = zip(sums, counts).map { $0 / $1 }
        return (rates.max() ?? 0) - (rates.min() ?? 0)
    }

    /// The selection-rate gap by sex: before, the tree's exactly as scikit-learn's (0.154 on the training rows);
    /// after, the randomised mixture's expected gap within 1e-4 of Fairlearn's (≈ 0.015; the issue asks 0.005) on both splits, with the
    /// same number of predictors.
    func testQuickstartGapsMatchFairlearn() throws {
        let (train, test) = try BundledDatasets.adult()
        let encoder = FeatureEncoder(fitting: train)
        func matrix(_ ds: Dataset) throws -> Tensor {
            let m = try encoder.transform(ds)
            return try Tensor(shape: [m.rows, m.names.count], storage: m.values)
        }
        let x = try matrix(train), xt = try matrix(test), y = try train.labels().map(Double.init)
        let groups = try GroupIndex(train, sensitive: "sex"), testGroups = try GroupIndex(test, sensitive: "sex")
        let tree = try DecisionTree(maxDepth: 4, minSamplesLeaf: 10)
        try tree.fit(x, y)
        XCTAssertEqual(gap(try tree.predict(x), groups), try reference("before", "train", "gap"), accuracy: 1e-12)
        XCTAssertEqual(gap(try tree.predict(xt), testGroups), try reference("before", "test", "gap"), accuracy: 1e-12)
        let eg = try ExponentiatedGradient(estimator: try DecisionTree(maxDepth: 4, minSamplesLeaf: 10),
                                           constraint: .parity(.demographicParity, differenceBound: 0.01))
        try eg.fit(x, y, groups: groups)
        XCTAssertEqual(gap(try eg.predictProbability(x), groups), try reference("after", "train", "gap"), accuracy: 1e-4)
        XCTAssertEqual(gap(try eg.predictProbability(xt), testGroups), try reference("after", "test", "gap"), accuracy: 1e-4)
        XCTAssertEqual(Double(eg.predictors.count), try XCTUnwrap((Self.quickstart["after"] as? [String: Any])?["n_predictors"] as? Double))
    }
}
