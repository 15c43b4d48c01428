import Datasets
import Fairness
import Learning
import Tensors

/// Occlusion importance of an image classifier (Zeiler & Fergus 2014, "Visualizing and understanding convolutional
/// networks"), the image form of permutation importance: the image plane is cut into a grid of `patch` × `patch`
/// squares (the last row and column may be smaller); each square in turn is filled with `fill` in every image and
/// the network scores the occluded images. A region's importance is the drop in accuracy it causes — overall, in
/// each group, and in the accuracy gap between the groups (max − min over groups with images). A positive gap drop
/// means that hiding the region narrows the gap: the model reads that region differently for the groups.
public struct OcclusionImportance {
    /// Accuracy overall, per group (NaN for a group without images) and the gap between the groups.
    public struct Accuracy: Equatable {
        /// Share of all images classified right.
        public let overall: Double
        /// Share of each group's images classified right, in `groups` order.
        public let byGroup: [Double]
        /// max − min of the finite group accuracies (0 with fewer than two).
        public var gap: Double {
            let present = byGroup.filter(\.isFinite)
            guard present.count >= 2, let hi = present.max(), let lo = present.min() else { return 0 }
            return hi - lo
        }
    }

    /// The side of a square, in pixels.
    public let patch: Int
    /// The images' height and width in pixels.
    public let height: Int, width: Int
    /// The grid: rows down the image, columns across it.
    public let gridRows: Int, gridColumns: Int
    /// The value each occluded pixel takes, per channel.
    public let fill: [Float]
    /// Group names and their image counts.
    public let groups: [String], sizes: [Int]
    /// Accuracy of the images as they are.
    public let baseline: Accuracy
    /// Accuracy with each grid cell occluded, row-major (`gridRows × gridColumns`).
    public let occluded: [Accuracy]

