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

    /// The direct definition, y[s, k, oy, ox] = b[k] + Σ_{c,i,j} W[k, c, i, j] · x[s, c, oy·stride + i·dilation − padding, …].
    private func directConvolution(_ x: Tensor, _ w: Tensor, _ b: Tensor, stride: Int, padding: Int, dilation: Int) -> [Float] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (k, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let ho = (h + 2 * padding - dilation * (kh - 1) - 1) / stride + 1, wo = (wd + 2 * padding - dilation * (kw - 1) - 1) / stride + 1
        var out = [Float](repeating: 0, count: n * k * ho * wo)
        for s in 0..<n { for ki in 0..<k { for oy in 0..<ho { for ox in 0..<wo {
            var sum = Double(b.storage[ki])
            for ci in 0..<c { for i in 0..<kh { for j in 0..<kw {
                let y = oy * stride + i * dilation - padding, xx = ox * stride + j * dilation - padding
                guard y >= 0, y < h, xx >= 0, xx < wd else { continue }
                sum += Double(w.storage[((ki * c + ci) * kh + i) * kw + j]) * Double(x.storage[((s * c + ci) * h + y) * wd + xx])
            } } }
            out[((s * k + ki) * ho + oy) * wo + ox] = Float(sum)
        } } } }
        return out
    }

    func testBatchedConvolutionEqualsTheDirectDefinition() throws {
        // One im2col and one sgemm for the whole batch, over strides, paddings wider than the kernel's reach and dilations.
        Tensor.seed(11)
        for (stride, padding, dilation) in [(1, 0, 1), (1, 1, 1), (2, 1, 1), (3, 2, 1), (1, 2, 2), (2, 3, 2)] {
            let x = try Tensor.randn([3, 2, 7, 6]), w = try Tensor.randn([4, 2, 3, 3]), b = try Tensor.randn([4])
            let expected = directConvolution(x, w, b, stride: stride, padding: padding, dilation: dilation)
            let y = try x.conv2d(w, bias: b, stride: stride, padding: padding, dilation: dilation)
            XCTAssertEqual(y.numel, expected.count)
            for (a, e) in zip(y.storage, expected) { XCTAssertEqual(a, e, accuracy: 1e-4, "stride \(stride) padding \(padding) dilation \(dilation)") }
            let fused = try x.conv2d(w, bias: b, stride: stride, padding: padding, dilation: dilation, relu: true)
            for (a, e) in zip(fused.storage, expected) { XCTAssertEqual(a, Swift.max(e, 0), accuracy: 1e-4) }
        }
    }

    func testFusedReluAndAnUntrackedInputGiveTheSameGradients() throws {
        // conv2d(relu: true) against conv2d followed by relu(); with the input not tracked, the weight's and bias's
        // gradients are unchanged and the input gets none (the col2im is skipped).
        Tensor.seed(12)
        let x = try Tensor.randn([4, 3, 6, 6]), w = try Tensor.randn([5, 3, 3, 3]), b = try Tensor.randn([5]), g = try Tensor.randn([4, 5, 6, 6])
        func grads(fused: Bool, trackInput: Bool) throws -> [[Float]] {
            x.requireGrad(trackInput); w.requireGrad(); b.requireGrad()
            for t in [x, w, b] { t.zeroGrad() }
            try GradMode.record {
                let y = fused ? try x.conv2d(w, bias: b, padding: 1, relu: true) : try x.conv2d(w, bias: b, padding: 1).relu()
                try y.multiplying(g).sum().backward()
            }
            return [x.grad?.storage ?? [], w.grad?.storage ?? [], b.grad?.storage ?? []]
        }
        let reference = try grads(fused: false, trackInput: true)
        for (fused, track) in [(true, true), (true, false), (false, false)] {
            let got = try grads(fused: fused, trackInput: track)
            XCTAssertEqual(got[0].count, track ? x.numel : 0)
            for k in (track ? 0 : 1)..<3 {
                XCTAssertEqual(got[k].count, reference[k].count)
                for (a, e) in zip(got[k], reference[k]) { XCTAssertEqual(a, e, accuracy: 1e-3) }
            }
        }
        x.requireGrad(false)
        let err = try Tensor.gradcheck([try Tensor.randn([2, 2, 5, 5]), try Tensor.randn([3, 2, 3, 3]), try Tensor.randn([3])]) {
            try $0[0].conv2d($0[1], bias: $0[2], stride: 2, padding: 1, relu: true).tanh().sum()
        }
        XCTAssertLessThan(err, 2e-2)
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
