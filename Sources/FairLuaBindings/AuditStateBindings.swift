import Fairness
import LuaHost
import Reports
import Tensors

/// A mergeable audit state held by Lua (`fair.audit_state(path)`).
final class AuditStateObject {
    var state: AuditState
    init(_ state: AuditState) { self.state = state }
}

/// `fair.audit_state(path)` and its methods `:merge`, `:report`, `:save`.
enum AuditStateBindings {
    static func load(_ call: LuaCall) throws -> Int32 {
        call.push(AuditStateObject(try AuditState.load(try call.string(1))), stateClass)
    }

    static let stateClass: LuaClass<AuditStateObject> = {
        LuaClass<AuditStateObject>("AuditState", "A mergeable audit state (fairlua audit --emit-state): counts, histograms, bootstrap replicates.")
            .metamethod("__tostring") { call in
                let s = try call.object(1, AuditStateObject.self, expected: "AuditState").state
                return call.returns("AuditState: \(s.source): \(s.rows) rows, \(s.groups.count) groups")
            }
            .method("merge", "other: AuditState", "Adds another state's rows (same options and columns; returns self).") { o, call in
                try o.state.merge(try call.object(2, AuditStateObject.self, expected: "AuditState").state)
                return call.returnsSelf()
            }
            .method("report", "format: 'text'|'json'|'markdown'|'html'?", returns: "table|string",
                    "The audit report of the rows: a table (the JSON report) or, given a format, its text.") { o, call in
                let audit = try Audit(state: o.state, metric: { try MetricPlugins.metric($0, call.L) })
                guard !call.isNone(2) else { return call.returns(LuaValue(audit.json(file: o.state.source))) }
                return call.returns(audit.rendered(file: o.state.source, format: try ReportFormat(named: try call.string(2))))
            }
            .method("save", "path: string", "Writes the state as JSON (atomically; returns self).") { o, call in
                try AtomicFile.write(try o.state.encoded(), to: try call.string(2))
                return call.returnsSelf()
            }
    }()
}
