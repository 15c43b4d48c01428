@testable import Datasets
import XCTest

/// The settings behind `Dataset:split`, `:sample` and `data.DataLoader`: their defaults, and that they give what the
/// explicit calls give.
final class SplitTests: XCTestCase {
    func testSettingsDefaultsAndEquivalence() throws {
        let (train, _) = try BundledDatasets.adult()
        let (a, b) = try train.split(Dataset.SplitSettings())
        XCTAssertEqual(a.count, Int((0.7 * Double(train.count)).rounded()), accuracy: 1)
        XCTAssertEqual(a.count + b.count, train.count)
        var s = Dataset.SplitSettings()
        (s.ratio, s.seed, s.stratify) = (0.5, 3, ["label"])
        let (c, _) = try train.split(s), (d, _) = try train.split(ratio: 0.5, seed: 3, stratify: ["label"])
        XCTAssertEqual(try c.labels(), try d.labels())
        XCTAssertEqual(try train.sample(Dataset.SampleSettings()).count, train.count)
        var n = Dataset.SampleSettings()
        (n.n, n.seed) = (10, 2)
        XCTAssertEqual(try train.sample(n).labels(), try train.sample(10, replace: false, weights: nil, seed: 2).labels())
        let loader = try DataLoader(train, settings: DataLoader.Settings())
        XCTAssertEqual(loader.batchSize, 32)
        XCTAssertEqual(loader.count, (train.count + 31) / 32)
    }
}
