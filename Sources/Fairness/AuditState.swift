import FoundationEssentials

/// The sufficient statistics of an audit (`fairlua audit --emit-state`): per group the confusion counts, their
/// weighted sums, log-loss and Brier sums and a score histogram per label (with a score column), and `B` Poisson
/// bootstrap replicates of the weighted cells. Its size depends on groups × buckets × B, never on rows. Merging
/// is exact, associative and commutative (integers, and weights in fixed point: `FixedPoint`), so the report of
/// merged shards equals the report of one pass over all rows, to the last digit. Schema: README, "Sharded audits".
public struct AuditState: Equatable, Sendable {
    /// The `format` field of a state file.
    public static let format = "fairlua.audit-state"
    /// The schema version this build writes and reads.
    public static let version = 1

    /// One group's statistics: cells are indexed `2 × label + decision` (tn, fp, fn, tp).
    public struct Group: Equatable, Sendable {
        /// The group's value in each sensitive column.
        public var values: [String]
        /// Rows per cell.
        public var counts: [Int]
        /// Summed weights per cell (`FixedPoint` units; equal to the counts without a weight column).
        public var weighted: [Int128]
        /// Weighted log-loss and Brier sums (units), with a score column; else empty.
        public var loss: [Int128]
        /// Weighted score histogram, label 0's buckets then label 1's (units), with a score column; else empty.
        public var histogram: [Int128]
        /// Replicate r's weighted cells at `4r + cell` (units): each row counted k ~ Poisson(1) times.
        public var replicates: [Int128]

        /// The confusion matrix of the cells `cells` (4 weighted sums in units) with the row counts `n`.
        static func confusion(counts n: [Int], weighted w: ArraySlice<Int128>) -> ConfusionCounts {
            var c = ConfusionCounts()
            let w = Array(w)
            c.tn = n[0]; c.fp = n[1]; c.fn = n[2]; c.tp = n[3]
            c.wtn = FixedPoint.value(w[0]); c.wfp = FixedPoint.value(w[1]); c.wfn = FixedPoint.value(w[2]); c.wtp = FixedPoint.value(w[3])
            return c
        }

        /// The group's confusion matrix.
        public var confusion: ConfusionCounts { Group.confusion(counts: counts, weighted: weighted[...]) }
    }

    /// What a label or decision column held: positive and negative rows, and the smallest distinct values (for messages).
    public struct Tally: Equatable, Sendable, Codable {
        /// Rows read as 1 and as 0.
        public var positive = 0, negative = 0
        /// The smallest distinct values as written (byte order), at most `shown`.
        public var values: [String] = []
        /// Whether there were more distinct values than `values`.
        public var more = false
        /// How many distinct values are kept.
        static let shown = 12

        /// Both tallies' rows and values (the smallest of the union, so any merge order gives the same list).
        func merged(_ other: Tally) -> Tally {
            var t = Tally(positive: positive + other.positive, negative: negative + other.negative)
            let all = Array(Set(values + other.values)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            t.values = Array(all.prefix(Tally.shown))
            t.more = more || other.more || all.count > Tally.shown
            return t
        }

        /// `'0', '2'` (with `…` when there were more).
        var valuesFound: String { values.map { "'\($0)'" }.joined(separator: ", ") + (more ? ", …" : "") }
    }

    /// The audit's options (everything but how the file was read).
    public var options: Audit.Options
    /// The column names of the data, in file order (the bootstrap hashes fields in this order).
    public var columns: [String]
    /// The data's name, shown in reports (`mixedSource` once states of differently named data are merged).
    public var source: String
    /// The name of merged data whose shards had different names (independent of the merge order).
    public static let mixedSource = "merged audit states"
    /// What the label and decision columns held.
    public var label: Tally, decision: Tally
    /// Groups sorted by their values.
    public var groups: [Group]

    /// The rows counted.
    public var rows: Int { groups.reduce(0) { $0 + $1.counts.reduce(0, +) } }

