import Datasets
import Learning
import Tensors

/// Drops every feature whose association with a sensitive column reaches `threshold` (Cramér's V or the
/// correlation ratio, or mutual information in nats), and says why. Sensitive columns stay as roles:
/// they are never model features in FairLua.
public struct DropProxies {
    /// The association measure: "cramers_v" (Cramér's V / correlation ratio) or "mutual_information".
    public let method: String
    /// Features at or above this association are dropped.
    public let threshold: Double
    /// What the last fit found: feature, sensitive column, value.
    public private(set) var dropped: [(feature: String, sensitive: String, value: Double)] = []

    /// A proxy filter.
    public init(threshold: Double = 0.3, method: String = "cramers_v") throws {
        guard method == "cramers_v" || method == "mutual_information" else {
            throw FairnessError.invalid("DropProxies: method must be 'cramers_v' or 'mutual_information', got '\(method)'")
        }
        guard threshold >= 0 else { throw FairnessError.invalid("DropProxies: threshold must be ≥ 0") }
        self.method = method
        self.threshold = threshold
    }

    /// Finds the proxies of `ds`.
    public mutating func fit(_ ds: Dataset) throws {
        let bias = try DataBias(ds)
        var seen = Set<String>()
        dropped = []
        for p in bias.proxies {
            let value = method == "cramers_v" ? p.association : p.mutualInformation
            if value >= threshold && seen.insert(p.feature).inserted { dropped.append((p.feature, p.sensitive, value)) }
        }
    }

    /// `ds` without the proxies found by `fit`.
    public func transform(_ ds: Dataset) throws -> Dataset { try ds.dropping(dropped.map(\.feature)) }
}

extension DropProxies: Preprocessor {
    /// Proxy features are dropped.
    public var changesFeatures: Bool { true }
    /// Nothing else changes: a model trained without the proxies reads rows that still have them.
    public var onlyDropsColumns: Bool { true }
}
