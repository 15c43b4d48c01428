@testable import Explain
import Tensors
import XCTest

final class OcclusionImportanceTests: XCTestCase {
    /// Eight 1 × 4 × 4 images; a classifier that reads pixel (0, 0) (class 1 when it is above 0.5). Group a's images
    /// carry their label there, group b's a 0 — so b's accuracy is its share of class 0, and only the top-left cell matters.
    func images() throws -> (x: Tensor, labels: [Int], groups: [Int]) {
        let labels = [1, 1, 0, 1, 1, 0, 0, 1], groups = [0, 0, 0, 0, 1, 1, 1, 1]
        var values = [Float](repeating: 0.25, count: 8 * 16)
        for i in 0..<8 { values[i * 16] = groups[i] == 0 ? Float(labels[i]) : 0 }
        return (try Tensor(shape: [8, 1, 4, 4], storage: values), labels, groups)
    }

    func classify(_ x: Tensor) -> [Int] { (0..<x.shape[0]).map { x.storage[$0 * 16] > 0.5 ? 1 : 0 } }

    /// The drops by hand: occluding the top-left cell with 0 sends every prediction to class 0.
    func testDropsOfTheReadRegionOnly() throws {
        let (x, labels, groups) = try images()
        let r = try OcclusionImportance(images: x, labels: labels, groups: groups, groupNames: ["a", "b"], patch: 2, fill: [0], classify: classify)
        XCTAssertEqual(r.baseline, .init(overall: 6.0 / 8, byGroup: [1, 0.5]))
        XCTAssertEqual(r.baseline.gap, 0.5)
        XCTAssertEqual([r.gridRows, r.gridColumns, r.cells], [2, 2, 4])
        XCTAssertEqual(r.sizes, [4, 4])
        XCTAssertEqual(r.groupDrop(0), [0.75, 0, 0, 0])     // a: 1 → 0.25 (one of its four is class 0)
        XCTAssertEqual(r.groupDrop(1), [0, 0, 0, 0])        // b already predicted 0 everywhere
        XCTAssertEqual(r.overallDrop, [3.0 / 8, 0, 0, 0])
        XCTAssertEqual(r.gapDrop, [0.5 - 0.25, 0, 0, 0])    // the gap 0.5 narrows to |0.25 − 0.5|
        XCTAssertEqual(r.region(0).y, 0..<2)
        XCTAssertEqual(r.region(3).x, 2..<4)
    }

    /// A patch that does not divide the image leaves smaller edge cells; the default fill is each channel's mean.
    func testEdgeCellsAndMeanFill() throws {
        let (x, labels, groups) = try images()
        let r = try OcclusionImportance(images: x, labels: labels, groups: groups, groupNames: ["a", "b"], patch: 3, classify: classify)
        XCTAssertEqual([r.gridRows, r.gridColumns], [2, 2])
        XCTAssertEqual(r.region(3).y, 3..<4)
        let mean = x.storage.reduce(0, +) / Float(x.numel)
        XCTAssertEqual(r.fill[0], mean, accuracy: 1e-6)
        XCTAssertEqual(OcclusionImportance.defaultPatch([1, 28, 28]), 7)
        XCTAssertEqual(OcclusionImportance.defaultPatch([3, 2, 2]), 1)
    }

    /// A group without images has NaN accuracy and stays out of the gap.
    func testEmptyGroupIsNaNAndOutOfTheGap() throws {
        let (x, labels, groups) = try images()
        let r = try OcclusionImportance(images: x, labels: labels, groups: groups, groupNames: ["a", "b", "c"], patch: 2, fill: [0], classify: classify)
        XCTAssertTrue(r.baseline.byGroup[2].isNaN)
        XCTAssertEqual(r.baseline.gap, 0.5)
    }

    /// Bad input is an error naming what is wrong, never a trap.
    func testBadInput() throws {
        let (x, labels, groups) = try images()
        func fails(_ message: String, _ f: () throws -> Void) {
            XCTAssertThrowsError(try f()) { XCTAssertTrue("\($0)".contains(message), "\($0)") }
        }
        fails("patch must be 1 to 4") { _ = try OcclusionImportance(images: x, labels: labels, groups: groups, groupNames: ["a", "b"], patch: 0, classify: classify) }
        fails("patch must be 1 to 4") { _ = try OcclusionImportance(images: x, labels: labels, groups: groups, groupNames: ["a", "b"], patch: 5, classify: classify) }
        fails("(N, C, H, W)") { _ = try OcclusionImportance(images: try x.reshape([8, 16]), labels: labels, groups: groups, groupNames: ["a", "b"], patch: 1, classify: classify) }
        fails("8 images but 7 labels") { _ = try OcclusionImportance(images: x, labels: Array(labels.dropLast()), groups: groups, groupNames: ["a", "b"], patch: 1, classify: classify) }
        fails("one finite number per channel") { _ = try OcclusionImportance(images: x, labels: labels, groups: groups, groupNames: ["a", "b"], patch: 1, fill: [0, 1], classify: classify) }
        fails("names no group") { _ = try OcclusionImportance(images: x, labels: labels, groups: groups, groupNames: ["a"], patch: 1, classify: classify) }
        fails("gave 1 predictions") { _ = try OcclusionImportance(images: x, labels: labels, groups: groups, groupNames: ["a", "b"], patch: 1) { _ in [0] } }
    }
}
