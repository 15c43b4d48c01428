/// A row-major Float32 matrix with a name per column, as models consume it.
public struct FeatureMatrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Column names: numeric columns by name, one-hot columns as `column=level`.
    public let names: [String]
    /// `rows * names.count` values, row after row.
    public let values: [Float]
}

/// Encodes a dataset's feature columns: numeric columns as they are, categorical columns one-hot.
/// Fitted on one dataset (it remembers each categorical column's levels, sorted as scikit-learn's
/// OneHotEncoder sorts them) and applied to another; a level unseen at fit time encodes as all zeros.
public struct FeatureEncoder: Sendable {
    /// One encoded source column.
    enum Part: Sendable {
        case numeric(String)
        case oneHot(String, levels: [String])
    }

    let parts: [Part]

    /// Names of the encoded columns.
    public var names: [String] {
        parts.flatMap { part -> [String] in
            switch part {
            case let .numeric(name): return [name]
            case let .oneHot(name, levels): return levels.map { "\(name)=\($0)" }
            }
        }
    }

    /// For each encoded column, the source column it comes from (one-hot groups share one).
    public var sources: [String] {
        parts.flatMap { part -> [String] in
            switch part {
            case let .numeric(name): return [name]
            case let .oneHot(name, levels): return Array(repeating: name, count: levels.count)
            }
        }
    }

    /// Learns the feature columns of `dataset`: every column but the label and the weights, and the
    /// sensitive columns only when `includeSensitive`.
    public init(fitting dataset: Dataset, includeSensitive: Bool = false) {
        var parts: [Part] = []
        for (name, column) in zip(dataset.table.names, dataset.table.columns) {
            if name == dataset.label || (!includeSensitive && dataset.sensitive.contains(name)) { continue }
            switch column {
            case .numeric: parts.append(.numeric(name))
            case let .categorical(c):
                let used = Set(c.codes.filter { $0 >= 0 }.map { c.levels[Int($0)] })
                parts.append(.oneHot(name, levels: used.sorted()))
            }
        }
        self.parts = parts
    }

    /// Encodes `dataset` (which must have the fitted columns, with the same types).
    public func transform(_ dataset: Dataset) throws -> FeatureMatrix {
        let width = names.count
        let rows = dataset.count
        var values = [Float](repeating: 0, count: rows * width)
        var offset = 0
        try values.withUnsafeMutableBufferPointer { out in
            for part in parts {
                switch part {
                case let .numeric(name):
                    guard case let .numeric(x) = try dataset.column(name) else {
                        throw DatasetError.invalid("column '\(name)' was numeric when the encoder was fitted")
                    }
                    for r in 0..<rows { out[r * width + offset] = Float(x[r]) }
                    offset += 1
                case let .oneHot(name, levels):
                    let c = Dataset.categories(try dataset.column(name))
                    let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
                    let map = c.levels.map { position[$0] ?? -1 }
                    for r in 0..<rows {
                        let code = c.codes[r]
                        if code >= 0, map[Int(code)] >= 0 { out[r * width + offset + map[Int(code)]] = 1 }
                    }
                    offset += levels.count
                }
            }
        }
        return FeatureMatrix(rows: rows, names: names, values: values)
    }
}
