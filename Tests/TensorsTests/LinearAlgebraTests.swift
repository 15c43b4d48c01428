import XCTest
@testable import Tensors

final class LinearAlgebraTests: XCTestCase {
    func testMatmulMatchesNaiveLoop() throws {
        Tensor.seed(3)
        let a = try Tensor.randn([7, 5]), b = try Tensor.randn([5, 3])
        let c = try a.mm(b)
        for i in 0..<7 {
            for j in 0..<3 {
                var s: Float = 0
                for k in 0..<5 { s += a.storage[i * 5 + k] * b.storage[k * 3 + j] }
                XCTAssertEqual(c.storage[i * 3 + j], s, accuracy: 1e-5)
            }
        }
        XCTAssertEqual(try a.mm(Tensor([1, 0, 0, 0, 0])).storage, (0..<7).map { a.storage[$0 * 5] })
        XCTAssertThrowsError(try a.mm(a)) { e in
            XCTAssertEqual(String(describing: e), "'mm': cannot multiply [7, 5] by [7, 5]")
        }
    }

    func testTransposePermuteDotOuter() throws {
        let a = try Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try a.t().storage, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(try a.reshape([1, 2, 3]).permute([2, 0, 1]).shape, [3, 1, 2])
        XCTAssertEqual(try Tensor([1, 2]).dot(Tensor([3, 4])).item(), 11)
        XCTAssertEqual(try Tensor([1, 2]).outer(Tensor([3, 4])).storage, [3, 4, 6, 8])
    }

    func testSolveAndCholesky() throws {
        let a = try Tensor(shape: [2, 2], storage: [4, 2, 2, 3])
        let x = try a.solve(Tensor([2, 1]))
        XCTAssertEqual(x.storage[0], 0.5, accuracy: 1e-6)
        XCTAssertEqual(x.storage[1], 0, accuracy: 1e-6)
        let l = try a.cholesky()
        XCTAssertEqual(try l.mm(l.t()).storage, a.storage)
        XCTAssertThrowsError(try Tensor(shape: [2, 2], storage: [1, 2, 2, 4]).solve(Tensor([1, 1])))
    }
}
