/// A row-major Float32 matrix with a name per column, as models consume it.
public struct FeatureMatrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Column names: numeric columns by name, one-hot columns as `column=level`.
    public let names: [String]
    /// `rows * names.count` values, row after row.
    public let values: [Float]
    /// Categorical values absent from the schema (encoded as all zeros), by column, sorted.
    public var unseen: [String: [String]] = [:]

    /// The one warning to show when values were unseen at fit time, naming each column and its values.
    public var warning: String? {
        guard !unseen.isEmpty else { return nil }
        return "levels unseen when the schema was fitted encode as all zeros: " + unseen.keys.sorted().map { name in
            "\(name) (" + (unseen[name] ?? []).map { "'\($0)'" }.joined(separator: ", ") + ")"
        }.joined(separator: "; ")
    }
}

/// Encodes a dataset's feature columns as its schema says: numeric columns as they are (standardised when the
/// schema holds fitted statistics and the data is raw), categorical columns one-hot over the schema's levels.
/// Columns are found by name, so their order in the data does not matter; a level the schema does not know
/// encodes as all zeros and is reported in `FeatureMatrix.unseen`.
public struct FeatureEncoder: Codable, Equatable, Sendable {
    /// The schema the encoder follows.
    public let schema: Schema
    /// Whether the sensitive columns are features too.
    public let includeSensitive: Bool

    enum CodingKeys: String, CodingKey {
        case schema, includeSensitive = "include_sensitive"
    }

    /// An encoder for `schema`'s feature columns.
    public init(schema: Schema, includeSensitive: Bool = false) {
        self.schema = schema
        self.includeSensitive = includeSensitive
    }

    /// The encoder of `dataset`'s schema (shared by all its subsets): every column but the label, and the
    /// sensitive columns only when `includeSensitive`.
    public init(fitting dataset: Dataset, includeSensitive: Bool = false) {
        self.init(schema: dataset.schema, includeSensitive: includeSensitive)
    }

    /// The schema's columns that are features.
    var parts: [Schema.Column] { schema.features(includeSensitive: includeSensitive) }

    /// Names of the encoded columns.
    public var names: [String] {
        parts.flatMap { part in part.levels.map { levels in levels.map { "\(part.name)=\($0)" } } ?? [part.name] }
    }

    /// For each encoded column, the source column it comes from (one-hot groups share one).
    public var sources: [String] {
        parts.flatMap { part in Array(repeating: part.name, count: part.levels?.count ?? 1) }
    }

    /// The feature columns in encoded order, each with its encoded columns (one, or a one-hot block).
    public var blocks: [FeatureBlock] {
        var start = 0
        return parts.map { part in
            let width = part.levels?.count ?? 1
            defer { start += width }
            return FeatureBlock(name: part.name, columns: start..<(start + width), oneHot: part.levels != nil)
        }
    }

    /// Encodes `dataset`, which must have every feature column (in any order; others are ignored).
    public func transform(_ dataset: Dataset) throws -> FeatureMatrix {
        let parts = self.parts
        try Schema.requireColumns(parts, in: dataset.table)
        let width = parts.reduce(0) { $0 + ($1.levels?.count ?? 1) }
        let rows = dataset.count
        var values = [Float](repeating: 0, count: rows * width)
        var unseen: [String: [String]] = [:]
        var offset = 0
        try values.withUnsafeMutableBufferPointer { out in
            for part in parts {
                let column = try dataset.column(part.name)
                if let levels = part.levels {
                    let c = Dataset.categories(column)
                    let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
                    let map = c.levels.map { position[$0] ?? -1 }
                    var missed = Set<Int32>()
                    for r in 0..<rows {
                        let code = c.codes[r]
                        guard code >= 0 else { continue }
                        if map[Int(code)] >= 0 { out[r * width + offset + map[Int(code)]] = 1 } else { missed.insert(code) }
                    }
                    if !missed.isEmpty { unseen[part.name] = missed.map { c.levels[Int($0)] }.sorted() }
                    offset += levels.count
                } else {
                    guard case let .numeric(x) = column else {
                        throw DatasetError.invalid("column '\(part.name)' was numeric when the schema was fitted, but the data holds text"
                                                   + (rows > 0 ? " (e.g. '\(column.text(0))')" : ""))
                    }
                    // Data standardised with other statistics (or raw) is brought to the schema's scale.
                    let have = dataset.schema.column(part.name)?.standardization, want = part.standardization
                    if have != want {
                        for r in 0..<rows {
                            let raw = have.map { $0.invert(x[r]) } ?? x[r]
                            out[r * width + offset] = Float(want.map { $0.apply(raw) } ?? raw)
                        }
                    } else {
                        for r in 0..<rows { out[r * width + offset] = Float(x[r]) }
                    }
                    offset += 1
                }
            }
        }
        var matrix = FeatureMatrix(rows: rows, names: names, values: values)
        matrix.unseen = unseen
        return matrix
    }
}
