import Datasets
import Learning
import Tensors

/// Inferred group membership (OxonFair's `inferred_groups`, Delaney et al. 2024): when the sensitive attribute
/// is unavailable at prediction time, a classifier of the group from the other features (logistic regression
/// by default; one vs rest for more than two groups) assigns each row the group whose threshold it gets: the
/// most probable one.
public struct GroupClassifier {
    /// The untrained estimator each group's model copies.
    public let template: any WeightedFitting
    /// The groups, as the sensitive column names them (after `fit`).
    public private(set) var names: [String] = []
    /// The sensitive column.
    public private(set) var sensitive = ""
    /// The encoder of the other features, and one model per group (one for two groups: P(second group)).
    var encoder: FeatureEncoder?
    var models: [any WeightedFitting] = []

    /// A classifier copying `template` (logistic regression when nil).
    public init(template: (any WeightedFitting)? = nil) throws {
        self.template = try template ?? LogisticRegression()
    }

    /// The features of `ds` without its sensitive columns.
    func features(_ ds: Dataset) throws -> Tensor {
        guard let encoder else { throw FairnessError.invalid("GroupClassifier: call fit first") }
        let m = try encoder.transform(ds)
        return try Tensor(shape: [m.rows, m.names.count], storage: m.values)
    }

    /// Trains on `ds`'s features (sensitive columns excluded) to predict its column `sensitive`.
    public mutating func fit(_ ds: Dataset, sensitive: String) throws {
        let truth = try GroupIndex(ds, sensitive: sensitive)
        guard truth.count >= 2 else { throw FairnessError.invalid("GroupClassifier: the column '\(sensitive)' holds a single group") }
        encoder = FeatureEncoder(fitting: ds, includeSensitive: false)
        let x = try features(ds)
        models = try (truth.count == 2 ? [1] : Array(0..<truth.count)).map { g in
            let model = template.blank()
            try model.fit(x, truth.codes.map { $0 == Int32(g) ? 1 : 0 }, weights: nil)
            return model
        }
        names = truth.names
        self.sensitive = sensitive
    }

    /// Each row's most probable group.
    public func predict(_ ds: Dataset) throws -> GroupIndex { try predict(encoded: try features(ds)) }

    /// Each row's most probable group, from rows already encoded as the classifier reads them.
    func predict(encoded x: Tensor) throws -> GroupIndex {
        guard !models.isEmpty else { throw FairnessError.invalid("GroupClassifier: call fit first") }
        let p = try models.map { try $0.predictProbability(x) }
        let codes: [Int32] = (0..<x.shape[0]).map { i in
            if p.count == 1 { return p[0][i] >= 0.5 ? 1 : 0 }
            return Int32(p.indices.max { p[$0][i] < p[$1][i] } ?? 0)
        }
        return try GroupIndex(features: [(sensitive, names, codes)])
    }

    /// Settings: the sensitive column and its groups; parts: the group models (each must be saveable).
    func archive() throws -> EstimatorArchive {
        guard !models.isEmpty else { throw FairnessError.invalid("GroupClassifier: call fit first") }
        let parts = try models.map { model -> EstimatorArchive in
            guard let m = model as? ArchivableEstimator else { throw FairnessError.invalid("GroupClassifier: a \(type(of: model)) cannot be saved") }
            return try m.archive()
        }
        return EstimatorArchive(kind: "GroupClassifier", settings: ["sensitive": .text(sensitive), "groups": .list(names.map { .text($0) })], parts: parts)
    }

    /// The classifier of `archive`, its models decoded by `loader` (it reads encoded rows only: it has no encoder).
    static func unarchive(_ archive: EstimatorArchive, _ loader: EstimatorLoader) throws -> GroupClassifier {
        let names = try (archive.settings["groups"]?.list ?? []).map { v -> String in
            guard let name = v.text else { throw FairnessError.invalid("GroupClassifier: a group name is not text") }
            return name
        }
        guard names.count >= 2, archive.parts.count == (names.count == 2 ? 1 : names.count) else {
            throw FairnessError.invalid("GroupClassifier: \(names.count) groups need \(names.count == 2 ? 1 : names.count) models, got \(archive.parts.count)")
        }
        let models = try archive.parts.map { part -> any WeightedFitting in
            guard let m = try loader.estimator(part) as? any WeightedFitting else { throw FairnessError.invalid("GroupClassifier: a group model of kind \(part.kind) cannot classify groups") }
            return m
        }
        var classifier = try GroupClassifier(template: models[0].blank())
        (classifier.names, classifier.sensitive, classifier.models) = (names, try archive.text("sensitive"), models)
        return classifier
    }
}
