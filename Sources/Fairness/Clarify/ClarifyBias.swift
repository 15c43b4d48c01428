import Datasets

/// A SageMaker Clarify bias report (smclarify's `bias_report`): for each facet selection, every measure of one
/// stage of `ClarifyMeasure.all` with its value, or the reason Clarify could not compute it.
public struct ClarifyBias: Sendable {
    /// One measure's outcome (Clarify's MetricResult / MetricError).
    public struct Result: Sendable {
        /// Clarify's abbreviation.
        public let name: String
        /// Clarify's description.
        public let description: String
        /// The value (NaN when `error` says why there is none).
        public let value: Double
        /// Why the measure is undefined here, or nil.
        public let error: String?
    }

    /// The measures of one facet selection against the rest of the rows.
    public struct Facet: Sendable {
        /// Clarify's `value_or_threshold` ("Female", or "(40, inf)").
        public let valueOrThreshold: String
        /// Rows in the facet (d) and in the rest (a).
        public let size: Int, restSize: Int
        /// The stage's measures, in Clarify's order.
        public let metrics: [Result]
    }

    /// Before or after training.
    public let stage: ClarifyMeasure.Stage
    /// The facet column, the label column and the group variable (nil: none).
    public let facet: String, label: String, group: String?
    /// The label selection as Clarify writes it (">50K").
    public let labelValues: String
    /// Rows.
    public let rows: Int
    /// One entry per facet selection (each value of the facet in turn when no selection was given).
    public let facets: [Facet]
    /// The numeric features the flip test used (post-training).
    public let features: [String]
    /// The stage's measures left out because they read every row (a report from counts alone).
    public let leftOut: [String]

    /// Measures `stage` on `dataset` for facet column `facet` (nil: the first sensitive column) selected by `facetValues`
    /// (nil: each value against the rest), labels selected by `labelValues` (nil: the dataset's positive labels), and,
    /// after training, `predictions` (0/1, or scores ≥ `probabilityThreshold` are positive). `group` names the group
    /// variable of CDDL / CDDPL; `features` the numeric columns of the flip test (nil: every numeric column but the
    /// label and the facet); `methods` limits the measures (Clarify's `methods`, nil: all of the stage).
    public init(_ dataset: Dataset, stage: ClarifyMeasure.Stage, facet: String? = nil, facetValues: ClarifySelection? = nil,
                labelValues: ClarifySelection? = nil, predictions: [Double]? = nil, probabilityThreshold: Double = 0.5,
                group: String? = nil, features: [String]? = nil, methods: [String]? = nil) throws {
        guard let facet = facet ?? dataset.sensitive.first else {
            throw FairnessError.invalid("clarify: name the facet column (facet=); the dataset has no sensitive column")
        }
        guard let label = dataset.label else { throw FairnessError.invalid("clarify: the dataset has no label column (give label= when loading)") }
        guard dataset.count > 0 else { throw FairnessError.invalid("clarify: the dataset has no rows") }
        let facetColumn = try dataset.column(facet)
        let labels: [UInt8] = try labelValues.map { try $0.rows(of: try dataset.column(label), named: label, requireRest: false).map { $0 ? 1 : 0 } }
            ?? dataset.labels().map { $0 == 1 ? 1 : 0 }
        let predicted = try Self.decisions(predictions, stage: stage, rows: dataset.count, threshold: probabilityThreshold)
        let strata = try group.map { name in
            let c = Dataset.categories(try dataset.column(name))
            return try GroupIndex(features: [(name, c.levels, c.codes)])
        }
        let measures = try Self.measures(stage, methods)
        let featureNames = stage == .preTraining ? [] : try features ?? dataset.table.names.indices.filter {
            if case .numeric = dataset.table.columns[$0] { return true } else { return false }
        }.map { dataset.table.names[$0] }.filter { $0 != label && $0 != facet }
        var matrix = [Double](repeating: 0, count: dataset.count * featureNames.count)
        for (c, name) in featureNames.enumerated() {
            guard case let .numeric(values) = try dataset.column(name) else {
                throw FairnessError.invalid("clarify: the flip test needs numeric features; '\(name)' is categorical")
            }
            for i in values.indices { matrix[i * featureNames.count + c] = values[i] }
        }
        let selections = try facetValues.map { [$0] } ?? ClarifySelection.each(of: facetColumn, named: facet)
        self.facets = try selections.map { selection in
            let inside = try selection.rows(of: facetColumn, named: facet, requireRest: true)
            let sample = ClarifySample(facet: inside, labels: labels, predicted: predicted, groups: strata, features: matrix, width: featureNames.count)
            return Facet(valueOrThreshold: selection.description, size: sample.d.n, restSize: sample.a.n, metrics: Self.results(measures, sample))
        }
        self.stage = stage
        self.facet = facet
        self.label = label
        self.group = group
        self.labelValues = labelValues?.description ?? dataset.positive.sorted().joined(separator: ",")
        self.rows = dataset.count
        self.features = featureNames
        leftOut = []
    }

