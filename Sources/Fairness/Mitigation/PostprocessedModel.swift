import Datasets
import Learning
import Tensors

/// A post-processor that can be written to a model file with the model it wraps.
public protocol SavablePostprocessor: Postprocessor {
    /// The fitted rules as an archive (kind, settings, tensors); an error before `fit`.
    func archive() throws -> EstimatorArchive
    /// The classifier whose predicted groups choose the rule, when membership is inferred (nil: the sensitive column).
    var inferredGroups: GroupClassifier? { get }
}

extension SavablePostprocessor {
    /// The sensitive column chooses the rule.
    public var inferredGroups: GroupClassifier? { nil }
}

/// A model whose scores a fitted post-processor turns into decisions by each row's group. It reads the encoded
/// features of the model it wraps plus the one-hot blocks of the sensitive columns, so it scores any dataset with
/// the training columns — predictions, evaluation, `fairlua audit --model` — and saves to one file with that model.
public final class PostprocessedModel: RandomizedClassifier, ArchivableEstimator {
    /// The model whose scores are post-processed.
    public let base: Classifier
    /// The fitted post-processor.
    public let postprocessor: any SavablePostprocessor
    /// The encoded columns the base model reads, in its order.
    public let baseColumns: [Int]
    /// The sensitive columns whose groups choose the rule: name, levels and first encoded column of the one-hot block.
    public let groups: [(name: String, levels: [String], start: Int)]
    /// Encoded columns per row.
    public let width: Int
    /// With inferred membership, the group classifier and the encoded columns it reads (then `groups` is empty).
    public let inferred: (classifier: GroupClassifier, columns: [Int])?

    /// Decoders of the saved post-processors by kind.
    static let postprocessors: [String: @Sendable (EstimatorArchive) throws -> any SavablePostprocessor] = [
        "GroupThresholdRules": GroupThresholdRules.unarchive, "EqOdds": EqOddsPostprocessing.unarchive,
        "CalibratedEqOdds": CalibratedEqOdds.unarchive, "RejectOption": RejectOption.unarchive,
    ]

    init(base: Classifier, postprocessor: any SavablePostprocessor, baseColumns: [Int], groups: [(name: String, levels: [String], start: Int)], width: Int,
         inferred: (classifier: GroupClassifier, columns: [Int])? = nil) throws {
        let fits = { (c: Int) in c >= 0 && c < width }
        guard baseColumns.allSatisfy(fits), groups.allSatisfy({ $0.start >= 0 && $0.start + $0.levels.count <= width }),
              groups.isEmpty == (inferred != nil), inferred?.columns.allSatisfy(fits) ?? true else {
            throw FairnessError.invalid("post-processed model: its columns do not fit rows of \(width) encoded features")
        }
        (self.base, self.postprocessor, self.baseColumns, self.groups, self.width, self.inferred) = (base, postprocessor, baseColumns, groups, width, inferred)
    }

