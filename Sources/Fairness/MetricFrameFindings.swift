extension MetricFrame {
    /// What the audit and detection rules flag in this frame: the four-fifths rule on its selection rates (when it
    /// has a `selection_rate` column) over the groups of at least min_group_size (30) rows, so a frame's report never
    /// says "no findings" at a ratio of 0.63, nor raises one on a handful of rows.
    public var findings: [Finding] { review.findings }

    /// What the findings leave out, as in `fair.detect` and the audit: groups below min_group_size, and a
    /// "no finding" the groups are too small to support (underpowered).
    public var findingNotes: [String] { review.notes }

    /// The findings and their notes, by the rules `Detection` applies.
    var review: (findings: [Finding], notes: [String]) {
        guard let k = metrics.firstIndex(where: { $0.name == "selection_rate" }) else { return ([], []) }
        let options = Detection.Options.defaults
        var notes: [String] = []
        let keep = Detection.kept(groups.rows().map(\.count), groups.names, options, what: "groups", keeping: nil, notes: &notes)
        let names = keep.map { groups.names[$0] }
        if let f = Rules.fourFifths(keep.map { byGroup[$0][k] }, names) { return ([f], notes) }
        if let y = try? data.binaryLabels(), let p = try? data.binaryDecisions() {
            let per = ConfusionCounts.byGroup(labels: y, decisions: p, groups: groups.codes, groupCount: groups.count, weights: nil)
            if let note = try? Detection.underpowered("groups", keep.map { per[$0] }, names, options) { notes.append(note) }
        }
        return ([], notes)
    }

    /// The metrics whose every group value is a rate in [0, 1] (or NaN): those can share one chart axis;
    /// counts and unbounded metrics (`count`, `log_loss`, `mae`: `Metric.isUnbounded`) belong in the table,
    /// even when their values happen to lie in [0, 1].
    public var rateColumns: [Int] {
        metrics.indices.filter { k in Metrics.chartsAsRate(metrics[k], byGroup.map { $0[k] }) }
    }
}
