import Datasets
import FoundationEssentials
import Tensors

/// An audit state as a JSON document (schema in README, "Sharded audits"): `format`, `version`, `options`,
/// `columns`, `source`, `label`/`decision` tallies and `groups`; 128-bit fixed-point sums are decimal strings.
extension AuditState: Codable {
    private enum Keys: String, CodingKey { case format, version, options, columns, source, label, decision, groups }

    /// Reads the state file at `path`; a truncated file, another format or version, or inconsistent sizes is an error naming the file.
    public static func load(_ path: String) throws -> AuditState {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch { throw FairnessError.invalid("cannot read audit state \(path): \(error)") }
        return try decode(bytes, name: path)
    }

    /// The state in the JSON document `bytes` (`name` is used in messages).
    public static func decode(_ bytes: [UInt8], name: String) throws -> AuditState {
        struct Header: Decodable { var format: String?; var version: Int? }
        let data = Data(bytes)
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw FairnessError.invalid("\(name): not a FairLua audit state (the JSON is truncated or invalid)")
        }
        guard header.format == format else {
            throw FairnessError.invalid("\(name): not a FairLua audit state (its format is \(header.format.map { "'\($0)'" } ?? "missing"), expected '\(format)')")
        }
        guard header.version == version else {
            throw FairnessError.invalid("\(name): audit state version \(header.version.map(String.init) ?? "missing"); this FairLua reads version \(version)")
        }
        do {
            return try JSONDecoder().decode(AuditState.self, from: data)
        } catch let e as FairnessError {
            throw FairnessError.invalid("\(name): \(e)")
        } catch {
            throw FairnessError.invalid("\(name): not a valid audit state (\(Self.reason(error)))")
        }
    }

    /// What a decoding error says, without Swift's type names.
    private static func reason(_ error: Error) -> String {
        switch error as? DecodingError {
        case let .keyNotFound(key, context)?: return "field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' is missing"
        case let .typeMismatch(_, context)?, let .valueNotFound(_, context)?, let .dataCorrupted(context)?:
            return "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type or value"
        default: return "\(error)"
        }
    }

    /// The state as a JSON document (keys sorted, so equal states give equal bytes).
    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The document's fields after `format` and `version`, listed once for writing and reading.
    private static var fields: [CodedField<AuditState, Keys>] {
        [.required(.options, \.options), .required(.columns, \.columns), .required(.source, \.source),
         .required(.label, \.label), .required(.decision, \.decision), .required(.groups, \.groups)]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(AuditState.format, forKey: .format)
        try c.encode(AuditState.version, forKey: .version)
        for field in AuditState.fields { try field.encode(self, &c) }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(options: Audit.Options(label: "", prediction: "", sensitive: [], metrics: []), columns: [], source: "",
                  label: Tally(), decision: Tally(), groups: [])
        for field in AuditState.fields { try field.decode(&self, c) }
        try validate()
    }

    /// Sizes and signs a state must have: the checks that make a hand-edited or corrupt file an error, not a wrong report.
    private func validate() throws {
        let o = options
        guard o.buckets >= 0, o.buckets <= Audit.Options.maxBuckets, o.bootstrap >= 0, o.bootstrap <= Audit.Options.maxBootstrap else {
            throw FairnessError.invalid("buckets must be in 0…\(Audit.Options.maxBuckets) and bootstrap in 0…\(Audit.Options.maxBootstrap)")
        }
        guard (o.score == nil) == (o.buckets == 0) else { throw FairnessError.invalid("a score histogram needs a score column and buckets > 0") }
        for name in [o.label, o.prediction] + o.sensitive + [o.score, o.weight].compactMap({ $0 }) where !columns.contains(name) {
            throw FairnessError.invalid("column '\(name)' is not among the columns \(columns.joined(separator: ","))")
        }
        for t in [label, decision] where t.positive < 0 || t.negative < 0 || t.values.count > Tally.shown {
            throw FairnessError.invalid("a label or decision tally is negative or too long")
        }
        var previous: [String]?
        for g in groups {
            let key = g.values.joined(separator: "|")
            guard g.values.count == o.sensitive.count else {
                throw FairnessError.invalid("group '\(key)' has \(g.values.count) values for \(o.sensitive.count) sensitive columns")
            }
            if let previous, !previous.lexicographicallyPrecedes(g.values) {
                throw FairnessError.invalid("groups must be sorted and distinct ('\(key)' is out of order)")
            }
            previous = g.values
            let hasScore = o.score != nil
            guard g.counts.count == 4, g.weighted.count == 4, g.loss.count == (hasScore ? 2 : 0),
                  g.histogram.count == 2 * o.buckets, g.replicates.count == 4 * o.bootstrap else {
                throw FairnessError.invalid("group '\(key)': expected 4 counts, 4 weighted sums, \(hasScore ? 2 : 0) loss sums, "
                                            + "\(2 * o.buckets) histogram buckets (2 × buckets \(o.buckets)) and \(4 * o.bootstrap) replicate cells "
                                            + "(4 × bootstrap \(o.bootstrap)); found \(g.counts.count), \(g.weighted.count), \(g.loss.count), "
                                            + "\(g.histogram.count) and \(g.replicates.count)")
            }
            guard g.counts.allSatisfy({ $0 >= 0 }), (g.weighted + g.loss + g.histogram + g.replicates).allSatisfy({ $0 >= 0 }) else {
                throw FairnessError.invalid("group '\(key)': counts and sums must be ≥ 0")
            }
            guard g.counts.reduce(0, { $0.addingReportingOverflow($1).partialValue }) >= 0,
                  g.counts.reduce(0, { $0 | $1 }) < 1 << 60 else {
                throw FairnessError.invalid("group '\(key)': counts beyond 2^60")
            }
        }
    }
}

