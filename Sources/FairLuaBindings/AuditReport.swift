import Fairness
import LuaHost

/// `fairlua audit`'s metrics: names resolved in a Lua state, so plugin metrics count (rendering is `Reports`').
public enum AuditReport {
    /// Metrics the audit reports when none are named.
    public static let defaultMetrics = ["selection_rate", "base_rate", "accuracy", "tpr", "fpr", "ppv", "fnr"]

    /// The metric called `name` in `state` (built in or registered by a plugin).
    public static func metric(_ name: String, in state: LuaState) throws -> Metric { try MetricPlugins.metric(name, state.L) }
}
