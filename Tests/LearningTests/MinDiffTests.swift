import Foundation
@testable import Learning
import Tensors
import XCTest

/// MinDiff's MMD penalty by hand, its gradient by finite differences, and its bad input.
final class MinDiffTests: XCTestCase {
    /// p = (½, ½, ¾, ¾) in two groups: within a group k = 1, across exp(−(¼)²/ℓ²) (Gaussian) or exp(−¼/ℓ) (Laplacian),
    /// so MMD² = 2 − 2 k_across for either group against the rest.
    func testTwoGroupsByHand() throws {
        let l3 = Float(Foundation.log(3.0))
        let logits = try Tensor(shape: [4, 1], storage: [0, 0, l3, l3])
        let all = try MinDiff(kernel: .gaussian, weight: 1, length: 0.5, rows: .all)
        XCTAssertEqual(try all(logits, labels: Tensor([0, 1, 0, 1]), groups: [0, 0, 1, 1]).item(), Float(2 - 2 * exp(-0.25)), accuracy: 1e-6)
        let laplacian = try MinDiff(kernel: .laplacian, weight: 2, length: 0.5, rows: .all)
        XCTAssertEqual(try laplacian(logits, labels: Tensor([0, 1, 0, 1]), groups: [0, 0, 1, 1]).item(), Float(2 * (2 - 2 * exp(-0.5))), accuracy: 1e-6)
        // Among the negatives (rows 1–3): group 0 holds ½, ½ and the rest ¾: the same discrepancy.
        let negatives = try MinDiff(kernel: .gaussian, weight: 1, length: 0.5)
        XCTAssertEqual(try negatives(logits, labels: Tensor([0, 0, 0, 1]), groups: [0, 0, 1, 1]).item(), Float(2 - 2 * exp(-0.25)), accuracy: 1e-6)
        // One group among the compared rows: nothing to match.
        XCTAssertEqual(try negatives(logits, labels: Tensor([0, 0, 1, 1]), groups: [0, 0, 1, 1]).item(), 0)
    }

    /// The penalty's gradient matches finite differences, for both kernels and three groups.
    func testGradients() throws {
        let labels = Tensor([0, 0, 1, 0, 0, 1, 0, 0])
        for kernel in MinDiff.Kernel.allCases {
            let penalty = try MinDiff(kernel: kernel, weight: 1.5, length: 0.3)
            let e = try Tensor.gradcheck([try Tensor.randn([8, 1])]) { try penalty($0[0], labels: labels, groups: [0, 1, 2, 0, 1, 2, 0, 1]) }
            XCTAssertLessThan(e, 2e-2, kernel.rawValue)
        }
    }

    func testBadSettingsAndShapes() throws {
        XCTAssertThrowsError(try MinDiff(kernel: "cosine", weight: nil, length: nil, rows: nil)) { XCTAssert("\($0)".contains("kernels: gaussian, laplacian"), "\($0)") }
        XCTAssertThrowsError(try MinDiff(length: 0))
        XCTAssertThrowsError(try MinDiff(weight: -1))
        let penalty = try MinDiff()
        XCTAssertThrowsError(try penalty(try Tensor.zeros([2, 3]), labels: Tensor([0, 1]), groups: [0, 1])) { XCTAssert("\($0)".contains("one logit per row"), "\($0)") }
        let many = MinDiff.maximumRows + 1
        XCTAssertThrowsError(try penalty(try Tensor.zeros([many, 1]), labels: try Tensor.zeros([many]), groups: (0..<many).map { Int32($0 % 2) })) {
            XCTAssert("\($0)".contains("use smaller batches"), "\($0)")
        }
    }
}
