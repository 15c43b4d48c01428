import Datasets
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Networks on disk in the safetensors format (readable by Python's `safetensors`): an 8-byte
/// little-endian header length, a JSON header naming each tensor's dtype, shape and byte range (with
/// the architecture as JSON under `__metadata__`), then the raw little-endian Float32 data.
public enum ModelFile {
    /// Writes `net`'s weights and architecture to `path` atomically.
    public static func save(_ net: Sequential, encoder: FeatureEncoder? = nil, to path: String) throws {
        let params = net.parameters + net.state
        let unbuilt = net.layers.contains { layer in
            (layer as? Dense).map { $0.weight == nil } ?? (layer as? Conv2D).map { $0.weight == nil } ?? (layer as? BatchNorm).map { $0.gamma == nil } ?? false
        }
        guard !params.isEmpty, !unbuilt else {
            throw LearningError.invalid("save: some layers do not know their input size yet (call the network on a batch or fit it first)")
        }
        let layers: [[String: Setting]] = net.layers.map { layer in
            var entry: [String: Setting] = ["kind": .text(layer.kind)]
            for (k, v) in layer.config { entry[k] = .number(v) }
            for (k, v) in layer.textConfig { entry[k] = .text(v) }
            return entry
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let architecture = try encoder.encode(Architecture(format: "fairlua.sequential/1", layers: layers))
        var header = Header(architecture: String(decoding: architecture, as: UTF8.self), tensors: [:])
        var offset = 0
        for (name, t) in params {
            header.tensors[name] = TensorEntry(dtype: "F32", shape: t.shape, data_offsets: [offset, offset + t.numel * 4])
            offset += t.numel * 4
        }
        var json = Array(try encoder.encode(header))
        while json.count % 8 != 0 { json.append(0x20) }   // the format pads the header with spaces
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json)
        for (_, t) in params {
            for v in t.storage { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        }
        try AtomicFile.write(bytes, to: path)
    }

    /// Rebuilds a network from `path`; a truncated file or weights that do not fit the architecture are errors.
    public static func load(_ path: String) throws -> Sequential {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch { throw LearningError.invalid("load: \(error)") }
        func bad(_ why: String) -> LearningError { .invalid("load: \(path) is not a FairLua model file: \(why)") }
        guard bytes.count >= 8 else { throw bad("it is shorter than the 8-byte header length") }
        let length = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length <= UInt64(bytes.count - 8) else { throw bad("the header says \(length) bytes but the file is \(bytes.count) bytes (truncated?)") }
        let headerEnd = 8 + Int(length)
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(Header.self, from: Data(bytes[8..<headerEnd])),
              let arch = try? decoder.decode(Architecture.self, from: Data(header.architecture.utf8)) else { throw bad("its header has no architecture") }
        let layers = arch.layers
        let net = Sequential()
        for (k, entry) in layers.enumerated() {
            let kind = entry["kind"]?.text ?? "?"
            // Weights must fit a built layer: its input size has to be in the file.
            let sizes = ["Dense": "in_units", "Conv2D": "in_channels", "BatchNorm": "features"]
            if let key = sizes[kind], !((entry[key]?.number ?? 0) >= 1) { throw bad("layer \(k + 1) (\(kind)) lacks its sizes") }
            do {
                net.add(try LayerFactory.layer(kind: kind, number: { entry[$0]?.number }, text: { entry[$0]?.text }))
            } catch {
                throw bad("layer \(k + 1): \(error)")
            }
        }
        for (name, t) in net.parameters + net.state {
            guard let entry = header.tensors[name], entry.data_offsets.count == 2 else {
                throw bad("the weights '\(name)' are missing")
            }
            let shape = entry.shape, offsets = entry.data_offsets
            guard shape == t.shape else {
                throw LearningError.invalid("load: \(path): '\(name)' has shape \(shape) but the architecture needs \(t.shape)")
            }
            let start = headerEnd + offsets[0], end = headerEnd + offsets[1]
            guard offsets[0] >= 0, end - start == t.numel * 4, end <= bytes.count else { throw bad("the data of '\(name)' is truncated") }
            t.withMutableValues { out in
                for i in 0..<out.count {
                    let b = start + i * 4
                    let bits = UInt32(bytes[b]) | UInt32(bytes[b + 1]) << 8 | UInt32(bytes[b + 2]) << 16 | UInt32(bytes[b + 3]) << 24
                    out[i] = Float(bitPattern: bits)
                }
            }
        }
        net.training = false
        return net
    }

    /// A layer setting in the architecture JSON: a number or a text.
    enum Setting: Codable {
        case number(Double)
        case text(String)

        var number: Double? { if case let .number(d) = self { return d } else { return nil } }
        var text: String? { if case let .text(t) = self { return t } else { return nil } }

        init(from decoder: Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let d = try? value.decode(Double.self) { self = .number(d) } else { self = .text(try value.decode(String.self)) }
        }

        func encode(to encoder: Encoder) throws {
            var value = encoder.singleValueContainer()
            switch self {
            case let .number(d): try value.encode(d)
            case let .text(t): try value.encode(t)
            }
        }
    }

    /// The network's layers as stored under `__metadata__.architecture`.
    struct Architecture: Codable {
        let format: String
        let layers: [[String: Setting]]
    }

    /// One tensor's dtype, shape and byte range (safetensors' names).
    struct TensorEntry: Codable {
        let dtype: String
        let shape: [Int]
        // swiftlint:disable:next identifier_name
        let data_offsets: [Int]
    }

    /// The safetensors header: `__metadata__` with the architecture, then one entry per tensor.
    struct Header: Codable {
        var architecture: String
        var tensors: [String: TensorEntry]

        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        init(architecture: String, tensors: [String: TensorEntry]) {
            self.architecture = architecture
            self.tensors = tensors
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            let meta = try container.decode([String: String].self, forKey: Key(stringValue: "__metadata__"))
            guard let architecture = meta["architecture"] else {
                throw DecodingError.dataCorruptedError(forKey: Key(stringValue: "__metadata__"), in: container, debugDescription: "no architecture")
            }
            self.architecture = architecture
            var tensors: [String: TensorEntry] = [:]
            for key in container.allKeys where key.stringValue != "__metadata__" {
                tensors[key.stringValue] = try container.decode(TensorEntry.self, forKey: key)
            }
            self.tensors = tensors
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(["architecture": architecture], forKey: Key(stringValue: "__metadata__"))
            for (name, entry) in tensors { try container.encode(entry, forKey: Key(stringValue: name)) }
        }
    }
}
