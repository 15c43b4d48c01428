import XCTest
@testable import Tensors

final class ShapeTests: XCTestCase {
    func testElementCount() throws {
        XCTAssertEqual(try Shape.elementCount([2, 3], op: "t"), 6)
        XCTAssertEqual(try Shape.elementCount([], op: "t"), 1)
        XCTAssertEqual(try Shape.elementCount([5, 0], op: "t"), 0)
    }

    func testRefusals() {
        XCTAssertThrowsError(try Shape.elementCount([-1], op: "t"))
        XCTAssertThrowsError(try Shape.elementCount([1 << 62, 4], op: "t"))              // overflow
        XCTAssertThrowsError(try Shape.elementCount([1 << 40, 0], op: "t"))              // empty, but huge once reduced
        XCTAssertThrowsError(try Shape.multiply(Int.max, 2, op: "t"))
        XCTAssertThrowsError(try Shape.add(Int.max, 1, op: "t"))
    }

    func testStrides() {
        XCTAssertEqual(Shape.strides([2, 3, 4]), [12, 4, 1])
        XCTAssertEqual(Shape.strides([2, 0, 4]), [4, 4, 1])
    }

    func testMemoryLimit() {
        XCTAssertGreaterThan(MemoryLimit.availableBytes(), 1 << 20)
        XCTAssertThrowsError(try MemoryLimit.check(bytes: Int.max, op: "t", what: "x")) { error in
            XCTAssertTrue("\(error)".contains("x needs"))
        }
    }
}