extension AuditState.Group: Codable {
    private enum Keys: String, CodingKey { case values, counts, weighted, loss, histogram, replicates }

    /// The group's fields, listed once for writing and reading; 128-bit sums as decimal strings.
    private static var fields: [CodedField<AuditState.Group, Keys>] {
        [.required(.values, \.values), .required(.counts, \.counts), units(.weighted, \.weighted), units(.loss, \.loss),
         units(.histogram, \.histogram), units(.replicates, \.replicates)]
    }

    /// A field of 128-bit sums at `path`, stored as decimal strings.
    private static func units(_ key: Keys, _ path: WritableKeyPath<AuditState.Group, [Int128]>) -> CodedField<AuditState.Group, Keys> {
        .required(key, get: { $0[keyPath: path].map(String.init) }, set: { (group: inout AuditState.Group, texts: [String]) in
            group[keyPath: path] = try texts.map { text in
                guard let u = Int128(text) else { throw FairnessError.invalid("field '\(key.stringValue)': '\(text.prefix(40))' is not a decimal integer") }
                return u
            }
        })
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        for field in Self.fields { try field.encode(self, &c) }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(values: [], counts: [], weighted: [], loss: [], histogram: [], replicates: [])
        for field in Self.fields { try field.decode(&self, c) }
    }
}

extension Audit.Options: Codable {
    private enum Keys: String, CodingKey {
        case label, prediction, sensitive, score, weight, positive, threshold, privileged, metrics, separator, buckets, bootstrap, seed, level
        case predictionPositive = "prediction_positive"
    }

    /// One option as a state file stores it, and its name in the error that refuses to merge states whose
    /// values differ.
    private struct Field {
        let coded: CodedField<Audit.Options, Keys>
        let name: String
        /// The stored value as the merge error shows it.
        let text: (Audit.Options) -> String

        /// An option stored as `Stored` (`get` and `set` convert).
        static func field<Stored: Codable & OptionText>(_ key: Keys, _ name: String, get: @escaping (Audit.Options) -> Stored,
                                                        set: @escaping (inout Audit.Options, Stored) throws -> Void) -> Field {
            Field(coded: .required(key, get: get, set: set), name: name, text: { get($0).optionText })
        }

        /// An option left out of the file when `get` gives nil.
        static func optional<Stored: Codable & OptionText>(_ key: Keys, _ name: String, get: @escaping (Audit.Options) -> Stored?,
                                                           set: @escaping (inout Audit.Options, Stored?) throws -> Void) -> Field {
            Field(coded: .optional(key, get: get, set: set), name: name, text: { get($0).optionText })
        }

        /// The option at `path`, stored as it is.
        static func field<T: Codable & OptionText>(_ key: Keys, _ name: String, _ path: WritableKeyPath<Audit.Options, T>) -> Field {
            field(key, name, get: { $0[keyPath: path] }, set: { $0[keyPath: path] = $1 })
        }

