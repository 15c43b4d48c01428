import XCTest
@testable import Tensors

final class TensorTests: XCTestCase {
    func testFactories() throws {
        XCTAssertEqual(try Tensor.arange(0, 1, 0.25).storage, [0, 0.25, 0.5, 0.75])
        XCTAssertEqual(try Tensor.arange(5, 0, -2).storage, [5, 3, 1])
        XCTAssertEqual(try Tensor.linspace(0, 1, 5).storage, [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(try Tensor.eye(2, 3).storage, [1, 0, 0, 0, 1, 0])
        XCTAssertThrowsError(try Tensor(shape: [2, 2], storage: [1, 2, 3]))
    }

    func testNestedValuesAndRaggedTables() throws {
        let t = try Tensor.nested(.list([.list([.number(1), .number(2)]), .list([.number(3), .number(4)])]))
        XCTAssertEqual(t.shape, [2, 2])
        XCTAssertThrowsError(try Tensor.nested(.list([.list([.number(1)]), .number(2)])))
        XCTAssertEqual(try Tensor.nested(.number(3)).shape, [])
    }

    func testIndexing() throws {
        let a = try Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try a.narrow(dim: 1, start: 1, length: 2).storage, [2, 3, 5, 6])
        XCTAssertEqual(try a.select(dim: 0, 1).storage, [4, 5, 6])
        XCTAssertEqual(try a.get([1, 2]), 6)
        XCTAssertEqual(try a.reshape([-1]).shape, [6])
        XCTAssertEqual(try a.index(dim: 1, Tensor(shape: [2, 1], storage: [2, 0])).storage, [3, 4])
        XCTAssertEqual(try a.masked(a.gt(Tensor(scalar: 4))).storage, [5, 6])
        XCTAssertEqual(try Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], dim: 1).storage, [1, 3, 2, 4])
        XCTAssertEqual(try a.split(2, dim: 1).map(\.shape), [[2, 2], [2, 1]])
        XCTAssertEqual(try Tensor.zeros([3]).scatterAdd(dim: 0, Tensor([0, 2, 0]), Tensor([1, 2, 3])).storage, [4, 0, 2])
        XCTAssertThrowsError(try a.get([2, 0])) { e in
            XCTAssertEqual(String(describing: e), "'get': index 3 out of range for dimension 1 of size 2 (valid: 1..2)")
        }
        XCTAssertThrowsError(try a.reshape([4, 2]))
    }

    func testDescriptionIsAlignedAndElided() throws {
        let a = try Tensor(shape: [2, 2], storage: [1, 22, 333, 4])
        XCTAssertEqual(a.description, "Tensor of shape [2, 2]\n[[  1,  22],\n [333,   4]]")
        XCTAssertEqual(Tensor(scalar: 0.5).description, "Tensor(0.5000)")
        let big = try Tensor.arange(0, 2000)
        XCTAssertEqual(big.description, "Tensor of shape [2000]\n[   0,    1,    2, ..., 1997, 1998, 1999]")
    }
}
