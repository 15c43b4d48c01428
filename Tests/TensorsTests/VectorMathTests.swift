import XCTest
@testable import Tensors

final class VectorMathTests: XCTestCase {
    func testVectorExpIsWithinTwoUlpOfExpf() {
        let xs = stride(from: -100.0, through: 100.0, by: 0.0137).map { Float($0) } + [.nan, .infinity, -.infinity, 0]
        var ys = [Float](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { x in ys.withUnsafeMutableBufferPointer { VectorMath.exp(x, into: $0) } }
        for (x, y) in zip(xs, ys) {
            let expected = expf(x)
            if expected.isNaN { XCTAssertTrue(y.isNaN); continue }
            if expected.isInfinite || expected == 0 { XCTAssertEqual(y, expected, "\(x)"); continue }
            XCTAssertLessThanOrEqual(abs(y - expected), 2 * expected.ulp, "exp(\(x))")
        }
    }
}
