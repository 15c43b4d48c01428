import Datasets

/// `fair.scan`'s request: which method, over which features of a dataset, with which settings; `run` codes the
/// features and runs the scan on the dataset's labels and the model's probabilities or decisions.
public struct ScanRequest: Sendable {
    /// The search.
    public enum Method: String, Sendable, CaseIterable {
        /// Every conjunction of up to `depth` values, tested (`SubgroupScan`).
        case exhaustive
        /// AIF360's MDSS bias scan of the probabilities (`MDSSScan`).
        case mdss
    }

    /// A scan's result.
    public enum Result: Sendable {
        /// The exhaustive scan's subgroups.
        case exhaustive(SubgroupScan)
        /// MDSS's subgroup and score.
        case mdss(MDSSScan)
    }

    /// The method.
    public var method = Method.exhaustive
    /// The feature columns searched.
    public var features: [String]
    /// Quantile bins of numeric features.
    public var bins = 4
    /// Most levels a categorical feature may have.
    public var maxLevels = 50
    /// Decision threshold on the probabilities (when no decisions are given).
    public var cutoff = 0.5
    /// Settings of the exhaustive scan.
    public var exhaustive = SubgroupScan.Options()
    /// Settings of the MDSS scan.
    public var mdss = MDSSScan.Options()

    /// A request over `features` with the defaults.
    public init(features: [String]) { self.features = features }

    /// Scans `dataset` (its labels) with the probabilities `scores` and/or the 0/1 `decisions` (default scores ≥ cutoff);
    /// `metric` ranks the exhaustive scan.
    public func run(_ dataset: Dataset, scores: [Double]?, decisions: [Double]?, metric: Metric) throws -> Result {
        let features = try ScanFeatures(dataset, columns: features, bins: bins, maxLevels: maxLevels)
        let labels = try dataset.labels()
        for (name, v) in [("scores", scores), ("y_pred", decisions)] {
            if let v, v.count != labels.count { throw FairnessError.lengthMismatch(name, v.count, "dataset rows", labels.count) }
        }
        switch method {
        case .mdss:
            guard let scores else { throw FairnessError.invalid("scan: method 'mdss' scans probabilities: give model = … or scores = …") }
            return .mdss(try MDSSScan(features: features, observations: labels.map { UInt8(truncatingIfNeeded: $0) }, expectations: scores, options: mdss))
        case .exhaustive:
            guard let decided = decisions ?? scores?.map({ $0 >= cutoff ? 1 : 0 }) else {
                throw FairnessError.invalid("scan: give model = …, scores = … or y_pred = … to scan")
            }
            let data = try Predictions(yTrue: labels.map(Double.init), yPred: decided, score: scores)
            return .exhaustive(try SubgroupScan(features: features, data: data, metric: metric, options: exhaustive))
        }
    }
}
