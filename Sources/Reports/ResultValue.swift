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

/// A result whose printed form is its rendered `text` (summary lines, then its tables).
public protocol TextRendered: CustomStringConvertible {
    /// The text a terminal shows.
    var text: String { get }
}

extension TextRendered {
    /// The rendered text.
    public var description: String { text }
}

extension RankedListFairness: ResultValue {}
extension Comparison: ResultValue {}
extension ClassComparison: ResultValue {}
extension RegressionFairness: ResultValue, TextRendered {}
extension ClarifyBias: ResultValue, TextRendered {}
extension OcclusionImportance: ResultValue, TextRendered {}
extension SHAPImportance: ResultValue, TextRendered {}
extension DataBias: ResultValue, TextRendered {}
extension Detection: ResultValue, TextRendered {}
extension ClassDetection: ResultValue, TextRendered {}
extension ScanRequest.Result: ResultValue, TextRendered {}
extension FairnessCheck: ResultValue, TextRendered {}
extension Disparities: ResultValue, TextRendered {}
