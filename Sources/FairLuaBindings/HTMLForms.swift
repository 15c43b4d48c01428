import Reports

// The HTML forms of bound values, for notebooks (`Display.bundle`): each forwards to the renderer in
// Reports. Tensors, TextTables and library results conform there; these are the Lua boxes around them.

/// The provenance's script line in a notebook, where no `arg[0]` names one.
private let notebookScript = "(interactive)"

extension MetricFrameObject: HTMLRenderable {
    /// The frame's report: findings, table, chart of its rates.
    var htmlFragment: String { ReportBindings.report(self, script: notebookScript)?.htmlFragment ?? "" }
}

extension DetectionObject: HTMLRenderable {
    /// `fair.detect`'s report.
    var htmlFragment: String { ReportBindings.report(self, script: notebookScript)?.htmlFragment ?? "" }
}

extension ComparisonObject: HTMLRenderable {
    /// The before-and-after report of a mitigation.
    var htmlFragment: String { ReportBindings.report(self, script: notebookScript)?.htmlFragment ?? "" }
}

extension SweepObject: HTMLRenderable {
    /// The trade-off report of a sweep.
    var htmlFragment: String { ReportBindings.report(self, script: notebookScript)?.htmlFragment ?? "" }
}

extension DataBiasObject: HTMLRenderable {
    /// The data's tables.
    var htmlFragment: String { bias.htmlFragment }
}

extension ImportanceObject: HTMLRenderable {
    /// The ranking and its chart.
    var htmlFragment: String { result.htmlFragment(metric: metric) }
}

extension PartialObject: HTMLRenderable {
    /// The curves' table and chart.
    var htmlFragment: String { result.htmlFragment(feature: feature, groups: groups) }
}

extension DatasetObject: HTMLRenderable {
    /// The summary and the first rows.
    var htmlFragment: String { dataset.htmlFragment }
}

extension ClassDetectionObject: HTMLRenderable {
    /// `fair.detect`'s report on image folders.
    var htmlFragment: String { detection.report(provenance: ReportBindings.provenance(script: notebookScript, data: [])).htmlFragment }
}
