import Datasets
import Tensors

extension PartialDependence {
    /// How `explain.partial_dependence` computes (scikit-learn's defaults): the average curve, a grid between the
    /// 5th and 95th percentiles at the feature's own resolution, no curves by group.
    public struct Settings: Sendable {
        /// The curves: the average, every row's (ICE), or both.
        public enum Kind: String, CaseIterable, Sendable { case average, individual, both }
        /// Which curves.
        public var kind = Kind.average
        /// The grid's range as percentiles of the feature's values.
        public var percentiles = (low: 0.05, high: 0.95)
        /// Points of a numeric feature's grid (nil: `FeatureGrid`'s default).
        public var gridResolution: Int?
        /// A sensitive column whose levels each get their own average curve.
        public var byGroup: String?

        /// The defaults.
        public init() {}
    }

    /// The partial dependence of `predict` on `features` over the rows `x` of `dataset` (encoded by `encoder`), with
    /// `settings`; the average curve of each level of `settings.byGroup` beside it.
    public static func of(x: Tensor, dataset: Dataset, encoder: FeatureEncoder, features: [String], settings: Settings,
                          predict: (Tensor) throws -> [Double]) throws -> (result: PartialDependence, groups: [(level: String, average: [Double])]) {
        let grid = try FeatureGrid(features, x: x, encoder: encoder, resolution: settings.gridResolution,
                                   percentiles: (settings.percentiles.low, settings.percentiles.high))
        let result = try PartialDependence(x: x, grid: grid, individual: settings.kind != .average, predict: predict)
        let groups = try settings.byGroup.map { try byGroup(x: x, grid: grid, groups: try dataset.sensitiveColumn($0), predict: predict) } ?? []
        return (result, groups)
    }
}
