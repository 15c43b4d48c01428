/// 2-D convolution and pooling on NCHW tensors: convolution by a batched im2col and one sgemm per batch,
/// both differentiable.
extension Tensor {
    /// Output size of a sliding window, `(size + 2·padding − kernel) / stride + 1`, overflow-checked; 0 when
    /// the window does not fit (Swift's division truncates toward zero, which would give 1).
    static func windows(_ size: Int, kernel: Int, stride: Int, padding: Int, op: String) throws -> Int {
        let span = try Shape.add(size, Shape.multiply(2, padding, op: op), op: op)
        return span < kernel ? 0 : (span - kernel) / stride + 1
    }

    /// Convolution of input (N, C, H, W) with weight (K, C, kh, kw) and optional bias (K); `dilation` spaces the
    /// kernel's taps (a k × k kernel spans dilation·(k − 1) + 1 pixels, as MXNet's and PyTorch's). With `relu`
    /// the result is max(conv + bias, 0), computed in the same pass as the bias (and its gradient masked in one).
    ///
    /// The whole batch is one im2col and one sgemm (`ConvGeometry`); the backward pass is one sgemm for the
    /// weight's gradient and, only when the input takes part in autograd, one more and a col2im for the input's.
    public func conv2d(_ weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, dilation: Int = 1, relu: Bool = false) throws -> Tensor {
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
        let geometry = ConvGeometry(n: n, c: c, h: h, w: w, kh: kh, kw: kw, ho: ho, wo: wo, stride: stride, padding: padding, dilation: dilation)
        let (taps, pixels, columns) = (geometry.taps, geometry.pixels, geometry.columns)
        let input = self
        let cols = Tensor.filled(taps * columns) { out in
            input.storage.withUnsafeBufferPointer { x in
                guard let xb = x.baseAddress, let ob = out.baseAddress else { return }
                geometry.im2col(xb, into: ob)
            }
        }
        // product = W · cols (K × N·P, channel-major); the output (N, K, P) is its per-sample transpose plus the bias.
        let product = try Tensor.filled(k * columns) { p in
            try cols.withUnsafeBufferPointer { cb in
                try weight.storage.withUnsafeBufferPointer { wt in
                    guard let pb = p.baseAddress, let cp = cb.baseAddress, let wp = wt.baseAddress else { return }
                    try Gemm.multiply(wp, cp, into: pb, m: k, n: columns, k: taps)
                }
            }
        }
        let out = Tensor.filled(n * k * pixels) { o in
            product.withUnsafeBufferPointer { p in
                for ki in 0..<k {
                    let b = bias?.storage[ki] ?? 0
                    for s in 0..<n {
                        let src = (ki * n + s) * pixels, dst = (s * k + ki) * pixels
                        if relu {
                            for q in 0..<pixels { o[dst + q] = Swift.max(p[src + q] + b, 0) }
                        } else {
                            for q in 0..<pixels { o[dst + q] = p[src + q] + b }
                        }
                    }
                }
            }
        }
        let inputs = bias.map { [input, weight, $0] } ?? [input, weight]
        let result = Tensor(unchecked: [n, k, ho, wo], out)
        guard GradMode.enabled && inputs.contains(where: { $0.tracked }) else { return result }
        let hasBias = bias != nil
        return result.recorded(inputs) { g in
            // gT = the output's gradient in the product's layout (K × N·P), masked where the ReLU was off; dBias its row sums.
            var dBias = [Float](repeating: 0, count: hasBias ? k : 0)
            let gT = Tensor.filled(k * columns) { t in
                g.storage.withUnsafeBufferPointer { gb in out.withUnsafeBufferPointer { y in
                    for ki in 0..<k {
                        var sum: Float = 0
                        for s in 0..<n {
                            let src = (s * k + ki) * pixels, dst = (ki * n + s) * pixels
                            if relu {
                                for q in 0..<pixels { let v = y[src + q] > 0 ? gb[src + q] : 0; t[dst + q] = v; sum += v }
                            } else {
                                for q in 0..<pixels { let v = gb[src + q]; t[dst + q] = v; sum += v }
                            }
                        }
                        if hasBias { dBias[ki] = sum }
                    }
                } }
            }
            let dWeight = try Tensor.filled(k * taps) { dw in
                try gT.withUnsafeBufferPointer { gp in
                    try cols.withUnsafeBufferPointer { cp in
                        guard let dwp = dw.baseAddress, let g0 = gp.baseAddress, let c0 = cp.baseAddress else { return }
                        try Gemm.multiply(g0, c0, transposeB: true, into: dwp, m: k, n: taps, k: columns)
                    }
                }
            }
            var grads: [Tensor?] = [nil, Tensor(unchecked: weight.shape, dWeight)]
            if input.tracked {
                // dCols = Wᵀ · gT, then col2im: skipped for an input that needs no gradient (a batch of images).
                let dCols = try Tensor.filled(taps * columns) { dc in
                    try gT.withUnsafeBufferPointer { gp in
                        try weight.storage.withUnsafeBufferPointer { wt in
                            guard let dcp = dc.baseAddress, let g0 = gp.baseAddress, let wp = wt.baseAddress else { return }
                            try Gemm.multiply(wp, transposeA: true, g0, into: dcp, m: taps, n: columns, k: k)
                        }
                    }
                }
                var dInput = [Float](repeating: 0, count: input.numel)
                dCols.withUnsafeBufferPointer { dc in
                    dInput.withUnsafeMutableBufferPointer { di in
                        guard let src = dc.baseAddress, let dst = di.baseAddress else { return }
                        geometry.col2im(src, into: dst)
                    }
                }
                grads[0] = Tensor(unchecked: input.shape, dInput)
            }
            if hasBias { grads.append(Tensor(unchecked: [k], dBias)) }
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
