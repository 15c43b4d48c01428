import XCTest
@testable import Tensors

final class CancellationTests: XCTestCase {
    func testRequestMakesCheckThrowUntilReset() throws {
        defer { Cancellation.reset() }
        XCTAssertNoThrow(try Cancellation.check())
        Cancellation.request()
        XCTAssertTrue(Cancellation.isRequested)
        XCTAssertThrowsError(try Cancellation.check()) { XCTAssertEqual(String(describing: $0), "interrupted!") }
        Cancellation.reset()
        XCTAssertFalse(Cancellation.isRequested)
        XCTAssertNoThrow(try Cancellation.check())
    }
}
