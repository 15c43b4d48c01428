import XCTest
@testable import Tensors

final class LinearTests: XCTestCase {
    func testLinearEqualsProductPlusBiasThenRelu() throws {
        // linear(W, b, relu:) against mm, adding and relu as separate recorded ops: values and every gradient.
        Tensor.seed(21)
        let x = try Tensor.randn([6, 5]), w = try Tensor.randn([5, 4]), b = try Tensor.randn([4]), g = try Tensor.randn([6, 4])
        for relu in [false, true] {
            func run(fused: Bool, trackInput: Bool) throws -> [[Float]] {
                x.requireGrad(trackInput); w.requireGrad(); b.requireGrad()
                for t in [x, w, b] { t.zeroGrad() }
                var y = try Tensor.zeros([1])
                try GradMode.record {
                    if fused { y = try x.linear(w, bias: b, relu: relu) } else {
                        let affine = try x.mm(w).adding(b)
                        y = relu ? affine.relu() : affine
                    }
                    try y.multiplying(g).sum().backward()
                }
                return [y.storage, x.grad?.storage ?? [], w.grad?.storage ?? [], b.grad?.storage ?? []]
            }
            let reference = try run(fused: false, trackInput: true)
            for track in [true, false] {
                let got = try run(fused: true, trackInput: track)
                XCTAssertEqual(got[1].count, track ? x.numel : 0)
                for k in [0, 2, 3] + (track ? [1] : []) {
                    XCTAssertEqual(got[k].count, reference[k].count)
                    for (a, e) in zip(got[k], reference[k]) { XCTAssertEqual(a, e, accuracy: 1e-5, "relu \(relu), part \(k)") }
                }
            }
        }
        x.requireGrad(false)
        let err = try Tensor.gradcheck([try Tensor.randn([3, 4]), try Tensor.randn([4, 2]), try Tensor.randn([2])]) {
            try $0[0].linear($0[1], bias: $0[2], relu: true).tanh().sum()
        }
        XCTAssertLessThan(err, 2e-2)
        XCTAssertNotNil(try x.linear(w, bias: nil))
        XCTAssertThrowsError(try x.linear(x, bias: nil)) { XCTAssert("\($0)".contains("cannot multiply")) }
        XCTAssertThrowsError(try x.linear(w, bias: Tensor([1, 2]))) { XCTAssert("\($0)".contains("linear bias")) }
    }
}
