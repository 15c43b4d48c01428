/// 2-D convolution and pooling on NCHW tensors: convolution by im2col and one sgemm per sample, both
/// differentiable.
extension Tensor {
    /// Output size of a sliding window, `(size + 2·padding − kernel) / stride + 1`, overflow-checked; 0 when
    /// the window does not fit (Swift's division truncates toward zero, which would give 1).
    static func windows(_ size: Int, kernel: Int, stride: Int, padding: Int, op: String) throws -> Int {
        let span = try Shape.add(size, Shape.multiply(2, padding, op: op), op: op)
        return span < kernel ? 0 : (span - kernel) / stride + 1
    }

    /// Convolution of input (N, C, H, W) with weight (K, C, kh, kw) and optional bias (K); `dilation` spaces the
    /// kernel's taps (a k × k kernel spans dilation·(k − 1) + 1 pixels, as MXNet's and PyTorch's).
    public func conv2d(_ weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, dilation: Int = 1) throws -> Tensor {
        guard dim == 4, weight.dim == 4, shape[1] == weight.shape[1] else {
            throw TensorError.badShape(op: "conv2d", reason: "input (N, C, H, W) and weight (K, C, kh, kw) with the same C expected, got \(Tensor.format(shape: shape)) and \(Tensor.format(shape: weight.shape))")
        }
        guard stride >= 1, padding >= 0, dilation >= 1, weight.shape[2] >= 1, weight.shape[3] >= 1 else { throw TensorError.invalid("'conv2d': stride, dilation and kernel sizes must be ≥ 1 and padding ≥ 0") }
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let (k, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
        let spanH = try Shape.add(Shape.multiply(dilation, kh - 1, op: "conv2d"), 1, op: "conv2d")
        let spanW = try Shape.add(Shape.multiply(dilation, kw - 1, op: "conv2d"), 1, op: "conv2d")
        let ho = try Self.windows(h, kernel: spanH, stride: stride, padding: padding, op: "conv2d")
        let wo = try Self.windows(w, kernel: spanW, stride: stride, padding: padding, op: "conv2d")
        guard ho >= 1, wo >= 1 else { throw TensorError.badShape(op: "conv2d", reason: "a \(kh)×\(kw) kernel" + (dilation > 1 ? " (dilation \(dilation): \(spanH)×\(spanW) pixels)" : "") + " does not fit a \(h)×\(w) input") }
        _ = try Shape.elementCount([n, k, ho, wo], op: "conv2d")
        _ = try Shape.elementCount([n, c * kh * kw, ho, wo], op: "conv2d")           // the im2col columns
        if let bias, bias.shape != [k] { throw TensorError.shapeMismatch(op: "conv2d bias", bias.shape, [k]) }
        let rows = c * kh * kw, cols = ho * wo
        let input = self
        func im2col(_ sample: Int, _ out: UnsafeMutablePointer<Float>) {
            input.storage.withUnsafeBufferPointer { x in
                for ci in 0..<c { for i in 0..<kh { for j in 0..<kw {
                    let row = (ci * kh + i) * kw + j
                    for oy in 0..<ho {
                        let y = oy * stride + i * dilation - padding
                        for ox in 0..<wo {
                            let xx = ox * stride + j * dilation - padding
                            out[row * cols + oy * wo + ox] = (y >= 0 && y < h && xx >= 0 && xx < w) ? x[((sample * c + ci) * h + y) * w + xx] : 0
                        }
                    }
                } } }
            }
        }
        var columns = [Float](repeating: 0, count: n * rows * cols)
        var out = [Float](repeating: 0, count: n * k * cols)
        try columns.withUnsafeMutableBufferPointer { colBuf in
            try out.withUnsafeMutableBufferPointer { o in
                try weight.storage.withUnsafeBufferPointer { wt in
                    guard let cb = colBuf.baseAddress, let ob = o.baseAddress, let wb = wt.baseAddress else { return }
                    for s in 0..<n {
                        im2col(s, cb + s * rows * cols)
                        try Gemm.multiply(wb, UnsafePointer(cb + s * rows * cols), into: ob + s * k * cols, m: k, n: cols, k: rows)
                    }
                }
            }
        }
        if let bias {
            for s in 0..<n { for ki in 0..<k { let b = bias.storage[ki]; for p in 0..<cols { out[(s * k + ki) * cols + p] += b } } }
        }
        let inputs = bias.map { [input, weight, $0] } ?? [input, weight]
        return Tensor(unchecked: [n, k, ho, wo], out).recorded(inputs) { g in
            var dWeight = [Float](repeating: 0, count: k * rows)
            var dInput = [Float](repeating: 0, count: input.numel)
            var dCols = [Float](repeating: 0, count: rows * cols)
            try g.storage.withUnsafeBufferPointer { gb in
                try columns.withUnsafeBufferPointer { cb in
                    try weight.storage.withUnsafeBufferPointer { wt in
                        try dWeight.withUnsafeMutableBufferPointer { dw in
                            try dCols.withUnsafeMutableBufferPointer { dc in
                                guard let gp = gb.baseAddress, let cp = cb.baseAddress, let wp = wt.baseAddress,
                                      let dwp = dw.baseAddress, let dcp = dc.baseAddress else { return }
                                for s in 0..<n {
                                    // dW += dOut_s · cols_sᵀ; dCols = Wᵀ · dOut_s, then col2im.
                                    try Gemm.multiply(gp + s * k * cols, cp + s * rows * cols, transposeB: true, into: dwp, m: k, n: rows, k: cols, beta: 1)
                                    try Gemm.multiply(wp, transposeA: true, gp + s * k * cols, into: dcp, m: rows, n: cols, k: k)
                                    for ci in 0..<c { for i in 0..<kh { for j in 0..<kw {
                                        let row = (ci * kh + i) * kw + j
                                        for oy in 0..<ho {
                                            let y = oy * stride + i * dilation - padding
                                            guard y >= 0 && y < h else { continue }
                                            for ox in 0..<wo {
                                                let xx = ox * stride + j * dilation - padding
                                                if xx >= 0 && xx < w { dInput[((s * c + ci) * h + y) * w + xx] += dcp[row * cols + oy * wo + ox] }
                                            }
                                        }
                                    } } }
                                }
                            }
                        }
                    }
                }
            }
            var grads: [Tensor?] = [Tensor(unchecked: input.shape, dInput), Tensor(unchecked: weight.shape, dWeight)]
            if bias != nil {
                var dBias = [Float](repeating: 0, count: k)
                for s in 0..<n { for ki in 0..<k { for p in 0..<cols { dBias[ki] += g.storage[(s * k + ki) * cols + p] } } }
                grads.append(Tensor(unchecked: [k], dBias))
            }
            return grads
        }
    }

    /// Max (or average) pooling of (N, C, H, W) with a square window.
    public func pool2d(kernel: Int, stride: Int? = nil, padding: Int = 0, average: Bool = false) throws -> Tensor {
        guard dim == 4 else { throw TensorError.badShape(op: "pool2d", reason: "input (N, C, H, W) expected, got \(Tensor.format(shape: shape))") }
        let s = stride ?? kernel
        guard kernel >= 1, s >= 1, padding >= 0, padding * 2 < kernel + 1 else { throw TensorError.invalid("'pool2d': kernel and stride must be ≥ 1 and padding < kernel / 2") }
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let ho = try Self.windows(h, kernel: kernel, stride: s, padding: padding, op: "pool2d")
        let wo = try Self.windows(w, kernel: kernel, stride: s, padding: padding, op: "pool2d")
        guard ho >= 1, wo >= 1 else { throw TensorError.badShape(op: "pool2d", reason: "a \(kernel)×\(kernel) window does not fit a \(h)×\(w) input") }
        _ = try Shape.elementCount([n, c, ho, wo], op: "pool2d", elementSize: 12)       // values and max positions
        var out = [Float](repeating: 0, count: n * c * ho * wo)
        var source = [Int](repeating: -1, count: average ? 0 : out.count)   // max pooling: where each output came from
        let x = storage
        for plane in 0..<(n * c) { for oy in 0..<ho { for ox in 0..<wo {
            var best = -Float.infinity, at = -1, sum: Float = 0
            for i in 0..<kernel { for j in 0..<kernel {
                let y = oy * s + i - padding, xx = ox * s + j - padding
                guard y >= 0 && y < h && xx >= 0 && xx < w else { continue }
                let idx = (plane * h + y) * w + xx
                sum += x[idx]
                if x[idx] > best { best = x[idx]; at = idx }
            } }
            let o = (plane * ho + oy) * wo + ox
            if average { out[o] = sum / Float(kernel * kernel) } else { out[o] = best; source[o] = at }
        } } }
        let input = self
        return Tensor(unchecked: [n, c, ho, wo], out).recorded([self]) { g in
            var dx = [Float](repeating: 0, count: input.numel)
            if average {
                for plane in 0..<(n * c) { for oy in 0..<ho { for ox in 0..<wo {
                    let gv = g.storage[(plane * ho + oy) * wo + ox] / Float(kernel * kernel)
                    for i in 0..<kernel { for j in 0..<kernel {
                        let y = oy * s + i - padding, xx = ox * s + j - padding
                        if y >= 0 && y < h && xx >= 0 && xx < w { dx[(plane * h + y) * w + xx] += gv }
                    } }
                } } }
            } else {
                for (o, at) in source.enumerated() where at >= 0 { dx[at] += g.storage[o] }
            }
            return [Tensor(unchecked: input.shape, dx)]
        }
    }
}
