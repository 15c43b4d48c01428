/// The geometry of a 2-D convolution over a batch, and the batched im2col / col2im transforms behind it.
///
/// The column matrix has one row per kernel tap (channel, i, j), `C·kh·kw` rows, and one column per output
/// pixel of every sample, `N·ho·wo` columns (sample-major): the whole batch's convolution is then one sgemm,
/// `W (K × taps) · columns (taps × N·ho·wo)`, instead of one small product per sample.
struct ConvGeometry {
    let n: Int, c: Int, h: Int, w: Int
    let kh: Int, kw: Int, ho: Int, wo: Int
    let stride: Int, padding: Int, dilation: Int

    /// Rows of the column matrix (kernel taps).
    var taps: Int { c * kh * kw }
    /// Output pixels of one sample.
    var pixels: Int { ho * wo }
    /// Columns of the column matrix (output pixels of the whole batch).
    var columns: Int { n * ho * wo }

    /// The output columns `ox` whose input column `ox·stride + offset` lies inside `0..<w`.
    @inline(__always)
    func validColumns(_ offset: Int) -> Range<Int> {
        // ox·stride + offset ≥ 0  ⇔  ox ≥ ⌈−offset / stride⌉;  ox·stride + offset < w  ⇔  ox < ⌈(w − offset) / stride⌉.
        let lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let hi = w - offset <= 0 ? 0 : (w - offset + stride - 1) / stride
        return Swift.min(lo, wo)..<Swift.max(Swift.min(hi, wo), Swift.min(lo, wo))
    }

    /// Writes the column matrix of the NCHW batch `x` into `out` (taps × columns, every entry written).
    func im2col(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let (pixels, columns) = (self.pixels, self.columns)
        for ci in 0..<c { for i in 0..<kh { for j in 0..<kw {
            let row = out + ((ci * kh + i) * kw + j) * columns
            let dx = j * dilation - padding
            let valid = validColumns(dx)
            for s in 0..<n {
                let plane = x + (s * c + ci) * h * w
                for oy in 0..<ho {
                    let dst = row + s * pixels + oy * wo
                    let y = oy * stride + i * dilation - padding
                    guard y >= 0 && y < h else { dst.update(repeating: 0, count: wo); continue }
                    let src = plane + y * w + dx
                    for ox in 0..<valid.lowerBound { dst[ox] = 0 }
                    if stride == 1 {
                        for ox in valid { dst[ox] = src[ox] }
                    } else {
                        for ox in valid { dst[ox] = src[ox * stride] }
                    }
                    for ox in valid.upperBound..<wo { dst[ox] = 0 }
                }
            }
        } } }
    }

    /// Adds the column matrix `cols` (taps × columns) back onto the NCHW batch `dx` (the adjoint of im2col).
    func col2im(_ cols: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
        let (pixels, columns) = (self.pixels, self.columns)
        for ci in 0..<c { for i in 0..<kh { for j in 0..<kw {
            let row = cols + ((ci * kh + i) * kw + j) * columns
            let offset = j * dilation - padding
            let valid = validColumns(offset)
            for s in 0..<n {
                let plane = dx + (s * c + ci) * h * w
                for oy in 0..<ho {
                    let y = oy * stride + i * dilation - padding
                    guard y >= 0 && y < h else { continue }
                    let src = row + s * pixels + oy * wo, dst = plane + y * w + offset
                    for ox in valid { dst[ox * stride] += src[ox] }
                }
            }
        } } }
    }
}
