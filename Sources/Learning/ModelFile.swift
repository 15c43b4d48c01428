import Datasets
import FoundationEssentials
import Tensors

/// One file format for every fitted model: safetensors (readable by Python's `safetensors`). An 8-byte
/// little-endian header length; a JSON header whose `__metadata__` holds `format` ("fairlua.model"),
/// `version`, `schema` (the feature encoder: the dataset's schema and whether sensitive columns are features)
/// and `estimator` (the estimator's kind, settings, wrapped parts and tensor names), then one entry per
/// tensor (dtype F32 or F64, shape, byte range); then the raw little-endian data. Written atomically.
public enum ModelFile {
    /// The format version written; files of a newer version are refused.
    public static let version = 2

    /// Writes `estimator` (and the encoder it reads datasets with, if any) to `path` atomically.
    public static func save(_ estimator: Classifier, encoder: FeatureEncoder?, to path: String) throws {
        guard let archivable = estimator as? ArchivableEstimator else {
            throw LearningError.invalid("save: a \(type(of: estimator)) cannot be saved")
        }
        try write(try archivable.archive(), encoder: encoder, to: path)
    }

    /// The estimator and encoder in `path`, decoded with `loader`; a truncated, corrupt, mismatched or
    /// newer-version file is an error naming the file.
    public static func load(_ path: String, loader: EstimatorLoader = .learning) throws -> (estimator: Classifier, encoder: FeatureEncoder?) {
        let (archive, encoder) = try read(path)
        if archive.kind == "Transform" { throw invalid(path, "it holds a data transform (load it with data.transforms.load)") }
        do {
            return (try loader.estimator(archive), encoder)
        } catch {
            throw invalid(path, "\(error)")
        }
    }

    /// The error for a file that cannot be read as a model.
    static func invalid(_ path: String, _ why: String) -> LearningError { .invalid("load: \(path) is not a valid FairLua model file: \(why)") }

    /// Writes `archive` (and `encoder`, if any) to `path` atomically.
    public static func write(_ archive: EstimatorArchive, encoder: FeatureEncoder?, to path: String) throws {
        var tensors: [(String, ArchivedTensor)] = []
        let description = Description(archive, prefix: "", into: &tensors)
        tensors.sort { $0.0 < $1.0 }
        let json = JSONEncoder()
        json.outputFormatting = [.sortedKeys]
        var metadata = ["format": "fairlua.model", "version": String(version),
                        "estimator": String(decoding: try json.encode(description), as: UTF8.self)]
        if let encoder { metadata["schema"] = String(decoding: try json.encode(encoder), as: UTF8.self) }
        var header = Header(metadata: metadata, tensors: [:])
        var data: [UInt8] = []
        for (name, t) in tensors {
            let start = data.count
            switch t {
            case let .float32(x): for v in x.storage { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            case let .float64(x): for v in x { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            }
            header.tensors[name] = TensorEntry(dtype: t.dtype, shape: t.shape, data_offsets: [start, data.count])
        }
        var headerBytes = Array(try json.encode(header))
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }   // the format pads the header with spaces
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + data.count)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes += headerBytes
        bytes += data
        try AtomicFile.write(bytes, to: path)
    }

