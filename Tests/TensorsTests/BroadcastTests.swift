import XCTest
@testable import Tensors

final class BroadcastTests: XCTestCase {
    func testShapesBroadcastFromTheRight() throws {
        XCTAssertEqual(try Tensor.broadcastShape([2, 3], [3], op: "+"), [2, 3])
        XCTAssertEqual(try Tensor.broadcastShape([2, 1], [1, 4], op: "+"), [2, 4])
        XCTAssertEqual(try Tensor.broadcastShape([], [5], op: "+"), [5])
        XCTAssertThrowsError(try Tensor.broadcastShape([3], [2], op: "+")) { error in
            XCTAssertEqual(String(describing: error), "'+': shapes [3] and [2] cannot broadcast")
        }
    }

    func testBinaryOpsBroadcastValues() throws {
        let a = try Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6])
        let row = Tensor([10, 20, 30])
        XCTAssertEqual(try a.adding(row).storage, [11, 22, 33, 14, 25, 36])
        let column = try Tensor(shape: [2, 1], storage: [1, 2])
        XCTAssertEqual(try a.multiplying(column).storage, [1, 2, 3, 8, 10, 12])
        XCTAssertEqual(try a.subtracting(Tensor(scalar: 1)).storage, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(try a.dividing(Tensor(scalar: 2)).storage, [0.5, 1, 1.5, 2, 2.5, 3])
        XCTAssertEqual(try a.gt(Tensor(scalar: 3)).storage, [0, 0, 0, 1, 1, 1])
        XCTAssertEqual(try Tensor.where(a.gt(Tensor(scalar: 3)), a, Tensor(scalar: 0)).storage, [0, 0, 0, 4, 5, 6])
    }

    func testExpandAndSumToAreInverse() throws {
        let v = Tensor([1, 2, 3])
        let e = try v.expand([2, 3])
        XCTAssertEqual(e.storage, [1, 2, 3, 1, 2, 3])
        XCTAssertEqual(try e.sum(to: [3]).storage, [2, 4, 6])
        XCTAssertEqual(try e.sum(to: [1, 3]).shape, [1, 3])
    }
}
