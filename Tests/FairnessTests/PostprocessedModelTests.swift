import Datasets
@testable import Fairness
import Foundation
import Learning
import XCTest

/// Post-processors wrapped around the model they post-process, without Lua: the wrapped model decides as the
/// post-processor does on the model's scores, on any subset, and its file round-trips bit-exactly.
final class PostprocessedModelTests: XCTestCase {
    let path = NSTemporaryDirectory() + "fairlua-postprocessed-\(getpid()).safetensors"
    override func tearDown() { unlink(path) }

    func testEveryPostprocessorWrapsItsModelAndRoundTrips() throws {
        let (train, test) = try BundledDatasets.german().split(ratio: 0.7, seed: 4, stratify: ["label"])
        let baseline = try FittedModel.fit(try LogisticRegression(c: 1), on: train)
        let groups = try GroupIndex(train, sensitive: "sex"), labels = try train.labels().map(Double.init)
        let methods: [any SavablePostprocessor] = [
            try ThresholdOptimizer(), try ConstrainedThresholds(constraint: RateConstraint("selection_rate", form: .difference, tolerance: 0.02, minimum: nil),
                                      objective: ThresholdObjective(metric: try XCTUnwrap(Metrics.builtIn("accuracy")))),
            EqOddsPostprocessing(privileged: "male"), try CalibratedEqOdds(privileged: "male"), try RejectOption(privileged: "male"),
        ]
        guard case let .numeric(months) = try test.column("month") else { return XCTFail("month is numeric") }
        let short = try test.filter(months.map { $0 < 24 })
        for var method in methods {
            XCTAssertThrowsError(try PostprocessedModel.wrapping(baseline, method))
            try method.fit(scores: try baseline.predictProbability(train), labels: labels, groups: groups)
            let model = try PostprocessedModel.wrapping(baseline, method)
            for ds in [test, short] {
                let scores = try baseline.predictProbability(ds), rows = try GroupIndex(ds, sensitive: "sex")
                XCTAssertEqual(try model.predict(ds, seed: 7), try method.predict(scores: scores, groups: rows, seed: 7), "\(type(of: method))")
                XCTAssertEqual(try model.predictProbability(ds), try method.probabilities(scores: scores, groups: rows))
            }
            try model.save(to: path)
            let loaded = try FittedModel.load(path, loader: .fairness)
            XCTAssertEqual(try loaded.predict(test, seed: 7), try model.predict(test, seed: 7))
            XCTAssertEqual(try loaded.predictProbability(short), try model.predictProbability(short))
        }
    }
}
