import Datasets
import LuaHost
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
    var htmlFragment: String { ReportBindings.report(self, script: notebookScript)?.htmlFragment ?? "" }
}

// What `report.html` accepts: each box hands over its result and the datasets behind it.

extension MetricFrameObject: ReportHolder {
    var reportable: any Reportable { MetricFrameReport(frame, intervals: intervals) }
    var datasets: [Dataset] { [] }
}

extension DetectionObject: ReportHolder {
    var reportable: any Reportable { detection }
    var datasets: [Dataset] { data }
}

extension ComparisonObject: ReportHolder {
    var reportable: any Reportable { comparison }
    var datasets: [Dataset] { [] }
}

extension SweepObject: ReportHolder {
    var reportable: any Reportable { sweep }
    var datasets: [Dataset] { [] }
}

extension SHAPObject: ReportHolder {
    var reportable: any Reportable { value }
    var datasets: [Dataset] { data }
}

extension ClassDetectionObject: ReportHolder {
    var reportable: any Reportable { detection }
    var datasets: [Dataset] { [] }
}

extension VerdictBox: ReportHolder where Value: Reportable {
    var reportable: any Reportable { value }
    var datasets: [Dataset] { [data] }
}

extension Boxed: ReportHolder where Value: Reportable {
    /// The boxed result.
    public var reportable: any Reportable { value }
    /// None: a boxed value keeps no dataset.
    public var datasets: [Dataset] { [] }
}
