extension MetricFrame {
    /// What the audit and detection rules flag in this frame: the four-fifths rule on its selection rates
    /// (when it has a `selection_rate` column), so a frame's report never says "no findings" at a ratio of 0.63.
    public var findings: [Finding] {
        guard let k = metrics.firstIndex(where: { $0.name == "selection_rate" }) else { return [] }
        return Rules.fourFifths(byGroup.map { $0[k] }, groups.names).map { [$0] } ?? []
    }

    /// The metrics whose every group value is a rate in [0, 1] (or NaN): those can share one chart axis;
    /// counts and unbounded metrics (`count`, `log_loss`, `mae`) belong in the table.
    public var rateColumns: [Int] {
        metrics.indices.filter { k in byGroup.allSatisfy { $0[k].isNaN || (0...1).contains($0[k]) } && metrics[k].name != "count" }
    }
}
