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

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(AuditState.format, forKey: .format)
        try c.encode(AuditState.version, forKey: .version)
        try c.encode(options, forKey: .options)
        try c.encode(columns, forKey: .columns)
        try c.encode(source, forKey: .source)
        try c.encode(label, forKey: .label)
        try c.encode(decision, forKey: .decision)
        try c.encode(groups, forKey: .groups)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        options = try c.decode(Audit.Options.self, forKey: .options)
        columns = try c.decode([String].self, forKey: .columns)
        source = try c.decode(String.self, forKey: .source)
        label = try c.decode(Tally.self, forKey: .label)
        decision = try c.decode(Tally.self, forKey: .decision)
        groups = try c.decode([Group].self, forKey: .groups)
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

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(values, forKey: .values)
        try c.encode(counts, forKey: .counts)
        try c.encode(weighted.map(String.init), forKey: .weighted)
        try c.encode(loss.map(String.init), forKey: .loss)
        try c.encode(histogram.map(String.init), forKey: .histogram)
        try c.encode(replicates.map(String.init), forKey: .replicates)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        func units(_ key: Keys) throws -> [Int128] {
            try c.decode([String].self, forKey: key).map { text in
                guard let u = Int128(text) else { throw FairnessError.invalid("field '\(key.stringValue)': '\(text.prefix(40))' is not a decimal integer") }
                return u
            }
        }
        values = try c.decode([String].self, forKey: .values)
        counts = try c.decode([Int].self, forKey: .counts)
        weighted = try units(.weighted)
        loss = try units(.loss)
        histogram = try units(.histogram)
        replicates = try units(.replicates)
    }
}

extension Audit.Options: Codable {
    private enum Keys: String, CodingKey {
        case label, prediction, sensitive, score, weight, positive, threshold, privileged, metrics, separator, buckets, bootstrap, seed, level
        case predictionPositive = "prediction_positive"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(label, forKey: .label)
        try c.encode(prediction, forKey: .prediction)
        try c.encode(sensitive, forKey: .sensitive)
        try c.encodeIfPresent(score, forKey: .score)
        try c.encodeIfPresent(weight, forKey: .weight)
        try c.encode(positive.sorted(), forKey: .positive)
        try c.encodeIfPresent(predictionPositive?.sorted(), forKey: .predictionPositive)
        try c.encodeIfPresent(threshold, forKey: .threshold)
        try c.encodeIfPresent(privileged, forKey: .privileged)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(Audit.Options.name(separator), forKey: .separator)
        try c.encode(buckets, forKey: .buckets)
        try c.encode(bootstrap, forKey: .bootstrap)
        try c.encode(seed, forKey: .seed)
        try c.encode(level, forKey: .level)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(label: try c.decode(String.self, forKey: .label), prediction: try c.decode(String.self, forKey: .prediction),
                  sensitive: try c.decode([String].self, forKey: .sensitive), metrics: try c.decode([String].self, forKey: .metrics))
        score = try c.decodeIfPresent(String.self, forKey: .score)
        weight = try c.decodeIfPresent(String.self, forKey: .weight)
        positive = Set(try c.decode([String].self, forKey: .positive))
        predictionPositive = try c.decodeIfPresent([String].self, forKey: .predictionPositive).map(Set.init)
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold)
        privileged = try c.decodeIfPresent(String.self, forKey: .privileged)
        let sep = try c.decode(String.self, forKey: .separator)
        guard let s = CSVSeparator(sep) else { throw FairnessError.invalid("field 'options.separator': '\(sep)' is not a separator") }
        separator = s
        buckets = try c.decode(Int.self, forKey: .buckets)
        bootstrap = try c.decode(Int.self, forKey: .bootstrap)
        seed = try c.decode(UInt64.self, forKey: .seed)
        level = try c.decode(Double.self, forKey: .level)
        do { try validate() } catch { throw FairnessError.invalid("options: \(error)") }
    }
}
