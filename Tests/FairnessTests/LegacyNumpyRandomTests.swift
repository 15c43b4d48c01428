@testable import Fairness
import XCTest

/// NumPy's legacy generator against draws of `np.random.seed(0)` (scan_reference.json, numpy_seed0).
final class LegacyNumpyRandomTests: XCTestCase {
    func testMatchesNumpySeedZero() throws {
        let want = try XCTUnwrap(ScanReference.json["numpy_seed0"] as? [String: Any])
        var r = LegacyNumpyRandom(seed: 0)
        // Foundation's JSON reader on Linux may lose the last digit: the doubles to 1e-15, the integer draws exactly.
        for (got, expected) in zip((0..<5).map { _ in r.uniform() }, want["rand"] as? [Double] ?? []) { XCTAssertEqual(got, expected, accuracy: 1e-15) }
        XCTAssertEqual((0..<20).map { _ in r.choice(7) }, want["choice7"] as? [Int])
        XCTAssertEqual(r.permutation(Array(0..<9)), want["permutation"] as? [Int])
        XCTAssertEqual(r.uniform(), want["rand_after"] as? Double ?? .nan, accuracy: 1e-15)
    }
}
