import Explain
import Fairness
import Tensors

/// A result that prints itself: `description` is the text a terminal shows (`print(r)` in Lua), `json` the form
/// machines read (`r:to_json()`, `r:result()`). Every result type of the library conforms, so a front end binds
/// them all with one builder.
public protocol ResultValue: CustomStringConvertible {
    /// The result as a JSON document.
    var json: JSONValue { get }
}

extension RankedListFairness: ResultValue {}
extension Comparison: ResultValue {}
extension ClassComparison: ResultValue {}

extension RegressionFairness: ResultValue {
    /// The summary lines and the table.
    public var description: String { text }
}

extension ClarifyBias: ResultValue {
    /// Each facet value's measures.
    public var description: String { text }
}

extension OcclusionImportance: ResultValue {
    /// The heading and the table of drops.
    public var description: String { text }
}

extension SHAPImportance: ResultValue {
    /// The heading, the table of mean |SHAP| and the notes.
    public var description: String { text }
}

extension DataBias: ResultValue {
    /// The label bias and proxy tables.
    public var description: String { text }
}

extension Detection: ResultValue {
    /// The findings, then the data and model sections.
    public var description: String { text }
}

extension ClassDetection: ResultValue {
    /// The findings, then class balance and the model by group.
    public var description: String { text }
}

extension ScanRequest.Result: ResultValue {
    /// The scan's summary and its subgroups.
    public var description: String { text }
}

extension FairnessCheck: ResultValue {
    /// The summary, the table of ratios and the verdict.
    public var description: String { text }
}

extension Disparities: ResultValue {
    /// The summary, the disparities and the parity determinations.
    public var description: String { text }
}
