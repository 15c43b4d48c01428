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

    func testDilatedConvolutionIsTheConvolutionWithTheSpreadKernel() throws {
        // A 2×2 kernel at dilation 2 is the 3×3 kernel with zeros between its taps (PyTorch's and MXNet's definition).
        Tensor.seed(6)
        let x = try Tensor.randn([2, 2, 6, 5]), w = try Tensor.randn([3, 2, 2, 2])
        var spread = [Float](repeating: 0, count: 3 * 2 * 3 * 3)
        for k in 0..<3 { for c in 0..<2 { for i in 0..<2 { for j in 0..<2 {
            spread[((k * 2 + c) * 3 + 2 * i) * 3 + 2 * j] = w.storage[((k * 2 + c) * 2 + i) * 2 + j]
        } } } }
        let dilated = try x.conv2d(w, bias: nil, stride: 1, padding: 1, dilation: 2)
        let plain = try x.conv2d(try Tensor(shape: [3, 2, 3, 3], storage: spread), bias: nil, stride: 1, padding: 1)
        XCTAssertEqual(dilated.shape, [2, 3, 6, 5])
        for (a, b) in zip(dilated.storage, plain.storage) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        let err = try Tensor.gradcheck([try Tensor.randn([1, 2, 6, 5]), try Tensor.randn([2, 2, 2, 3]), try Tensor.randn([2])]) {
            try $0[0].conv2d($0[1], bias: $0[2], stride: 2, padding: 1, dilation: 2).tanh().sum()
        }
        XCTAssertLessThan(err, 2e-2)
        XCTAssertThrowsError(try x.conv2d(w, bias: nil, dilation: 0)) { XCTAssert("\($0)".contains("dilation")) }
        XCTAssertThrowsError(try x.conv2d(w, bias: nil, dilation: 1 << 40)) { XCTAssert("\($0)".contains("does not fit")) }
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
