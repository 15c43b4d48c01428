#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Images stored one folder per class, as torchvision's ImageFolder: `root/CLASS/image.png`, or
/// `root/GROUP/CLASS/image.png` when the groups come from folders. Sorted class names give the class ids
/// 0, 1, …; files are PNG or JPEG (told by their first bytes), decoded once when the folder is opened;
/// the transform runs each time an image is read, so random steps draw anew on each pass.
public final class ImageFolder {
    /// Where each image's group comes from.
    public enum Groups: Sendable, Equatable {
        /// No groups.
        case none
        /// The folder level above the class folders.
        case folder
        /// A CSV file with columns `path` (relative to the root) and `group`.
        case manifest(String)
    }

    /// The folder the dataset was read from.
    public let root: String
    /// Class names, sorted; a label is an index into them.
    public let classes: [String]
    /// Image paths relative to `root`.
    public let files: [String]
    /// The class id of each image.
    public let labels: [Int]
    /// Group names (first-seen order) and each image's group code (−1 none).
    public let groups: CategoricalColumn
    /// The decoded, untransformed images.
    public let images: [Image]
    /// Applied when an image is read.
    public let transform: ImagePipeline?

    /// Reads and decodes every PNG and JPEG under `directory`. Every image must come out of the transform
    /// with the same size and channel count (the error names the first one that does not).
    public convenience init(directory: String, groups: Groups = .none, transform: ImagePipeline? = nil) throws {
        let root = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        guard ImageFolder.isDirectory(root) else { throw DatasetError.unreadable(file: root, reason: "not a folder") }
        var entries: [(file: String, className: String, group: String?)] = []
        switch groups {
        case .folder:
            let groupNames = try ImageFolder.subfolders(root)
            guard !groupNames.isEmpty else { throw DatasetError.image(file: root, reason: "groups='folder' expects root/GROUP/CLASS/image files, found no group folders") }
            for g in groupNames {
                for c in try ImageFolder.subfolders(root + "/" + g) {
                    entries += try ImageFolder.imageFiles(root, g + "/" + c).map { ($0, c, g) }
                }
            }
        case .none, .manifest:
            for c in try ImageFolder.subfolders(root) { entries += try ImageFolder.imageFiles(root, c).map { ($0, c, nil) } }
        }
        guard !entries.isEmpty else { throw DatasetError.image(file: root, reason: "no class folders with PNG or JPEG images (expected root/CLASS/image.png)") }
        if case let .manifest(path) = groups {
            let manifest = try ImageFolder.manifest(path.hasPrefix("/") ? path : root + "/" + path)
            entries = try entries.map { e in
                guard let g = manifest[e.file] else {
                    throw DatasetError.image(file: root + "/" + e.file, reason: "not listed in the groups file \(path) (columns path,group; paths relative to \(root))")
                }
                return (e.file, e.className, g)
            }
        }
        let classes = Array(Set(entries.map(\.className))).sorted()
        let ids = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let images = try entries.map { try ImageDecoder.decode(file: root + "/" + $0.file) }
        let groupColumn = groups == .none ? CategoricalColumn(levels: [], codes: [Int32](repeating: -1, count: entries.count))
                                          : CategoricalColumn(values: entries.map(\.group))
        try self.init(root: root, classes: classes, files: entries.map(\.file), labels: entries.map { ids[$0.className] ?? 0 },
                      groups: groupColumn, images: images, transform: transform)
    }

    /// A folder's images as given; checks that they share one size after the transform.
    init(root: String, classes: [String], files: [String], labels: [Int], groups: CategoricalColumn, images: [Image], transform: ImagePipeline?) throws {
        (self.root, self.classes, self.files, self.labels, self.groups, self.images, self.transform) = (root, classes, files, labels, groups, images, transform)
        guard let first = images.first else { return }
        let size = transform?.outputSize(height: first.height, width: first.width) ?? (first.height, first.width)
        for (k, image) in images.enumerated() {
            let s = transform?.outputSize(height: image.height, width: image.width) ?? (image.height, image.width)
            if s != size {
                throw DatasetError.image(file: root + "/" + files[k], reason: "is \(image.height)x\(image.width) but \(files[0]) is \(first.height)x\(first.width)"
                                         + (transform == nil ? "; add data.transforms.Resize(h, w) to give every image one size" : " after the transform"))
            }
            if image.channels != first.channels {
                throw DatasetError.image(file: root + "/" + files[k], reason: "has \(image.channels) channels but \(files[0]) has \(first.channels); store every image with the same colour type")
            }
        }
    }

