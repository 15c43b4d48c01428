@testable import Tensors
import XCTest

final class ConvolutionTests: XCTestCase {
    func testConvolutionValuesAndGradients() throws {
        // A 1×1×3×3 input and a 2×2 kernel of ones: each output is the sum of a window.
        let x = try Tensor(shape: [1, 1, 3, 3], storage: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let w = try Tensor(shape: [1, 1, 2, 2], storage: [1, 1, 1, 1])
        XCTAssertEqual(try x.conv2d(w, bias: Tensor([0.5])).storage, [12.5, 16.5, 24.5, 28.5])
        XCTAssertEqual(try x.conv2d(w, bias: nil, stride: 2, padding: 1).shape, [1, 1, 2, 2])
        Tensor.seed(4)
        let err = try Tensor.gradcheck([try Tensor.randn([2, 2, 5, 4]), try Tensor.randn([3, 2, 3, 2]), try Tensor.randn([3])]) {
            try $0[0].conv2d($0[1], bias: $0[2], stride: 2, padding: 1).tanh().sum()
        }
        XCTAssertLessThan(err, 2e-2)
        XCTAssertThrowsError(try x.conv2d(try Tensor.zeros([1, 2, 2, 2]), bias: nil)) { XCTAssert("\($0)".contains("same C")) }
    }

    func testPoolingValuesAndGradients() throws {
        let x = try Tensor(shape: [1, 1, 2, 4], storage: [1, 5, 2, 0, 3, 4, 8, 6])
        XCTAssertEqual(try x.pool2d(kernel: 2).storage, [5, 8])
        XCTAssertEqual(try x.pool2d(kernel: 2, average: true).storage, [3.25, 4])
        Tensor.seed(5)
        for average in [false, true] {
            let err = try Tensor.gradcheck([try Tensor.randn([2, 3, 4, 4])]) { try $0[0].pool2d(kernel: 2, average: average).exp().sum() }
            XCTAssertLessThan(err, 2e-2)
        }
    }
}
