/// Where one feature column lands among the encoded columns: a numeric column is one encoded column, a
/// categorical column the one-hot block of its levels (exactly one 1 per row, or all 0 for a missing or unseen
/// value). Attacks read the blocks so that they never turn a one-hot block into an invalid code.
public struct FeatureBlock: Sendable, Equatable {
    /// The dataset column it encodes.
    public let name: String
    /// Its encoded columns (0-based, half-open).
    public let columns: Range<Int>
    /// Whether it is the one-hot block of a categorical column (else one numeric column).
    public let oneHot: Bool

    /// A block.
    public init(name: String, columns: Range<Int>, oneHot: Bool) {
        self.name = name
        self.columns = columns
        self.oneHot = oneHot
    }
}
