import Datasets

/// Fair re-ranking as a post-processor: of the rows scored together, the top `share` are selected after a fair
/// re-ranking of the model's scores (`FairRanking`: Geyik et al. 2019's deterministic re-rankers, AIF360's
/// `DeterministicReranking`, or exposure parity, Singh & Joachims 2018), so that every prefix of the shortlist gives
/// each group its training share of the rows. Fitting learns those target shares and, unless `share` is given, the
/// share of training rows the scores select at 0.5, so the shortlist is as long as the model's own selection.
/// A row's decision depends on the other rows ranked with it: the method decides batches, and has no per-row model.
public struct RankedSelection: CustomStringConvertible {
    /// The share of the rows to select (nil: learned by `fit`).
    public let share: Double?
    /// The re-ranking algorithm.
    public let ranker: FairRanking.Method
    /// Each group's target share (its share of the training rows), after `fit`.
    public private(set) var target: [String: Double] = [:]
    /// The share of each batch's rows selected, after `fit`.
    public private(set) var selected = Double.nan

    /// A selection of `share` of the rows (in (0, 1]; nil: the scores' own share at 0.5 on the training rows).
    public init(share: Double? = nil, ranker: FairRanking.Method = FairRanking.defaultMethod) throws {
        if let share, !(share > 0 && share <= 1) { throw FairnessError.invalid("RankedSelection: share must be in (0, 1], got \(share)") }
        self.share = share
        self.ranker = ranker
    }

    /// The target shares and the selected share, then the ranker.
    public var description: String {
        guard !target.isEmpty else { return "RankedSelection(\(ranker.rawValue)) (not fitted)" }
        let shares = target.keys.sorted().map { "\($0) \(TextTable.format(target[$0] ?? 0))" }.joined(separator: ", ")
        return "RankedSelection(\(ranker.rawValue)): the top \(TextTable.format(selected)) of each batch, target shares \(shares)"
    }
}

extension RankedSelection: Postprocessor {
    /// Learns each group's share of the training rows, and the share to select.
    public mutating func fit(scores: [Double], labels: [Double], groups: GroupIndex) throws {
        guard scores.count == groups.rowCount else { throw FairnessError.lengthMismatch("scores", scores.count, "sensitive", groups.rowCount) }
        guard !scores.isEmpty else { throw FairnessError.invalid("RankedSelection: no rows to fit on") }
        target = Dictionary(uniqueKeysWithValues: zip(groups.names, try FairRanking.target(nil, groups: groups)))
        selected = share ?? Double(scores.filter { $0 >= 0.5 }.count) / Double(scores.count)
    }

    /// 1 for the rows of the fair shortlist of these rows, 0 for the others; a group not seen when fitting is an error.
    public func probabilities(scores: [Double], groups: GroupIndex) throws -> [Double] {
        guard !target.isEmpty else { throw FairnessError.invalid("RankedSelection: call fit first") }
        guard scores.count == groups.rowCount else { throw FairnessError.lengthMismatch("scores", scores.count, "sensitive", groups.rowCount) }
        if let unseen = groups.names.first(where: { target[$0] == nil }) {
            throw FairnessError.invalid("RankedSelection: group '\(unseen)' was not seen when fitting; fitted groups: \(target.keys.sorted().joined(separator: ", "))")
        }
        let k = min(scores.count, Int((selected * Double(scores.count)).rounded()))
        var out = [Double](repeating: 0, count: scores.count)
        guard k > 0 else { return out }
        // The targets of the groups present, renormalised to sum to 1.
        let present = groups.names.map { target[$0] ?? 0 }, total = present.reduce(0, +)
        let shares = Dictionary(uniqueKeysWithValues: zip(groups.names, present.map { total > 0 ? $0 / total : 1 / Double(present.count) }))
        for row in try FairRanking(scores: scores, groups: groups, size: k, target: shares, method: ranker).order { out[row] = 1 }
        return out
    }

    /// The shortlist's 0/1 decisions (deterministic; `seed` is not used).
    public func predict(scores: [Double], groups: GroupIndex, seed: UInt64) throws -> [Double] {
        try probabilities(scores: scores, groups: groups)
    }
}
