/// A decoded image as Float32 samples. Fresh from a file it is height × width × channels (`hwc`) holding
/// the file's values, 0…`maxValue` (255 for 8-bit files, 65535 for 16-bit); after `ToTensor` it is
/// channels × height × width (`chw`) in [0, 1], as a convolution layer expects.
public struct Image: Sendable, Equatable {
    /// How samples are ordered in `values`.
    public enum Layout: Sendable, Equatable { case hwc, chw }

    /// Rows.
    public var height: Int
    /// Columns.
    public var width: Int
    /// Samples per pixel (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA).
    public var channels: Int
    /// The order of `values`.
    public var layout: Layout
    /// The value of full intensity (255 or 65535 from a file; 1 after ToTensor).
    public var maxValue: Float
    /// height × width × channels samples in `layout` order.
    public var values: [Float]

    /// An image; `values` must hold height × width × channels samples.
    public init(height: Int, width: Int, channels: Int, layout: Layout = .hwc, maxValue: Float = 255, values: [Float]) throws {
        guard height > 0, width > 0, channels > 0, values.count == height * width * channels else {
            throw DatasetError.invalid("an image of \(height)x\(width)x\(channels) needs \(height * width * channels) samples, got \(values.count)")
        }
        (self.height, self.width, self.channels, self.layout, self.maxValue, self.values) = (height, width, channels, layout, maxValue, values)
    }

    /// The tensor shape of this image: [h, w, c] or [c, h, w].
    public var shape: [Int] { layout == .hwc ? [height, width, channels] : [channels, height, width] }

    /// Where sample (y, x, c) is in `values`.
    @inline(__always)
    func offset(_ y: Int, _ x: Int, _ c: Int) -> Int {
        layout == .hwc ? (y * width + x) * channels + c : (c * height + y) * width + x
    }

    /// The image in channels × height × width order, scaled to [0, 1] (torchvision's ToTensor).
    public func toTensorLayout() -> Image {
        var out = [Float](repeating: 0, count: values.count)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels { out[(c * height + y) * width + x] = values[offset(y, x, c)] / maxValue }
            }
        }
        return Image(unchecked: height, width, channels, .chw, 1, out)
    }

    /// The image mirrored left to right.
    public func flippedHorizontally() -> Image {
        var out = values
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels { out[offset(y, width - 1 - x, c)] = values[offset(y, x, c)] }
            }
        }
        return Image(unchecked: height, width, channels, layout, maxValue, out)
    }

    /// The image resampled to `newHeight` × `newWidth` by bilinear interpolation with half-pixel centres
    /// (source coordinate (x + 0.5)·w/w′ − 0.5, clamped to the edge; no antialiasing), as OpenCV's
    /// INTER_LINEAR and torchvision's Resize(antialias=False) do.
    public func resized(height newHeight: Int, width newWidth: Int) -> Image {
        if newHeight == height && newWidth == width { return self }
        func taps(_ n: Int, _ m: Int) -> [(Int, Int, Float)] {
            (0..<m).map { i in
                let source = min(max((Float(i) + 0.5) * Float(n) / Float(m) - 0.5, 0), Float(n - 1))
                let lower = Int(source)
                return (lower, min(lower + 1, n - 1), source - Float(lower))
            }
        }
        let rows = taps(height, newHeight), cols = taps(width, newWidth)
        var out = Image(unchecked: newHeight, newWidth, channels, layout, maxValue, [Float](repeating: 0, count: newHeight * newWidth * channels))
        for (y, (y0, y1, fy)) in rows.enumerated() {
            for (x, (x0, x1, fx)) in cols.enumerated() {
                for c in 0..<channels {
                    let top = values[offset(y0, x0, c)] * (1 - fx) + values[offset(y0, x1, c)] * fx
                    let bottom = values[offset(y1, x0, c)] * (1 - fx) + values[offset(y1, x1, c)] * fx
                    out.values[out.offset(y, x, c)] = top * (1 - fy) + bottom * fy
                }
            }
        }
        return out
    }

    /// An image whose sizes the caller has already checked.
    init(unchecked height: Int, _ width: Int, _ channels: Int, _ layout: Layout, _ maxValue: Float, _ values: [Float]) {
        (self.height, self.width, self.channels, self.layout, self.maxValue, self.values) = (height, width, channels, layout, maxValue, values)
    }
}