    /// Occludes every `patch` × `patch` cell of `images` (N × C × H × W) in turn and scores `classify`'s class ids
    /// against `labels`, by `groups` (each image's index into `groupNames`, −1 for none). `fill` is one value per
    /// channel (default: each channel's mean over all images, a grey that carries no class information).
    public init(images: Tensor, labels: [Int], groups: [Int], groupNames: [String], patch: Int, fill: [Float]? = nil,
                classify: (Tensor) throws -> [Int]) throws {
        guard images.dim == 4 else {
            throw TensorError.invalid("occlusion: images of shape (N, C, H, W) expected, got \(Tensor.format(shape: images.shape)) (open the folder with transform = ToTensor())")
        }
        let (n, channels, height, width) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3])
        guard n > 0, channels > 0, height > 0, width > 0 else { throw TensorError.invalid("occlusion: no images") }
        guard labels.count == n, groups.count == n else {
            throw TensorError.invalid("occlusion: \(n) images but \(labels.count) labels and \(groups.count) group entries")
        }
        guard patch >= 1, patch <= max(height, width) else {
            throw TensorError.invalid("occlusion: patch must be 1 to \(max(height, width)) pixels (the image is \(height) × \(width)), got \(patch)")
        }
        guard groups.allSatisfy({ $0 >= -1 && $0 < groupNames.count }) else { throw TensorError.invalid("occlusion: a group code names no group") }
        let plane = height * width
        let means: [Float] = images.storage.withUnsafeBufferPointer { v in
            (0..<channels).map { c in
                var sum = 0.0
                for i in 0..<n { for k in 0..<plane { sum += Double(v[(i * channels + c) * plane + k]) } }
                return Float(sum / Double(n * plane))
            }
        }
        let fill = fill ?? means
        guard fill.count == channels, fill.allSatisfy(\.isFinite) else {
            throw TensorError.invalid("occlusion: fill must be one finite number per channel (\(channels)), got \(fill.count)")
        }
        var sizes = [Int](repeating: 0, count: groupNames.count)
        for g in groups where g >= 0 { sizes[g] += 1 }
        func accuracy(_ predicted: [Int]) throws -> Accuracy {
            guard predicted.count == n else { throw TensorError.invalid("occlusion: the classifier gave \(predicted.count) predictions for \(n) images") }
            var right = [Int](repeating: 0, count: groupNames.count), total = 0
            for i in 0..<n where predicted[i] == labels[i] {
                total += 1
                if groups[i] >= 0 { right[groups[i]] += 1 }
            }
            return Accuracy(overall: Double(total) / Double(n),
                            byGroup: zip(right, sizes).map { $1 > 0 ? Double($0) / Double($1) : .nan })
        }
        baseline = try accuracy(try classify(images))
        let (rows, columns) = ((height + patch - 1) / patch, (width + patch - 1) / patch)
        var work = images.storage, occluded: [Accuracy] = []
        occluded.reserveCapacity(rows * columns)
        let progress = ProgressHook("occlusion importance", total: rows * columns)
        defer { progress.finish() }
        for r in 0..<rows {
            for c in 0..<columns {
                try Cancellation.check()
                let ys = (r * patch)..<min(height, (r + 1) * patch), xs = (c * patch)..<min(width, (c + 1) * patch)
                work.withUnsafeMutableBufferPointer { w in
                    for i in 0..<n { for ch in 0..<channels { for y in ys { for x in xs { w[((i * channels + ch) * height + y) * width + x] = fill[ch] } } } }
                }
                occluded.append(try accuracy(try classify(try Tensor(shape: images.shape, storage: work))))
                images.storage.withUnsafeBufferPointer { v in
                    work.withUnsafeMutableBufferPointer { w in
                        for i in 0..<n { for ch in 0..<channels { for y in ys { for x in xs {
                            let k = ((i * channels + ch) * height + y) * width + x
                            w[k] = v[k]
                        } } } }
                    }
                }
                progress.update(r * columns + c + 1)
            }
        }
        (self.patch, self.gridRows, self.gridColumns, self.fill) = (patch, rows, columns, fill)
        (self.height, self.width) = (height, width)
        (self.groups, self.sizes, self.occluded) = (groupNames, sizes, occluded)
    }

    /// Occlusion importance of `network` on an image folder, by the folder's groups.
    public init(network: Sequential, folder: ImageFolder, patch: Int? = nil, fill: [Float]? = nil) throws {
        let rows = try GroupedClasses(folder)
        let names = rows.groups.levels.sorted()
        try self.init(images: try folder.tensor(), labels: rows.labels, groups: rows.codes(in: names), groupNames: names,
                      patch: patch ?? Self.defaultPatch(try folder.image(0).shape), fill: fill) { x in
            guard let classes = try network.predictClasses(x) else {
                throw LearningError.invalid("occlusion needs a network with one output per class (it has a single output)")
            }
            return classes.map { Int($0) }
        }
    }

    /// The default side of a square: a quarter of the image's smaller side (a 4 × 4 grid), at least 1 pixel.
    public static func defaultPatch(_ shape: [Int]) -> Int { max(1, (shape.suffix(2).min() ?? 4) / 4) }

    /// The number of grid cells (forward passes after the baseline).
    public var cells: Int { gridRows * gridColumns }

    /// The drop in overall accuracy per cell (baseline − occluded), row-major.
    public var overallDrop: [Double] { occluded.map { baseline.overall - $0.overall } }

    /// The drop in group `g`'s accuracy per cell, row-major.
    public func groupDrop(_ g: Int) -> [Double] { occluded.map { baseline.byGroup[g] - $0.byGroup[g] } }

    /// The drop in the accuracy gap per cell (positive: hiding the cell narrows the gap), row-major.
    public var gapDrop: [Double] { occluded.map { baseline.gap - $0.gap } }

    /// The pixel rectangle of cell `k` (row-major): rows `y`, columns `x`, 0-based, half-open.
    public func region(_ k: Int) -> (y: Range<Int>, x: Range<Int>) {
        let (r, c) = (k / gridColumns, k % gridColumns)
        return ((r * patch)..<min(height, (r + 1) * patch), (c * patch)..<min(width, (c + 1) * patch))
    }
}
