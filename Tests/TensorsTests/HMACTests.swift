import XCTest
@testable import Tensors

final class HMACTests: XCTestCase {
    /// RFC 4231 test cases 1, 2 and 6 (a key longer than the block is hashed first).
    func testRFC4231Vectors() {
        func hmac(_ key: [UInt8], _ text: String) -> String { SHA256.hexDigits(HMAC.sha256(key: key, message: Array(text.utf8))) }
        XCTAssertEqual(hmac([UInt8](repeating: 0x0b, count: 20), "Hi There"),
                       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        XCTAssertEqual(hmac(Array("Jefe".utf8), "what do ya want for nothing?"),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertEqual(hmac([UInt8](repeating: 0xaa, count: 131), "Test Using Larger Than Block-Size Key - Hash Key First"),
                       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    func testEqualComparesWholeDigests() {
        XCTAssertTrue(HMAC.equal([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(HMAC.equal([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(HMAC.equal([1, 2], [1, 2, 3]))
    }
}