        /// The optional option at `path`, stored as it is when present.
        static func optional<T: Codable & OptionText>(_ key: Keys, _ name: String, _ path: WritableKeyPath<Audit.Options, T?>) -> Field {
            optional(key, name, get: { $0[keyPath: path] }, set: { $0[keyPath: path] = $1 })
        }
    }

    /// The options a state records, listed once: written, read and compared in this order (`names` is not
    /// recorded: the state keeps the columns).
    private static var fields: [Field] { [
        .field(.label, "label", \.label), .field(.prediction, "prediction", \.prediction),
        .field(.sensitive, "sensitive columns", \.sensitive), .optional(.score, "score", \.score), .optional(.weight, "weight", \.weight),
        .field(.positive, "positive values", get: { $0.positive.sorted() }, set: { $0.positive = Set($1) }),
        .optional(.predictionPositive, "prediction-positive values", get: { $0.predictionPositive?.sorted() }, set: { $0.predictionPositive = $1.map(Set.init) }),
        .optional(.threshold, "threshold", \.threshold), .optional(.privileged, "privileged", \.privileged),
        .field(.metrics, "metrics", \.metrics),
        .field(.separator, "separator", get: { Audit.Options.name($0.separator) }, set: { options, text in
            guard let s = CSVSeparator(text) else { throw FairnessError.invalid("field 'options.separator': '\(text)' is not a separator") }
            options.separator = s
        }),
        .field(.buckets, "bucket count", \.buckets), .field(.bootstrap, "bootstrap", \.bootstrap), .field(.seed, "seed", \.seed),
        .field(.level, "level", \.level),
    ] }

    /// The first option that differs from `other`'s: its name and both values.
    func firstDifference(_ other: Audit.Options) -> (String, String, String)? {
        Audit.Options.fields.lazy.map { ($0.name, $0.text(self), $0.text(other)) }.first { $0.1 != $0.2 }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        for field in Audit.Options.fields { try field.coded.encode(self, &c) }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(label: "", prediction: "", sensitive: [], metrics: [])
        for field in Audit.Options.fields { try field.coded.decode(&self, c) }
        do { try validate() } catch { throw FairnessError.invalid("options: \(error)") }
    }
}

/// One field of a JSON document with its key, so that a type's fields are listed once, in one table, for
/// both writing and reading.
struct CodedField<Root, Key: CodingKey> {
    let encode: (Root, inout KeyedEncodingContainer<Key>) throws -> Void
    let decode: (inout Root, KeyedDecodingContainer<Key>) throws -> Void

    /// A field that must be present, stored as `Stored` (`get` and `set` convert).
    static func required<Stored: Codable>(_ key: Key, get: @escaping (Root) -> Stored, set: @escaping (inout Root, Stored) throws -> Void) -> CodedField {
        CodedField(encode: { try $1.encode(get($0), forKey: key) }, decode: { try set(&$0, try $1.decode(Stored.self, forKey: key)) })
    }

    /// A field that is left out when `get` gives nil.
    static func optional<Stored: Codable>(_ key: Key, get: @escaping (Root) -> Stored?, set: @escaping (inout Root, Stored?) throws -> Void) -> CodedField {
        CodedField(encode: { try $1.encodeIfPresent(get($0), forKey: key) }, decode: { try set(&$0, try $1.decodeIfPresent(Stored.self, forKey: key)) })
    }

    /// The required field at `path`.
    static func required<T: Codable>(_ key: Key, _ path: WritableKeyPath<Root, T>) -> CodedField {
        required(key, get: { $0[keyPath: path] }, set: { $0[keyPath: path] = $1 })
    }
}

/// How an option's stored value reads in a merge error ("none" for an absent one).
protocol OptionText { var optionText: String { get } }
extension String: OptionText { var optionText: String { self } }
extension Int: OptionText { var optionText: String { "\(self)" } }
extension UInt64: OptionText { var optionText: String { "\(self)" } }
extension Double: OptionText { var optionText: String { "\(self)" } }
extension Array: OptionText where Element == String { var optionText: String { joined(separator: ",") } }
extension Optional: OptionText where Wrapped: OptionText { var optionText: String { map(\.optionText) ?? "none" } }