    /// The number of images.
    public var count: Int { images.count }

    /// Image `i` (0-based) after the transform.
    public func image(_ i: Int) throws -> Image {
        guard images.indices.contains(i) else { throw DatasetError.invalid("image \(i + 1) out of range (1...\(count))") }
        return try transform?.apply(images[i], name: root + "/" + files[i]) ?? images[i]
    }

    /// Every image after the transform, stacked: count × (the image's shape), e.g. N × C × H × W after ToTensor.
    public func tensor() throws -> Tensor {
        guard count > 0 else { throw DatasetError.invalid("the image folder \(root) is empty") }
        let first = try image(0)
        var values: [Float] = []
        values.reserveCapacity(count * first.values.count)
        values += first.values
        for i in 1..<count {
            let item = try image(i)
            guard item.values.count == first.values.count else {
                throw DatasetError.image(file: root + "/" + files[i], reason: "has shape \(item.shape) but the first image has \(first.shape)")
            }
            values += item.values
        }
        return try Tensor(shape: [count] + first.shape, storage: values)
    }

    /// The images at `rows` (0-based), sharing this folder's classes, group levels and transform.
    public func subset(_ rows: [Int]) throws -> ImageFolder {
        guard rows.allSatisfy(images.indices.contains) else { throw DatasetError.invalid("image index out of range (1...\(count))") }
        return try ImageFolder(root: root, classes: classes, files: rows.map { files[$0] }, labels: rows.map { labels[$0] },
                               groups: groups.selecting(rows), images: rows.map { images[$0] }, transform: transform)
    }

    /// A seeded split: `ratio` of each class (and group, when there are groups) to the first part.
    public func split(ratio: Double, seed: UInt64) throws -> (ImageFolder, ImageFolder) {
        let strata = RowSplit.strata([labels.map(Int32.init), groups.codes], count: count)
        let (first, second) = try RowSplit.split(strata, ratio: ratio, seed: seed)
        return (try subset(first), try subset(second))
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Visible entries of `path`, sorted.
    private static func entries(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw DatasetError.unreadable(file: path, reason: String(cString: strerror(errno))) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    private static func subfolders(_ path: String) throws -> [String] {
        try entries(path).filter { isDirectory(path + "/" + $0) }
    }

    /// Image files (by extension) in `root/folder`, as paths relative to root; an error if there are none.
    private static func imageFiles(_ root: String, _ folder: String) throws -> [String] {
        let names = try entries(root + "/" + folder).filter { name in
            let lower = name.lowercased()
            return (lower.hasSuffix(".png") || lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg")) && !isDirectory(root + "/" + folder + "/" + name)
        }
        guard !names.isEmpty else { throw DatasetError.image(file: root + "/" + folder, reason: "the class folder holds no PNG or JPEG images") }
        return names.map { folder + "/" + $0 }
    }

    /// path → group from a CSV file with columns `path` and `group`.
    private static func manifest(_ path: String) throws -> [String: String] {
        var options = CSVOptions()
        options.categorical = ["path", "group"]
        let table = try CSVReader.read(path, options: options).table
        guard case let .categorical(paths) = table.columns[try table.index(of: "path", option: "groups file \(path)")],
              case let .categorical(groups) = table.columns[try table.index(of: "group", option: "groups file \(path)")] else {
            throw DatasetError.invalid("groups file \(path): columns path and group expected")
        }
        var out: [String: String] = [:]
        for row in 0..<table.rowCount {
            guard let p = paths.value(row), let g = groups.value(row) else {
                throw DatasetError.malformed(file: path, line: row + 2, reason: "path and group must not be empty")
            }
            out[p.hasPrefix("./") ? String(p.dropFirst(2)) : p] = g
        }
        return out
    }
}
