import Tensors
import XCTest

final class ShortestDecimalTests: XCTestCase {
    func testFloatsBecomeTheirShortestDecimalAndRoundTrip() {
        XCTAssertEqual(Float(0.7).shortestDouble, 0.7)
        XCTAssertEqual(Float(1e-8).shortestDouble, 1e-8)
        XCTAssertEqual(Float(16_777_217).shortestDouble, 16_777_216)
        XCTAssertEqual(Float.infinity.shortestDouble, .infinity)
        XCTAssertTrue(Float.nan.shortestDouble.isNaN)
        for bits: UInt32 in [1, 0x3F33_3333, 0x7F7F_FFFF, 0x0080_0000] {
            let f = Float(bitPattern: bits)
            XCTAssertEqual(Float(f.shortestDouble), f)
        }
    }
}