    /// The archive and encoder in `path`; a truncated, corrupt or newer-version file is an error naming the file.
    public static func read(_ path: String) throws -> (archive: EstimatorArchive, encoder: FeatureEncoder?) {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch { throw LearningError.invalid("load: \(error)") }
        func bad(_ why: String) -> LearningError { invalid(path, why) }
        guard bytes.count >= 8 else { throw bad("it is shorter than the 8-byte header length") }
        let length = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length <= UInt64(bytes.count - 8) else { throw bad("the header says \(length) bytes but the file is \(bytes.count) bytes (truncated?)") }
        let headerEnd = 8 + Int(length)
        let json = JSONDecoder()
        guard let header = try? json.decode(Header.self, from: Data(bytes[8..<headerEnd])) else { throw bad("its header is not safetensors JSON") }
        let meta = header.metadata
        if let v = meta["version"], let n = Int(v), n > version {
            throw bad("it was written by a newer FairLua (model format version \(n); this one reads versions up to \(version))")
        }
        let archive: EstimatorArchive, encoder: FeatureEncoder?
        func tensor(_ name: String) throws -> ArchivedTensor {
            guard let entry = header.tensors[name], entry.data_offsets.count == 2, entry.data_offsets[0] >= 0,
                  entry.data_offsets[0] <= entry.data_offsets[1] else { throw bad("the tensor '\(name)' is missing") }
            let width = entry.dtype == "F64" ? 8 : 4
            let start = headerEnd + entry.data_offsets[0], end = headerEnd + entry.data_offsets[1]
            guard end <= bytes.count else { throw bad("the data of '\(name)' is truncated") }
            var count = 1, overflow = false
            for d in entry.shape {
                let (product, o) = count.multipliedReportingOverflow(by: d)
                count = product
                overflow = overflow || o || d < 0
            }
            guard ["F32", "F64"].contains(entry.dtype), !overflow, count <= (end - start) / width, end - start == count * width else {
                throw bad("the tensor '\(name)' (\(entry.dtype), shape \(entry.shape)) does not match its \(end - start) bytes")
            }
            func word(_ b: Int) -> UInt64 { (0..<width).reduce(UInt64(0)) { $0 | UInt64(bytes[b + $1]) << (8 * UInt64($1)) } }
            if width == 8 { return .float64((0..<count).map { Double(bitPattern: word(start + $0 * 8)) }) }
            return .float32(try Tensor(shape: entry.shape, storage: (0..<count).map { Float(bitPattern: UInt32(word(start + $0 * 4))) }))
        }
        if meta["format"] == "fairlua.model", let text = meta["estimator"] {
            guard let description = try? json.decode(Description.self, from: Data(text.utf8)) else { throw bad("its estimator description is not valid JSON") }
            archive = try description.archive(prefix: "", tensor: tensor)
            encoder = try meta["schema"].map { text in
                guard let e = try? json.decode(FeatureEncoder.self, from: Data(text.utf8)) else { throw bad("its schema is not valid JSON") }
                return e
            }
        } else if let text = meta["architecture"], let old = try? json.decode(Version1.self, from: Data(text.utf8)) {
            // Version 1 held a network's architecture only.
            archive = EstimatorArchive(kind: "Sequential", settings: ["layers": .list(old.layers.map(ModelValue.object))],
                                       tensors: try Dictionary(uniqueKeysWithValues: header.tensors.keys.map { ($0, try tensor($0)) }))
            encoder = nil
        } else {
            throw bad("its header has no FairLua metadata")
        }
        return (archive, encoder)
    }

    /// An archive's tree as stored in the header, tensors replaced by their names in the file.
    struct Description: Codable {
        let kind: String
        let settings: [String: ModelValue]
        let parts: [Description]
        let tensors: [String]

        /// The description of `archive`, its tensors appended to `out` under `prefix` ("" for the root, "1/" for its first part).
        init(_ archive: EstimatorArchive, prefix: String, into out: inout [(String, ArchivedTensor)]) {
            kind = archive.kind
            settings = archive.settings
            tensors = archive.tensors.keys.sorted()
            out += archive.tensors.map { (prefix + $0.key, $0.value) }
            var parts: [Description] = []
            for (k, part) in archive.parts.enumerated() { parts.append(Description(part, prefix: "\(prefix)\(k + 1)/", into: &out)) }
            self.parts = parts
        }

        /// The archive, with its tensors read by `tensor`.
        func archive(prefix: String, tensor: (String) throws -> ArchivedTensor) throws -> EstimatorArchive {
            EstimatorArchive(kind: kind, settings: settings,
                             parts: try parts.enumerated().map { try $0.element.archive(prefix: "\(prefix)\($0.offset + 1)/", tensor: tensor) },
                             tensors: Dictionary(uniqueKeysWithValues: try tensors.map { ($0, try tensor(prefix + $0)) }))
        }
    }

    /// Version 1's `__metadata__.architecture`.
    struct Version1: Codable {
        let layers: [[String: ModelValue]]
    }

    /// One tensor's dtype, shape and byte range (safetensors' names).
    struct TensorEntry: Codable {
        let dtype: String
        let shape: [Int]
        // swiftlint:disable:next identifier_name
        let data_offsets: [Int]
    }

    /// The safetensors header: `__metadata__` (text values), then one entry per tensor.
    struct Header: Codable {
        var metadata: [String: String]
        var tensors: [String: TensorEntry]

        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        init(metadata: [String: String], tensors: [String: TensorEntry]) {
            self.metadata = metadata
            self.tensors = tensors
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            metadata = try container.decodeIfPresent([String: String].self, forKey: Key(stringValue: "__metadata__")) ?? [:]
            var tensors: [String: TensorEntry] = [:]
            for key in container.allKeys where key.stringValue != "__metadata__" {
                tensors[key.stringValue] = try container.decode(TensorEntry.self, forKey: key)
            }
            self.tensors = tensors
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(metadata, forKey: Key(stringValue: "__metadata__"))
            for (name, entry) in tensors { try container.encode(entry, forKey: Key(stringValue: name)) }
        }
    }
}
