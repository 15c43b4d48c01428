import XCTest
@testable import Tensors

final class AutogradTests: XCTestCase {
    private func check(_ name: String, _ inputs: [Tensor], tolerance: Double = 2e-2, _ f: ([Tensor]) throws -> Tensor) throws {
        let error = try Tensor.gradcheck(inputs, eps: 1e-2) { try f($0).sum() }
        XCTAssertLessThan(error, tolerance, name)
    }

    func testEveryDifferentiableOpPassesGradcheck() throws {
        Tensor.seed(11)
        let a = try Tensor.randn([3, 4]), b = try Tensor.randn([4]), c = try Tensor.randn([4, 2])
        let positive = try Tensor.rand([3, 4]).adding(Tensor(scalar: 0.5))
        try check("add", [a, b]) { try $0[0].adding($0[1]) }
        try check("sub", [a, b]) { try $0[0].subtracting($0[1]) }
        try check("mul", [a, b]) { try $0[0].multiplying($0[1]) }
        try check("div", [a, positive]) { try $0[0].dividing($0[1]) }
        try check("pow", [positive]) { $0[0].pow(2.5) }
        try check("power", [positive, b]) { try $0[0].power($0[1].multiplying(Tensor(scalar: 0.5))) }
        try check("exp", [a]) { $0[0].exp() }
        try check("log", [positive]) { $0[0].log() }
        try check("log1p", [positive]) { $0[0].log1p() }
        try check("sqrt", [positive]) { $0[0].sqrt() }
        try check("sigmoid", [a]) { $0[0].sigmoid() }
        try check("tanh", [a]) { $0[0].tanh() }
        try check("mm", [a, c]) { try $0[0].mm($0[1]) }
        try check("mean dim", [a]) { try $0[0].mean(dim: 1).multiplying($0[0].mean(dim: 1)) }
        try check("var", [a]) { try $0[0].variance(dim: 0) }
        try check("max", [a]) { try $0[0].max(dim: 1) }
        try check("reshape+t", [a]) { try $0[0].reshape([4, 3]).t().multiplying($0[0]) }
        try check("narrow+cat", [a]) { try Tensor.cat([$0[0].narrow(dim: 1, start: 1, length: 2), $0[0]], dim: 1).exp() }
        try check("index", [a]) { try $0[0].index(dim: 1, Tensor(shape: [3, 1], storage: [0, 3, 2])).exp() }
        try check("where", [a, positive]) { try Tensor.where($0[0].gt(Tensor(scalar: 0)), $0[0], $0[1]).multiplying($0[1]) }
        try check("maximum", [a, b]) { try $0[0].maximum($0[1]).exp() }
        try check("expand", [b]) { try $0[0].expand([3, 4]).exp() }
        try check("masked", [a]) { try $0[0].masked($0[0].gt(Tensor(scalar: 0))).exp() }
        try check("cumsum", [a]) { try $0[0].cumsum(dim: 1).multiplying($0[0]) }
        try check("prod", [a]) { try $0[0].prod(dim: 0).multiplying($0[0].prod()) }
        try check("sort", [a]) { try $0[0].sort(dim: 1).values.multiplying(Tensor([1, 2, 3, 4])) }
        try check("topk", [a]) { try $0[0].topk(2, dim: 1).values.exp() }
        let spd = try Tensor(shape: [3, 3], storage: [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2])
        try check("solve", [spd, Tensor([1, 2, 3])]) { try $0[0].solve($0[1]).multiplying(Tensor([1, -2, 0.5])) }
        try check("solve matrix", [spd, try Tensor.randn([3, 2])]) { try $0[0].solve($0[1]).exp() }
        try check("cholesky", [spd]) { try $0[0].cholesky().multiplying(Tensor.arange(1, 10).reshape([3, 3])) }
        try check("scatter_add", [b, Tensor([1, 2])]) { try $0[0].scatterAdd(dim: 0, Tensor([3, 0]), $0[1]).exp() }
    }

    func testBackwardErrors() throws {
        let plain = Tensor([1, 2])
        XCTAssertThrowsError(try plain.sum().backward())
        let x = Tensor([1, 2]).requireGrad()
        let y = try x.multiplying(x)
        try y.backward()   // as MXNet: the sum of the elements
        XCTAssertEqual(x.grad?.storage, [2, 4])
        x.zeroGrad()
        try y.backward(Tensor([1, 1]))
        XCTAssertEqual(x.grad?.storage, [2, 4])
        try y.backward(Tensor([1, 1]))
        XCTAssertEqual(x.grad?.storage, [4, 8], "gradients accumulate")
        XCTAssertNil(try GradMode.noGrad { try x.multiplying(x) }.node)
    }
}
