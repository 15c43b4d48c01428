import Datasets
import Tensors

extension FeatureEncoder {
    /// The original features, in order, and the encoded columns of each (a categorical feature's one-hot columns together).
    public var featureGroups: (names: [String], columns: [[Int]]) {
        var names: [String] = []
        for s in sources where !names.contains(s) { names.append(s) }
        return (names, names.map { name in sources.indices.filter { sources[$0] == name } })
    }
}

/// The points at which partial dependence varies one or two original features of encoded rows: a numeric
/// feature's grid (`PartialDependence.grid`), or one one-hot row per category; for two features the product
/// grid, the first varying slowest (as scikit-learn's).
public struct FeatureGrid {
    /// The encoded columns set at each point.
    public let columns: [Int]
    /// One row of column values per point.
    public let points: [[Float]]
    /// Labels for the points (`3.5`, `Female`, `Female | 3.5`).
    public let labels: [String]

    /// The grid of `features` over `x` (rows encoded by `encoder`); `resolution` defaults to 100 points
    /// for one feature and 20 per feature for two.
    public init(_ features: [String], x: Tensor, encoder: FeatureEncoder, resolution: Int?, percentiles: (Double, Double)) throws {
        guard (1...2).contains(features.count), x.dim == 2, x.shape[1] == encoder.names.count else {
            throw TensorError.invalid("partial_dependence: one or two features of rows encoded by the model expected")
        }
        let names = encoder.names, sources = encoder.sources
        let resolution = resolution ?? (features.count == 2 ? 20 : 100)
        let axes = try features.map { name -> (columns: [Int], grid: [[Float]], labels: [String]) in
            if let j = names.firstIndex(of: name), sources[j] == name {
                let g = try PartialDependence.grid((0..<x.shape[0]).map { x.storage[$0 * names.count + j] }, resolution: resolution, percentiles: percentiles)
                return ([j], g.map { [$0] }, g.map { formatNumber(Double($0)) })
            }
            let columns = sources.indices.filter { sources[$0] == name }
            guard !columns.isEmpty else {
                throw TensorError.invalid("unknown feature '\(name)'; features: \(encoder.featureGroups.names.joined(separator: ", "))")
            }
            return (columns, columns.indices.map { k in columns.indices.map { $0 == k ? 1 : 0 } }, columns.map { String(names[$0].dropFirst(name.count + 1)) })
        }
        if axes.count == 2 {
            columns = axes[0].columns + axes[1].columns
            points = axes[0].grid.flatMap { a in axes[1].grid.map { a + $0 } }
            labels = axes[0].labels.flatMap { a in axes[1].labels.map { "\(a) | \($0)" } }
        } else {
            columns = axes[0].columns
            points = axes[0].grid
            labels = axes[0].labels
        }
    }
}

extension PartialDependence {
    /// Partial dependence of `predict` on `grid` over the rows `x`.
    public init(x: Tensor, grid: FeatureGrid, individual: Bool, predict: (Tensor) throws -> [Double]) throws {
        try self.init(x: x, columns: grid.columns, grid: grid.points, labels: grid.labels, individual: individual, predict: predict)
    }

    /// The average curve of each level of `groups` (levels without rows left out), over its rows of `x`.
    public static func byGroup(x: Tensor, grid: FeatureGrid, groups: CategoricalColumn,
                               predict: (Tensor) throws -> [Double]) throws -> [(level: String, average: [Double])] {
        guard x.dim == 2, x.shape[0] == groups.codes.count else { throw TensorError.invalid("partial_dependence: one group code per row expected") }
        let d = x.shape[1]
        var out: [(level: String, average: [Double])] = []
        for (code, level) in groups.levels.enumerated() {
            let rows = groups.codes.indices.filter { groups.codes[$0] == Int32(code) }
            guard !rows.isEmpty else { continue }
            var sub = [Float](repeating: 0, count: rows.count * d)
            for (k, r) in rows.enumerated() { for j in 0..<d { sub[k * d + j] = x.storage[r * d + j] } }
            out.append((level, try PartialDependence(x: try Tensor(shape: [rows.count, d], storage: sub), grid: grid, individual: false, predict: predict).average))
        }
        return out
    }
}