    /// Measures `stage` from counts alone (what a streamed audit has): for facet column `facet` (labels `label`,
    /// selected as `labelValues` says, of `rows` rows), each facet value with its side's counts and the rest's.
    /// The measures that read every row (`ClarifyMeasure.readingRows`) are left out, and named in `leftOut`.
    public init(counts facets: [(value: String, d: ConfusionCounts, a: ConfusionCounts)], stage: ClarifyMeasure.Stage, facet: String,
                label: String, labelValues: String, rows: Int) {
        let measures = ClarifyMeasure.catalogue(stage).filter { !ClarifyMeasure.readingRows.contains($0.name) }
        self.facets = facets.map { f in
            let sample = ClarifySample(a: f.a, d: f.d, postTraining: stage == .postTraining)
            return Facet(valueOrThreshold: f.value, size: sample.d.n, restSize: sample.a.n, metrics: Self.results(measures, sample))
        }
        (self.stage, self.facet, self.label, group, self.labelValues, self.rows, features) = (stage, facet, label, nil, labelValues, rows, [])
        leftOut = ClarifyMeasure.catalogue(stage).map(\.name).filter { ClarifyMeasure.readingRows.contains($0) }
    }

    /// Each measure's value on `sample`, or why Clarify cannot compute it there.
    static func results(_ measures: [ClarifyMeasure], _ sample: ClarifySample) -> [Result] {
        measures.map { m in
            do { return Result(name: m.name, description: m.description, value: try m.value(sample), error: nil) } catch {
                return Result(name: m.name, description: m.description, value: .nan, error: "\(error)")
            }
        }
    }

    /// The 0/1 predicted labels of a post-training report (an error before training, for NaN, or with no positive one).
    static func decisions(_ predictions: [Double]?, stage: ClarifyMeasure.Stage, rows: Int, threshold: Double) throws -> [UInt8]? {
        guard stage == .postTraining else {
            if predictions != nil { throw FairnessError.invalid("clarify: pre-training measures read the labels; predictions are for posttraining") }
            return nil
        }
        guard let predictions else { throw FairnessError.invalid("clarify: post-training measures need predictions") }
        guard predictions.count == rows else { throw FairnessError.lengthMismatch("predictions", predictions.count, "dataset", rows) }
        guard threshold > 0 && threshold < 1 else { throw FairnessError.invalid("probability_threshold must be in (0, 1), got \(threshold)") }
        if let bad = predictions.firstIndex(where: { !$0.isFinite }) { throw FairnessError.invalid("prediction \(bad + 1) is not a number") }
        let out: [UInt8] = predictions.map { $0 >= threshold ? 1 : 0 }
        guard out.contains(1) else { throw FairnessError.invalid("clarify: no predicted label is positive (Clarify needs at least one)") }
        return out
    }

    /// The measures of `stage`, limited to `methods` (an unknown name lists the stage's measures).
    static func measures(_ stage: ClarifyMeasure.Stage, _ methods: [String]?) throws -> [ClarifyMeasure] {
        let all = ClarifyMeasure.catalogue(stage)
        guard let methods, methods != ["all"] else { return all }
        if let unknown = methods.first(where: { m in !all.contains { $0.name == m } }) {
            throw FairnessError.invalid("unknown \(stage.rawValue) measure '\(unknown)'; measures are: \(all.map(\.name).joined(separator: ", "))")
        }
        return all.filter { methods.contains($0.name) }
    }
}