    /// Adds `other`'s rows: the same options and columns are required, and a difference is named.
    public mutating func merge(_ other: AuditState) throws {
        if let (name, a, b) = options.firstDifference(other.options) {
            throw FairnessError.invalid("cannot merge audit states made with different \(name): \(a) vs \(b)")
        }
        guard columns == other.columns else {
            throw FairnessError.invalid("cannot merge audit states of data with different headers: \(columns.joined(separator: ",")) vs \(other.columns.joined(separator: ","))")
        }
        if other.source != source { source = AuditState.mixedSource }
        label = label.merged(other.label)
        decision = decision.merged(other.decision)
        var merged: [Group] = []
        merged.reserveCapacity(groups.count + other.groups.count)
        var i = 0, j = 0
        while i < groups.count || j < other.groups.count {
            if j == other.groups.count || (i < groups.count && groups[i].values.lexicographicallyPrecedes(other.groups[j].values)) {
                merged.append(groups[i]); i += 1
            } else if i == groups.count || other.groups[j].values.lexicographicallyPrecedes(groups[i].values) {
                merged.append(other.groups[j]); j += 1
            } else {
                var g = groups[i]
                let o = other.groups[j]
                g.counts = try FixedPoint.add(g.counts, o.counts)
                g.weighted = try FixedPoint.add(g.weighted, o.weighted)
                g.loss = try FixedPoint.add(g.loss, o.loss)
                g.histogram = try FixedPoint.add(g.histogram, o.histogram)
                g.replicates = try FixedPoint.add(g.replicates, o.replicates)
                merged.append(g)
                i += 1; j += 1
            }
        }
        groups = merged
    }

    /// The merge of `states` in the order given (any order gives the same result); zero states is an error.
    public static func merged(_ states: [AuditState]) throws -> AuditState {
        guard var all = states.first else { throw FairnessError.invalid("merge: no audit states given (give one or more state files)") }
        for s in states.dropFirst() { try all.merge(s) }
        return all
    }

    /// Refuses a label or decision column with no positive value or only positive values (the audit of a misread file).
    func checkColumns() throws {
        for (tally, column, rule) in [(label, options.label, "--positive \(options.positive.sorted().joined(separator: ","))"),
                                      (decision, options.prediction, options.threshold.map { "score >= \(Rules.format($0))" }
                                        ?? "--prediction-positive \(options.decisionPositives.written.joined(separator: ","))")] {
            if tally.positive == 0 {
                throw FairnessError.invalid("\(source): column '\(column)': no value is positive (\(rule)); values found: \(tally.valuesFound)")
            }
            if tally.negative == 0 {
                throw FairnessError.invalid("\(source): column '\(column)': every value is positive (\(rule)); values found: \(tally.valuesFound)")
            }
        }
    }
}

/// Sums of weights and losses in fixed point: 52 fractional bits in a 128-bit integer. Each row's value is rounded
/// once to a multiple of 2^-52 when it is counted; after that every sum is an integer sum, exact in any order.
public enum FixedPoint {
    /// 1.0 in units.
    public static let one: Int128 = 1 << 52

    /// `x` (finite, 0 ≤ x ≤ 2^70) in units, rounded to nearest.
    @inline(__always) public static func units(_ x: Double) -> Int128 {
        let scaled = (x * 4_503_599_627_370_496.0).rounded()
        return scaled < 9.2e18 ? Int128(Int64(scaled)) : Int128(scaled)
    }

    /// The number `u` units stand for.
    public static func value(_ u: Int128) -> Double { Double(u) / 4_503_599_627_370_496.0 }

    /// Element-wise sums of counts or units; an overflow is an error, never a wrap.
    static func add<T: FixedWidthInteger>(_ a: [T], _ b: [T]) throws -> [T] {
        guard a.count == b.count else { throw FairnessError.invalid("cannot merge audit states: their array sizes differ") }
        return try zip(a, b).map { x, y in
            let (s, overflow) = x.addingReportingOverflow(y)
            if overflow { throw FairnessError.invalid("cannot merge audit states: a count or weighted sum overflows") }
            return s
        }
    }
}
