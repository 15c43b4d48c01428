import CImage
import Tensors

/// PNG (grey, grey + alpha, palette, RGB, RGBA; 1–16 bits) and JPEG (grey, colour) decoding through the
/// system's libpng and libjpeg-turbo. The format is told by the file's first bytes, not its name.
public enum ImageDecoder {
    /// The image in the file at `path`.
    public static func decode(file path: String) throws -> Image {
        try decode(try FileBytes.read(path), name: path)
    }

    /// The most samples (width × height × channels) an image may have: 2^27, a 6700 × 6700 RGB image
    /// (Pillow refuses images of more than about 179 million pixels, for the same reason).
    public static let maximumSamples = 1 << 27

    /// The image held in `bytes`; `name` is used in errors. Sizes are checked before any pixel is
    /// allocated: against `maximumSamples`, and against memory for the 2 to 6 bytes each sample takes.
    public static func decode(_ bytes: [UInt8], name: String) throws -> Image {
        let byMemory = MemoryLimit.availableBytes() / 6
        let limit = Swift.min(maximumSamples, byMemory)
        var raw = ci_image()
        let failed = bytes.withUnsafeBufferPointer { b -> Int32 in
            guard let base = b.baseAddress else { return 1 }
            if b.count >= 8 && b[0] == 0x89 && b[1] == 0x50 { return ci_decode_png(base, b.count, limit, &raw) }
            if b.count >= 3 && b[0] == 0xFF && b[1] == 0xD8 { return ci_decode_jpeg(base, b.count, limit, &raw) }
            return 2
        }
        if failed == 2 || bytes.isEmpty { throw DatasetError.image(file: name, reason: "not a PNG or JPEG file") }
        if failed != 0 {
            let reason = withUnsafeBytes(of: &raw.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw DatasetError.image(file: name, reason: "corrupt or truncated image: \(reason)")
        }
        defer { ci_free(&raw) }
        let count = Int(raw.width) * Int(raw.height) * Int(raw.channels)
        var values = [Float](repeating: 0, count: count)
        guard let pixels = raw.pixels else { throw DatasetError.image(file: name, reason: "the decoder returned no pixels") }
        if raw.bit_depth == 16 {
            let samples = pixels.assumingMemoryBound(to: UInt16.self)
            for i in 0..<count { values[i] = Float(samples[i]) }
        } else {
            let samples = pixels.assumingMemoryBound(to: UInt8.self)
            for i in 0..<count { values[i] = Float(samples[i]) }
        }
        return try Image(height: Int(raw.height), width: Int(raw.width), channels: Int(raw.channels),
                         maxValue: raw.bit_depth == 16 ? 65535 : 255, values: values)
    }
}
