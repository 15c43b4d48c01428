import XCTest
@testable import Tensors

final class ReductionTests: XCTestCase {
    let m = try! Tensor(shape: [2, 3], storage: [1, 5, 3, 4, 2, 6])

    func testFullReductionsAreZeroD() throws {
        XCTAssertEqual(try m.sum().shape, [])
        XCTAssertEqual(try m.sum().item(), 21)
        XCTAssertEqual(try m.mean().item(), 3.5)
        XCTAssertEqual(try m.max().item(), 6)
        XCTAssertEqual(try m.argmin().item(), 0)
        XCTAssertEqual(try m.prod().item(), 720)
        XCTAssertEqual(try m.variance().item(), 3.5, accuracy: 1e-6)
        XCTAssertEqual(try m.std(unbiased: false).item(), 1.7078251, accuracy: 1e-6)
    }

    func testReductionsAlongADimension() throws {
        XCTAssertEqual(try m.sum(dim: 0).storage, [5, 7, 9])
        XCTAssertEqual(try m.sum(dim: 1, keepdim: true).shape, [2, 1])
        XCTAssertEqual(try m.max(dim: 1).storage, [5, 6])
        XCTAssertEqual(try m.argmax(dim: 1).storage, [1, 2])
        XCTAssertEqual(try m.cumsum(dim: 1).storage, [1, 6, 9, 4, 6, 12])
        XCTAssertThrowsError(try m.sum(dim: 2)) { e in
            XCTAssertEqual(String(describing: e), "'sum': dimension 3 out of range for a 2-d tensor (valid: 1..2)")
        }
    }

    func testSumOfManyValuesIsAccurate() throws {
        let t = try Tensor.full([1_000_001], 0.1)
        XCTAssertEqual(try t.sum().item(), 100_000.1, accuracy: 0.5)
    }

    func testSortTopkUnique() throws {
        let v = Tensor([3, 1, 2, 1])
        let (values, indices) = try v.sort()
        XCTAssertEqual(values.storage, [1, 1, 2, 3])
        XCTAssertEqual(indices.storage, [1, 3, 2, 0])
        XCTAssertEqual(try v.topk(2).values.storage, [3, 2])
        let (u, counts) = v.unique()
        XCTAssertEqual(u.storage, [1, 2, 3])
        XCTAssertEqual(counts.storage, [2, 1, 1])
    }
}