    /// `fitted` (a model that has seen a dataset) post-processed by the fitted `postprocessor` by the groups of
    /// `sensitive` (categorical columns of the model's schema, in the order the post-processor was fitted with; nil:
    /// the schema's first sensitive column): a model that reads the sensitive columns besides the model's features.
    public static func wrapping(_ fitted: FittedModel, _ postprocessor: any SavablePostprocessor, sensitive: [String]? = nil) throws -> FittedModel {
        guard let encoder = fitted.encoder else {
            throw FairnessError.invalid("post-processing a model: the model has not seen a dataset (fit or score it on one first)")
        }
        _ = try postprocessor.archive()
        if let classifier = postprocessor.inferredGroups {
            // The groups come from the other features, so the model reads the base model's columns only.
            guard let reads = classifier.encoder, reads.schema == encoder.schema else {
                throw FairnessError.invalid("post-processing a model: the group classifier was fitted on another schema than the model's")
            }
            let blocks = Dictionary(encoder.blocks.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let columns = try reads.blocks.flatMap { b -> [Int] in
                guard let block = blocks[b.name], block.columns.count == b.columns.count else {
                    throw FairnessError.invalid("post-processing a model: the group classifier reads '\(b.name)', which the model does not")
                }
                return Array(block.columns)
            }
            let width = encoder.names.count
            return FittedModel(try PostprocessedModel(base: fitted.estimator, postprocessor: postprocessor, baseColumns: Array(0..<width), groups: [],
                                                      width: width, inferred: (classifier, columns)), encoder: encoder)
        }
        let sensitive = sensitive ?? Array(encoder.schema.sensitive.prefix(1))
        let full = FeatureEncoder(schema: encoder.schema, includeSensitive: true)
        let blocks = Dictionary(full.blocks.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let baseColumns = encoder.blocks.flatMap { blocks[$0.name].map { Array($0.columns) } ?? [] }
        guard !sensitive.isEmpty else { throw FairnessError.invalid("post-processing a model: its schema has no sensitive column; name one (sensitive=)") }
        let groups = try sensitive.map { name -> (name: String, levels: [String], start: Int) in
            guard let block = blocks[name], block.oneHot, let levels = encoder.schema.column(name)?.levels else {
                let categorical = encoder.schema.columns.filter { $0.levels != nil }.map(\.name)
                throw FairnessError.invalid("post-processing a model: '\(name)' is not a categorical column of its schema; categorical columns: \(categorical.joined(separator: ", "))")
            }
            return (name, levels, block.columns.lowerBound)
        }
        return FittedModel(try PostprocessedModel(base: fitted.estimator, postprocessor: postprocessor, baseColumns: baseColumns, groups: groups,
                                                  width: full.names.count), encoder: full)
    }

    /// The base model's scores and the rows' groups from encoded rows; a row with no level of a sensitive column (missing,
    /// or unseen when fitting) is an error.
    func inputs(_ x: Tensor) throws -> (scores: [Double], groups: GroupIndex) {
        guard x.dim == 2, x.shape[1] == width else {
            throw FairnessError.invalid("post-processed model: rows of \(width) encoded features expected, got shape \(x.shape)")
        }
        let rows = x.shape[0]
        let scores = try base.predictProbability(try Self.gather(x, baseColumns))
        if let inferred { return (scores, try inferred.classifier.predict(encoded: try Self.gather(x, inferred.columns))) }
        var codes = groups.map { _ in [Int32](repeating: -1, count: rows) }
        x.storage.withUnsafeBufferPointer { s in
            for i in 0..<rows {
                for (g, group) in groups.enumerated() {
                    for l in group.levels.indices where s[i * width + group.start + l] == 1 { codes[g][i] = Int32(l) }
                }
            }
        }
        return (scores, try GroupIndex(features: zip(groups, codes).map { ($0.name, $0.levels, $1) }, everyCombination: true))
    }

    /// The columns `columns` of the rows of `x` (a matrix whose columns hold every index), in that order.
    static func gather(_ x: Tensor, _ columns: [Int]) throws -> Tensor {
        let (rows, width, count) = (x.shape[0], x.shape[1], columns.count)
        var out = [Float](repeating: 0, count: rows * count)
        x.storage.withUnsafeBufferPointer { s in
            for i in 0..<rows {
                for (j, c) in columns.enumerated() { out[i * count + j] = s[i * width + c] }
            }
        }
        return try Tensor(shape: [rows, count], storage: out)
    }

    /// P(decision = 1) per row.
    public func predictProbability(_ x: Tensor) throws -> [Double] {
        let (scores, groups) = try inputs(x)
        return try postprocessor.probabilities(scores: scores, groups: groups)
    }

    /// 0/1 decisions; randomised rules draw with `seed`.
    public func predict(_ x: Tensor, seed: UInt64) throws -> [Double] {
        let (scores, groups) = try inputs(x)
        return try postprocessor.predict(scores: scores, groups: groups, seed: seed)
    }

    /// Parts: the base model, then the post-processor; settings: the column layout.
    public func archive() throws -> EstimatorArchive {
        guard let archivable = base as? ArchivableEstimator else {
            throw FairnessError.invalid("save: a post-processed model of type \(type(of: base)) cannot be saved")
        }
        let layout: [ModelValue] = groups.map { .object(["name": .text($0.name), "levels": .list($0.levels.map { .text($0) }), "start": .number(Double($0.start))]) }
        var settings: [String: ModelValue] = ["width": .number(Double(width)), "base_columns": .list(baseColumns.map { .number(Double($0)) }),
                                              "groups": .list(layout)]
        var parts = [try archivable.archive(), try postprocessor.archive()]
        if let inferred {
            settings["inferred_columns"] = .list(inferred.columns.map { .number(Double($0)) })
            parts.append(try inferred.classifier.archive())
        }
        return EstimatorArchive(kind: "Postprocessed", settings: settings, parts: parts)
    }

    /// The model of `archive`, its base decoded by `loader`.
    @Sendable public static func unarchive(_ archive: EstimatorArchive, _ loader: EstimatorLoader) throws -> Classifier {
        guard archive.parts.count == 2 || archive.parts.count == 3, let decode = postprocessors[archive.parts[1].kind] else {
            throw FairnessError.invalid("Postprocessed: a model and a known post-processor (\(postprocessors.keys.sorted().joined(separator: ", "))) expected as parts, then an optional group classifier")
        }
        func index(_ v: ModelValue?) throws -> Int {
            guard let d = v?.number, let i = Int(exactly: d), i >= 0 else { throw FairnessError.invalid("Postprocessed: a column index is not a non-negative integer") }
            return i
        }
        let groups = try (archive.settings["groups"]?.list ?? []).map { g -> (name: String, levels: [String], start: Int) in
            guard let o = g.object, let name = o["name"]?.text, let levels = o["levels"]?.list?.compactMap(\.text) else {
                throw FairnessError.invalid("Postprocessed: a group column needs a name and levels")
            }
            return (name, levels, try index(o["start"]))
        }
        return try PostprocessedModel(base: try loader.estimator(archive.parts[0]), postprocessor: try decode(archive.parts[1]),
                                      baseColumns: try archive.indices("base_columns"), groups: groups,
                                      width: try index(archive.settings["width"]),
                                      inferred: archive.parts.count == 3 ? (try GroupClassifier.unarchive(archive.parts[2], loader),
                                                                                try archive.indices("inferred_columns")) : nil)
    }
}

extension PostprocessedModel: NamedEstimator {
    /// `LogisticRegression post-processed by ThresholdOptimizer by sex`.
    public var estimatorName: String {
        // The saved kind names the method (threshold rules keep the name of the method that fitted them).
        let method = (try? postprocessor.archive()).map { $0.kind == "GroupThresholdRules" ? $0.settings["method"]?.text ?? $0.kind : $0.kind }
            ?? "\(type(of: postprocessor))"
        let by = inferred == nil ? "by " + groups.map(\.name).joined(separator: ", ") : "on groups inferred from the features"
        return "\((base as? NamedEstimator)?.estimatorName ?? "\(type(of: base))") post-processed by \(method) \(by)"
    }
}
