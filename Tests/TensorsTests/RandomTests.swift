import XCTest
@testable import Tensors

final class RandomTests: XCTestCase {
    func testSameSeedSameNumbersOnEveryMachine() throws {
        var g = RandomGenerator(seed: 42)
        // Recorded once and checked against an independent Python implementation of the same
        // SplitMix64-seeded PCG32; integer arithmetic only, so these never change across machines.
        let first = (0..<3).map { _ in g.next32() }
        XCTAssertEqual(first, RandomTests.expected, "actual: \(first)")
        Tensor.seed(7)
        let a = try Tensor.randn([5])
        Tensor.seed(7)
        XCTAssertEqual(try Tensor.randn([5]).storage, a.storage)
    }

    static let expected: [UInt32] = [3_344_234_869, 784_068_600, 3_015_419_514]

    func testDistributions() throws {
        Tensor.seed(1)
        let u = try Tensor.rand([100_000])
        XCTAssertEqual(try u.mean().item(), 0.5, accuracy: 0.01)
        XCTAssertTrue(u.storage.allSatisfy { $0 >= 0 && $0 < 1 })
        let n = try Tensor.randn([100_000])
        XCTAssertEqual(try n.mean().item(), 0, accuracy: 0.02)
        XCTAssertEqual(try n.std().item(), 1, accuracy: 0.02)
        let p = try Tensor.randperm(10)
        XCTAssertEqual(p.storage.sorted(), (0..<10).map(Float.init))
        let r = try Tensor.randint(3, 6, [1000])
        XCTAssertEqual(Set(r.storage), [3, 4, 5])
    }
}
