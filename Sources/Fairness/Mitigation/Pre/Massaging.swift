import Datasets
import Learning
import Tensors

/// Kamiran & Calders' massaging: relabels the M unprivileged negatives with the highest scores as
/// positive and the M privileged positives with the lowest scores as negative, M chosen so that the two
/// base rates become equal (within one row).
public struct Massaging {
    /// The sensitive column (default the dataset's first).
    public let sensitive: String?
    /// The privileged value (default the group with the highest base rate).
    public let privileged: String?
    /// Labels changed in each direction by the last transform.
    public private(set) var changed = 0

    /// A massager.
    public init(sensitive: String? = nil, privileged: String? = nil) {
        self.sensitive = sensitive
        self.privileged = privileged
    }

    /// `ds` with M labels changed each way.
    public mutating func transform(_ ds: Dataset) throws -> Dataset {
        guard ds.label != nil else { throw FairnessError.invalid("Massaging: the dataset has no label") }
        let (isPrivileged, labels, _) = try Ranker.split(ds, sensitive: sensitive, privileged: privileged)
        let scores = try Ranker.scores(ds)
        let n = Double(ds.count)
        let nP = Double(isPrivileged.filter { $0 }.count), nU = n - nP
        let posP = Double(zip(isPrivileged, labels).filter { $0.0 && $0.1 == 1 }.count)
        let posU = Double(zip(isPrivileged, labels).filter { !$0.0 && $0.1 == 1 }.count)
        let m = max(0, Int(((posP * nU - posU * nP) / n).rounded()))
        let promote = (0..<ds.count).filter { !isPrivileged[$0] && labels[$0] == 0 }.sorted { scores[$0] > scores[$1] }.prefix(m)
        let demote = (0..<ds.count).filter { isPrivileged[$0] && labels[$0] == 1 }.sorted { scores[$0] < scores[$1] }.prefix(m)
        var newLabels = labels
        for i in promote { newLabels[i] = 1 }
        for i in demote { newLabels[i] = 0 }
        changed = min(promote.count, demote.count)
        return try ds.relabeled(newLabels.map { $0 == 1 })
    }
}

extension Massaging: Preprocessor {
    /// Massaging relabels training rows.
    public var changesFeatures: Bool { false }
}
